"""/start [payload], /help, /regions, /cancel — in private chats and groups (/start@bot);
/reload for admins only (not advertised in the command menu). /ledger is in ledger.py."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.conversation import wording
from bot.conversation.screens import Button, Screen, build_screen
from bot.conversation.state import Conv
from bot.engine.situation import Situation
from bot.telegram import deeplink, texts
from bot.telegram.deps import deps
from bot.telegram.replies import forget, send_screen

COMMANDS = ("start", "help", "regions", "remind", "reminders", "follow", "stop", "ledger", "cancel")
log = logging.getLogger(__name__)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d = deps(context)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    intro = texts.message("greeting")
    conv = Conv()
    if context.args:
        prefilled = deeplink.decode(d.index, context.args[0])
        if prefilled is None:
            intro = f"{intro}\n{texts.message('bad_link')}"
        else:
            conv = Conv(prefilled)
    screen = build_screen(d.kb, conv, d.clock())
    await send_screen(context, d, message, screen, user.id, text=f"{intro}\n\n{screen.text}")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d = deps(context)
    if update.effective_message is None:
        return
    text = texts.message(
        "help", regions=list(d.kb.regions), years=d.kb.policy_years(), username=context.bot.username
    )
    await update.effective_message.reply_text(text)


async def regions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d = deps(context)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    items = [{"name": rk.name, "aliases": [a for a in rk.aliases if a != rk.name]}
             for rk in d.kb.regions.values()]
    rows = [[Button(wording.button("region", name=name, short=rk.short_name), Conv(Situation(region=name)))]
            for name, rk in d.kb.regions.items()]
    screen = Screen(texts.message("regions", items=items, years=d.kb.policy_years()), rows)
    await send_screen(context, d, message, screen, user.id)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is None or update.effective_user is None:
        return
    forget(deps(context), update.effective_message.chat_id, update.effective_user.id)
    await update.effective_message.reply_text(texts.message("cancelled"))


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-read the knowledge folder; a broken file keeps the last good knowledge serving."""
    d = deps(context)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if user.id not in d.admin_ids or d.reload is None:
        await message.reply_text(texts.message("reload_refused"))
        return
    result = await asyncio.to_thread(d.reload)  # file reads stay off the event loop
    log.info("reload by admin: %s", result.summary().splitlines()[0])
    await message.reply_text(texts.message("reload_result", result=result))
