"""Ledgers (台账) in Telegram: /ledger sends the template; a private chat's document is
computed and sent back filled in; a group's is refused unopened.

Privacy: the file is downloaded into memory only (never to disk), and neither its name, its
caption nor its cells are logged; log lines carry counts and error kinds alone.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback

from telegram import Document, Message, MessageEntity, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.ledger.read import LedgerReadError
from bot.ledger.rows import Defaults
from bot.ledger.write import template_bytes
from bot.telegram import texts
from bot.telegram.deps import Deps, deps
from bot.telegram.handlers.messages import addressed_to_bot
from bot.telegram.ledger_caption import CaptionError, read_caption
from bot.telegram.ledger_reply import MAX_BYTES, Filled, fill, fits_caption, kind_of, limit_mb, refusal_text

log = logging.getLogger(__name__)
AT_ONCE = 2  # ledgers computed at the same time: each is CPU work for a core, and memory
_SLOTS = "ledger_slots"


async def template(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ledger: the template (the same as `python -m bot ledger --template`) and how to fill it."""
    message = update.effective_message
    if message is None:
        return
    d = deps(context)
    caption = texts.ledger("template_caption", regions=list(d.kb.regions), limit_mb=limit_mb())
    await message.reply_document(template_bytes("xlsx"), filename=texts.ledger("template_name"),
                                 caption=caption)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    if message.chat.type != "private":
        # Not downloaded: the bot never holds a ledger shared with a whole group.
        if addressed_to_bot(message, context.bot) or _mentioned_in_caption(message, context.bot.username):
            await message.reply_text(texts.ledger("group_refused", username=context.bot.username))
        return
    reply = await _answer(context, deps(context), message, message.document)
    if isinstance(reply, str):
        await message.reply_text(reply)
        return
    if fits_caption(reply.summary):
        await message.reply_document(reply.data, filename=reply.file_name, caption=reply.summary)
    else:
        caption = texts.ledger("filled_caption")
        await message.reply_document(reply.data, filename=reply.file_name, caption=caption)
        await message.reply_text(reply.summary)


async def _answer(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, message: Message, document: Document
) -> Filled | str:
    """The filled-in ledger, or the message saying why there is none."""
    try:
        kind = kind_of(document.file_name, document.mime_type)
    except LedgerReadError as exc:
        return refusal_text(exc)
    if document.file_size is not None and document.file_size > MAX_BYTES:
        return texts.ledger("too_large", limit_mb=limit_mb())  # refused before downloading
    try:
        defaults = read_caption(d.kb, message.caption, d.clock())
    except CaptionError as exc:
        return exc.text
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError as exc:
        log.warning("ledger download failed: %s", type(exc).__name__)
        return texts.ledger("download_failed")
    if len(data) > MAX_BYTES:
        return texts.ledger("too_large", limit_mb=limit_mb())
    async with _slots(context):
        return await _computed(d, data, kind, defaults, document.file_name)


async def _computed(
    d: Deps, data: bytes, kind: str, defaults: Defaults, file_name: str | None
) -> Filled | str:
    started = time.perf_counter()
    try:
        # A worker thread: a 10,000-row ledger takes seconds, and other residents are waiting.
        filled = await asyncio.to_thread(fill, d.kb, data, kind, defaults, file_name)
    except LedgerReadError as exc:
        log.info("ledger refused: %s", exc.code)
        return refusal_text(exc)
    except Exception as exc:  # a bug: logged without its message, which may quote a cell
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        log.error("ledger failed: %s at %s:%s", type(exc).__name__, frame.filename, frame.lineno)
        return texts.ledger("failed")
    log.info("ledger computed: %s, %d bytes, %.2f s", kind, len(data), time.perf_counter() - started)
    return filled


def _slots(context: ContextTypes.DEFAULT_TYPE) -> asyncio.Semaphore:
    slots = context.application.bot_data.get(_SLOTS)
    if slots is None:
        slots = context.application.bot_data[_SLOTS] = asyncio.Semaphore(AT_ONCE)
    return slots


def _mentioned_in_caption(message: Message, username: str | None) -> bool:
    if not username:
        return False
    mention = f"@{username}".lower()
    mentions = message.parse_caption_entities([MessageEntity.MENTION]).values()
    return any(value.lower() == mention for value in mentions)
