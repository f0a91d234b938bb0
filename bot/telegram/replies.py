"""Sending and editing screens, and remembering a date question on show for typed dates.

The memory (memory.py, bounded) is only a convenience for typing a date instead of
pressing a button: buttons never need it. Replying to the bot's question works without it.
Only a screen that asks for a date is kept (any other screen on show forgets it): that is
all a typed message is checked against, and it is decided once, when the screen is sent,
instead of working the remembered screen out again for every message.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import MaybeInaccessibleMessage, Message
from telegram.error import BadRequest
from telegram.ext import CallbackContext

from bot.conversation.screens import Screen, offer_reminder
from bot.conversation.state import Conv
from bot.telegram.codec import CallbackError
from bot.telegram.deps import REMINDING, Deps
from bot.telegram.keyboards import Keyboard, keyboard

log = logging.getLogger(__name__)


async def send_screen(
    context: CallbackContext,  # type: ignore[type-arg]
    d: Deps,
    message: Message,
    screen: Screen,
    user_id: int,
    text: str | None = None,
) -> Message:
    """Reply to ``message`` with ``screen`` (quoted in groups, as PTB does by default)."""
    screen = _pushing(context, d, screen)
    sent = await message.reply_text(text or screen.text, api_kwargs=keyboard(screen, d.codec, user_id))
    remember(d, message.chat_id, user_id, screen)
    return sent


async def edit_screen(
    context: CallbackContext,  # type: ignore[type-arg]
    d: Deps,
    message: MaybeInaccessibleMessage | None,
    inline_message_id: str | None,
    screen: Screen,
    user_id: int,
    text: str | None = None,
) -> None:
    """Turn the pressed message into ``screen``; send it anew if the old one can't be edited."""
    screen = _pushing(context, d, screen)
    buttons = keyboard(screen, d.codec, user_id)
    body = text or screen.text
    try:
        if inline_message_id is not None:
            await context.bot.edit_message_text(body, inline_message_id=inline_message_id,
                                                api_kwargs=buttons)
        elif message is not None:
            await context.bot.edit_message_text(body, chat_id=message.chat.id,
                                                message_id=message.message_id, api_kwargs=buttons)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        if message is None:
            raise
        log.info("could not edit message %s (%s); sending a new one", message.message_id, exc.message)
        await _send_new(context, message.chat.id, body, buttons)
    if message is not None:  # an inline-mode card belongs to no chat of the bot's
        remember(d, message.chat.id, user_id, screen)


def _pushing(context: CallbackContext, d: Deps, screen: Screen) -> Screen:  # type: ignore[type-arg]
    """``screen`` with the reminder button where one can be kept: only with a store."""
    if context.application.bot_data.get(REMINDING) is None:
        return screen
    return offer_reminder(d.kb, screen, d.clock())


async def _send_new(
    context: CallbackContext,  # type: ignore[type-arg]
    chat_id: int,
    text: str,
    buttons: Keyboard,
) -> None:
    await context.bot.send_message(chat_id, text, api_kwargs=buttons)


def remember(d: Deps, chat_id: int, user_id: int, screen: Screen) -> None:
    if screen.asks_date:
        d.memory.put(chat_id, user_id, d.codec.encode(screen.conv, user_id))
    else:
        d.memory.pop(chat_id, user_id)


def recall(d: Deps, chat_id: int, user_id: int) -> Conv | None:
    """The date question on show to this person, if any."""
    data = d.memory.get(chat_id, user_id)
    with contextlib.suppress(CallbackError):  # signed like a button, outdated like one
        return d.codec.decode(data, user_id).conv if data else None
    return None


def forget(d: Deps, chat_id: int, user_id: int) -> None:
    d.memory.pop(chat_id, user_id)

