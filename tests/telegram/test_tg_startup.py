"""Start-up: only the calls the bot cannot work without (getMe, deleteWebhook or the webhook
set-up) may stop it; setMyCommands failing is logged and tried again in the background.

The first two tests run the real ``Application.run_polling`` (in a thread, as `python -m bot
run` runs it in the main one) against the fake Bot API, which here also serves getUpdates.
"""

from __future__ import annotations

import asyncio
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram.error import NetworkError
from telegram.ext import Application
from tg_fakeapi import TOKEN, FakeBotAPI
from tg_harness import ALICE, TODAY, Bot, user_message

from bot.telegram.app import build_application
from bot.telegram.config import BotConfig
from bot.telegram.retry import RetryPolicy

WAIT = 10.0  # seconds any step may take before the test gives up


async def _no_wait(seconds: float) -> None:
    return None


FAST = RetryPolicy(sleep=_no_wait)  # the per-call retries, without their pauses
SOON = RetryPolicy(attempts=100, backoff=0.05, max_backoff=0.05)  # background tries, 50 ms apart


@dataclass
class PolledBotAPI(FakeBotAPI):
    """The fake Bot API with a getUpdates fed from another thread (long polling, shortened)."""

    updates: queue.SimpleQueue[dict[str, Any]] = field(default_factory=queue.SimpleQueue)
    next_id: int = 1

    def push_message(self, text: str) -> None:
        self.updates.put({"update_id": self.next_id, "message": user_message(text, ALICE, ALICE.id)})
        self.next_id += 1

    async def do_request(self, url: str, method: str, request_data: Any = None, *args: Any,
                         **kwargs: Any) -> tuple[int, bytes]:
        if url.endswith("/getUpdates") and "getUpdates" not in self.failing:
            batch: list[dict[str, Any]] = []
            for _ in range(20):  # up to 0.2 s, like a long poll that ends empty
                while not self.updates.empty():
                    batch.append(self.updates.get())
                if batch:
                    break
                await asyncio.sleep(0.01)
            return 200, json.dumps({"ok": True, "result": batch}).encode()
        return await super().do_request(url, method, request_data, *args, **kwargs)

    def statuses(self, method: str) -> list[int]:
        return [c.status for c in list(self.calls) if c.method == method]


class Running:
    """``app.run_polling()`` in a thread of its own; ``stop()`` ends it as a signal would."""

    def __init__(self, app: Application) -> None:  # type: ignore[type-arg]
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="run_polling", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)  # run_polling takes the thread's loop
        try:
            self.app.run_polling(stop_signals=None, poll_interval=0.0)
        except BaseException as exc:  # handed to the test thread
            self.error = exc

    def stop(self) -> float:
        """Stop the bot; returns the seconds it took."""
        started = time.monotonic()
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.app.stop_running)
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "run_polling did not stop"
        return time.monotonic() - started

    def wait_until(self, condition: Callable[[], bool], what: str) -> float:
        """Seconds until ``condition`` holds; fails if the bot stops first or WAIT passes."""
        started = time.monotonic()
        while not condition():
            if not self.thread.is_alive():
                raise AssertionError(f"the bot stopped before {what}") from self.error
            if time.monotonic() - started > WAIT:
                raise AssertionError(f"no {what} within {WAIT} s")
            time.sleep(0.01)
        return time.monotonic() - started


def _app(kb: Any, api: FakeBotAPI, later: RetryPolicy = SOON) -> Application:  # type: ignore[type-arg]
    return build_application(kb, BotConfig(token=TOKEN), request=api, today=lambda: TODAY, retry=FAST,
                              later=later)


def test_set_my_commands_failing_does_not_stop_the_bot_and_is_tried_again(kb, caplog):
    caplog.set_level(logging.INFO)
    api = PolledBotAPI(failing={"setMyCommands": 500})
    bot = Running(_app(kb, api))
    try:
        api.push_message("/start")
        replied = bot.wait_until(lambda: any(m.chat_id == ALICE.id for m in api.messages.values()),
                                 "reply to /start")
        bot.wait_until(lambda: api.statuses("setMyCommands").count(500) >= 3, "setMyCommands tried again")
        assert api.messages  # answered while the commands could not be set
        api.failing.clear()  # the Bot API recovers
        bot.wait_until(lambda: 200 in api.statuses("setMyCommands"), "setMyCommands once it works")
        tries = len(api.statuses("setMyCommands"))
        time.sleep(0.2)
        assert len(api.statuses("setMyCommands")) == tries  # set: no more tries
    finally:
        stopped = bot.stop()
    assert bot.error is None
    assert "您在哪个地区参保" in api.last_message(ALICE.id).text
    assert api.statuses("setMyCommands")[-1] == 200 and tries >= 4
    lines = [r for r in caplog.records if "setMyCommands" in r.getMessage()]
    failed = [r for r in lines if "failed" in r.getMessage()]
    assert len(failed) == tries - 1  # one line per failed try (no per-call retries under it)
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in lines)
    assert "setMyCommands failed (Internal Server Error); try 2 of 100 in 0 s" in caplog.text
    assert f"setMyCommands succeeded at try {tries} of 100" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert replied < 2.0 and stopped < 2.0


def test_get_me_failing_still_stops_start_up(kb):
    api = PolledBotAPI(failing={"getMe": 500})
    bot = Running(_app(kb, api))
    bot.thread.join(WAIT)
    assert not bot.thread.is_alive()
    assert isinstance(bot.error, NetworkError) and not api.of("setMyCommands")


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


async def test_background_tries_are_bounded_with_backoff(kb, caplog):
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    api = FakeBotAPI(failing={"setMyCommands": 502})
    async with Bot(kb, api, retry=FAST, later=RetryPolicy(attempts=4, backoff=30, max_backoff=60,
                                                          sleep=sleep)) as bot:
        await bot.app.post_init(bot.app)
        await _until(lambda: "gave up" in caplog.text)
        await bot.app.post_stop(bot.app)
    assert len(api.of("setMyCommands")) == 4  # one HTTP call per try: RetryingRequest stands aside
    assert waits == [30, 60, 60]
    assert "setMyCommands failed (Bad Gateway); gave up after 4 tries" in caplog.text


async def test_a_request_the_bot_api_refuses_is_not_tried_again(kb, caplog):
    api = FakeBotAPI(failing={"setMyCommands": 400})
    async with Bot(kb, api, later=RetryPolicy(sleep=_no_wait)) as bot:
        await bot.app.post_init(bot.app)
        await _until(lambda: "not tried again" in caplog.text)
        await bot.app.post_stop(bot.app)
    assert len(api.of("setMyCommands")) == 1


async def test_stopping_cancels_a_try_still_waiting(kb):
    api = FakeBotAPI(failing={"setMyCommands": 500})
    async with Bot(kb, api, retry=FAST, later=RetryPolicy(backoff=3600, max_backoff=3600)) as bot:
        await bot.app.post_init(bot.app)
        await _until(lambda: bool(api.of("setMyCommands")))  # failed once, now waiting an hour
        tasks = [t for t in asyncio.all_tasks() if t.get_name() == "start-up setMyCommands"]
        started = time.monotonic()
        await bot.app.post_stop(bot.app)
        assert time.monotonic() - started < 0.5
    assert len(tasks) == 1 and tasks[0].cancelled()
    assert len(api.of("setMyCommands")) == 1


@pytest.mark.parametrize("stop", ["post_stop", "post_shutdown"])
async def test_both_stop_hooks_cancel(kb, stop):
    """run_polling skips post_stop when start-up fails after post_init; post_shutdown still runs."""
    api = FakeBotAPI(failing={"setMyCommands": 500})
    async with Bot(kb, api, retry=FAST, later=RetryPolicy(backoff=3600, max_backoff=3600)) as bot:
        await bot.app.post_init(bot.app)
        await _until(lambda: bool(api.of("setMyCommands")))
        await getattr(bot.app, stop)(bot.app)
        assert not [t for t in asyncio.all_tasks() if t.get_name() == "start-up setMyCommands"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's, making RetryAfter
async def test_a_flood_wait_is_waited_out_and_the_caller_keeps_its_retries():
    from telegram.error import RetryAfter

    from bot.telegram import retry

    waits: list[float] = []
    outcomes: list[Exception | None] = [RetryAfter(90), None]

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def call() -> None:
        assert retry._SINGLE_TRY.get()  # inside: one HTTP call per try
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    assert await retry.keep_trying("setMyCommands", call, RetryPolicy(backoff=30, sleep=sleep))
    assert waits == [90] and not retry._SINGLE_TRY.get()  # awaited directly: nothing leaks out
