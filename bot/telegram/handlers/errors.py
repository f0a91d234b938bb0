"""Errors: log them (redacted, see logs.py), tell admins in one line, tell the resident politely."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import texts
from bot.telegram.deps import deps

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    kind = type(context.error).__name__
    log.error("error while handling an update: %s", kind, exc_info=context.error)
    if isinstance(update, Update):
        with contextlib.suppress(TelegramError):
            if update.callback_query is not None:
                await update.callback_query.answer(texts.message("sorry"))
            elif update.effective_message is not None and _private(update):
                await update.effective_message.reply_text(texts.message("sorry"))
    for admin in deps(context).admin_ids:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(admin, texts.message("admin_error", kind=kind))


def _private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == "private"
