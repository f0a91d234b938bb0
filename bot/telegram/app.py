"""Build the Application, and run it: polling by default, webhook with a secret token."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Literal

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import clock
from bot.conversation.free_text import Understand, reply_to
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.holder import (
    KnowledgeHolder,
    ReloadResult,
    install_sighup,
    log_automatic_reload,
    watch_folder,
)
from bot.knowledge.lint import lint
from bot.logs import setup_logging
from bot.store import Store, StoreError
from bot.telegram import reminding, texts
from bot.telegram.config import BotConfig, ConfigError
from bot.telegram.deps import KEY, Services
from bot.telegram.handlers import buttons, commands, errors, inline, ledger, messages, remind
from bot.telegram.retry import DEFAULT_RETRY, LATER_RETRY, RetryPolicy, keep_trying, with_retries
from bot.telegram.transport import bot_api_requests
from bot.telegram.updates import SkipMalformedUpdates
from bot.understand import numbers

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 64
DEFAULT_BASE_URL = "https://api.telegram.org/bot"  # PTB's, when TELEGRAM_API_BASE_URL is unset


def build_application(
    kb: KnowledgeBase | Callable[[], KnowledgeBase],
    config: BotConfig,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    today: Callable[[], dt.date] = clock.today,
    understand: Understand = reply_to,
    reload: Callable[[], ReloadResult] | None = None,
    retry: RetryPolicy | None = DEFAULT_RETRY,
    later: RetryPolicy = LATER_RETRY,
    store: Store | None = None,
    now: Callable[[], dt.datetime] = clock.now,
    remind_every: float = 15.0,
    rate_limiter: BaseRateLimiter | Literal["telegram"] | None = "telegram",  # type: ignore[type-arg]
) -> Application:  # type: ignore[type-arg]
    """The bot, ready to initialize.

    ``kb`` is the knowledge, or a function returning the knowledge in use (for reloads);
    ``reload`` re-reads it (the /reload admin command). ``request`` replaces the HTTP layer (tests).
    The bot's own calls are retried on 429, 5xx and timeouts as ``retry`` says (None: never);
    a malformed update in a polled batch is skipped instead of stalling polling. The start-up
    calls it works without (setMyCommands) are made in the background, retried as ``later`` says.
    With a ``store``, reminders and notice alerts are kept in it and sent on the ``now`` clock;
    every call to the Bot API goes through ``rate_limiter`` (Telegram's limits by default).
    """
    # Updates are handled side by side: a reply waiting out a retry (429 retry_after, a slow
    # Bot API) must not hold up every other resident. Nothing is shared between updates
    # (each button carries its whole state), so their order does not matter.
    background = BackgroundCalls(later)
    builder = (
        ApplicationBuilder().token(config.token).concurrent_updates(CONCURRENT_UPDATES)
        .post_init(background.start).post_stop(background.stop)
        # post_stop is skipped when start-up fails after post_init (the webhook cannot be set, say)
        .post_shutdown(background.stop)
    )
    if config.bot_base_url and config.file_base_url:
        builder = builder.base_url(config.bot_base_url).base_file_url(config.file_base_url)
    # aiohttp rather than PTB's httpx unless a SOCKS proxy needs httpx (transport.py says why).
    # Polling retries on its own, so only the calls get retries.
    if request is None:
        calls, polling = bot_api_requests(config.bot_base_url or DEFAULT_BASE_URL)
    else:
        calls = polling = request
    builder = builder.request(with_retries(calls, retry))
    builder = builder.get_updates_request(SkipMalformedUpdates(updates_request or polling))
    if rate_limiter is not None:
        builder = builder.rate_limiter(telegram_limits() if rate_limiter == "telegram" else rate_limiter)
    app = builder.build()
    knowledge = kb if callable(kb) else (lambda: kb)
    app.bot_data[KEY] = Services(knowledge, config.callback_secret, today, understand, config.admin_ids,
                                 reload)
    add_handlers(app)
    if store is not None:
        r = reminding.Reminding(store, now, remind_every)
        app.bot_data[reminding.REMINDING] = r
        init, done = reminding.hooks(r)
        app.post_init, app.post_stop = chain(app.post_init, init), chain(done, app.post_stop)
    return app


def telegram_limits() -> AIORateLimiter:
    """Telegram's limits for bots: about 30 messages a second, 20 a minute in one group. A 429
    is left to the request's own retries (retry.py), which honour its retry_after."""
    return AIORateLimiter(overall_max_rate=30, overall_time_period=1, group_max_rate=20,
                          group_time_period=60, max_retries=0)


def add_handlers(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("help", commands.help_command))
    app.add_handler(CommandHandler("regions", commands.regions))
    app.add_handler(CommandHandler("cancel", commands.cancel))
    app.add_handler(CommandHandler("ledger", ledger.template))
    app.add_handler(CommandHandler("reload", commands.reload))
    app.add_handler(CommandHandler("remind", remind.remind))
    app.add_handler(CommandHandler("reminders", remind.list_reminders))
    app.add_handler(CommandHandler("stop", remind.stop))
    app.add_handler(CommandHandler("follow", remind.follow))
    app.add_handler(CommandHandler("unfollow", remind.unfollow))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, remind.migrated))
    app.add_handler(CallbackQueryHandler(buttons.on_button))
    app.add_handler(InlineQueryHandler(inline.on_inline_query))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
                                   messages.on_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, ledger.on_document))
    app.add_error_handler(errors.on_error)


Hook = Callable[[Application], Awaitable[None]]  # type: ignore[type-arg]
Call = Callable[[], Awaitable[object]]


def cosmetic_calls(app: Application) -> list[tuple[str, Call]]:  # type: ignore[type-arg]
    """Start-up calls the bot works without: a Bot API hiccup must not keep it from starting.
    (What it cannot work without, getMe and the webhook set-up or deleteWebhook, PTB makes
    itself; a failure there still stops start-up.)"""
    menu = [BotCommand(name, texts.message("command_description", name=name)) for name in commands.COMMANDS]
    return [("setMyCommands", lambda: app.bot.set_my_commands(menu))]


class BackgroundCalls:
    """post_init and post_stop hooks: the cosmetic calls run as tasks of their own, retried
    for a while (``keep_trying``); start-up does not wait for them, stopping cancels them."""

    def __init__(self, policy: RetryPolicy = LATER_RETRY) -> None:
        self.policy = policy
        self.tasks: set[asyncio.Task[bool]] = set()  # the loop keeps only weak references

    async def start(self, app: Application) -> None:  # type: ignore[type-arg]
        for name, call in cosmetic_calls(app):
            task = asyncio.create_task(keep_trying(name, call, self.policy), name=f"start-up {name}")
            self.tasks.add(task)
            task.add_done_callback(self._done)

    async def stop(self, app: Application) -> None:  # type: ignore[type-arg]
        tasks = list(self.tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _done(self, task: asyncio.Task[bool]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:  # a bug, not the Bot API
            log.error("%s failed", task.get_name(), exc_info=task.exception())


def install_reload_signal(app: Application, holder: KnowledgeHolder) -> None:  # type: ignore[type-arg]
    """SIGHUP re-reads the knowledge; the result is logged and sent to the admins."""
    loop = asyncio.get_running_loop()
    sending: set[asyncio.Task] = set()  # the loop keeps only weak references to tasks

    def report(result: ReloadResult) -> None:
        log.info("SIGHUP reload: %s", result.summary().splitlines()[0])
        text = texts.message("reload_result", result=result)
        for admin in app.bot_data[KEY].admin_ids:
            task = loop.create_task(app.bot.send_message(admin, text))
            sending.add(task)
            task.add_done_callback(sending.discard)

    install_sighup(holder, report, loop=loop)


def run_bot(kb: KnowledgeBase | KnowledgeHolder) -> int:
    """`python -m bot` with TELEGRAM_BOT_TOKEN set: run until stopped. Returns an exit code.

    ``kb`` is the knowledge, or a holder that /reload and SIGHUP refresh; either way it is
    linted first and the bot refuses to start on any finding.
    """
    try:
        config = BotConfig.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    holder = kb if isinstance(kb, KnowledgeHolder) else None
    problems = lint(holder.kb if holder else kb)  # type: ignore[arg-type]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    secrets = tuple(s for s in (config.token, config.webhook_secret) if s)
    setup_logging(config.log_level, secrets)
    warm_up(holder.kb if holder else kb)  # type: ignore[arg-type]
    try:
        store = Store.open()  # SQLite under YIBAO_DATA_DIR unless YIBAO_DATABASE_URL names another
    except StoreError as exc:
        print(f"reminders storage: {exc}", file=sys.stderr)
        return 2
    if holder is None:
        app = build_application(kb, config, store=store, remind_every=config.remind_every)  # type: ignore[arg-type]
    else:
        app = build_application(lambda: holder.kb, config, reload=holder.reload, store=store,
                                remind_every=config.remind_every)
        init, stop = reloading(holder, config.reload_every)
        app.post_init, app.post_stop = chain(app.post_init, init), chain(stop, app.post_stop)
    try:
        if config.mode == "webhook":
            log.info("starting webhook on %s:%s", config.webhook_listen, config.webhook_port)
            app.run_webhook(
                listen=config.webhook_listen,
                port=config.webhook_port,
                url_path=config.webhook_path,
                webhook_url=config.webhook_url,
                secret_token=config.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            log.info("starting long polling")
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    finally:
        store.close()
    return 0


def warm_up(kb: KnowledgeBase) -> None:
    """Load the understanding step's tables (traditional characters, sounds: ~0.2 s) now,
    not on the first resident's question."""
    reply_to(kb, next(iter(kb.regions)), clock.today())
    numbers.load_cn2an()


def chain(*hooks: Hook | None) -> Hook:
    """One hook running ``hooks`` in turn."""

    async def run(app: Application) -> None:  # type: ignore[type-arg]
        for hook in hooks:
            if hook is not None:
                await hook(app)

    return run


def reloading(holder: KnowledgeHolder, every: float) -> tuple[Hook, Hook]:
    """post_init and post_stop hooks: SIGHUP reloads, and every ``every`` seconds (0: never)
    the knowledge folder is looked at and reloaded if a file changed. Automatic reloads are
    logged, not sent to the admins: with several processes each would send its own."""
    watching: set[asyncio.Task] = set()

    async def init(app: Application) -> None:  # type: ignore[type-arg]
        install_reload_signal(app, holder)
        if every > 0:
            watching.add(asyncio.create_task(watch_folder(holder, every, log_automatic_reload),
                                             name="knowledge-watch"))

    async def stop(app: Application) -> None:  # type: ignore[type-arg]
        for task in watching:
            task.cancel()
        await asyncio.gather(*watching, return_exceptions=True)
        watching.clear()

    return init, stop
