"""Screens' buttons, each signed for the person it belongs to.

A screen's keyboard goes to the Bot API as its plain JSON, through PTB's ``api_kwargs``,
not as InlineKeyboardMarkup objects: building seven frozen PTB objects and turning them
back into JSON cost more than signing the buttons (~0.15 ms of a 2 ms message, measured
with bench/throughput.py). What Telegram receives is the same.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.screens import Button, Screen
from bot.telegram.codec import CallbackCodec

Keyboard = dict[str, Any]  # {"reply_markup": {"inline_keyboard": [[{...}]]}} or {}: api_kwargs


def keyboard(screen: Screen, codec: CallbackCodec, user_id: int) -> Keyboard:
    """``screen``'s buttons as ``api_kwargs`` for sendMessage / editMessageText."""
    rows = [[_button(b, codec, user_id) for b in row] for row in screen.rows if row]
    return {"reply_markup": {"inline_keyboard": rows}} if rows else {}


def _button(b: Button, codec: CallbackCodec, user_id: int) -> dict[str, str]:
    if b.url is not None:
        return {"text": b.label, "url": b.url}
    assert b.target is not None
    return {"text": b.label, "callback_data": codec.encode(b.target, user_id, b.action)}


def url_markup(label: str, url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


def callback_data_of(reply_markup: InlineKeyboardMarkup | None) -> list[str]:
    """Every callback_data on a keyboard (to recover the state a typed reply answers)."""
    if reply_markup is None:
        return []
    return [
        b.callback_data
        for row in reply_markup.inline_keyboard
        for b in row
        if isinstance(b.callback_data, str)
    ]
