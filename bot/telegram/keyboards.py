"""Screens' buttons as an InlineKeyboardMarkup, each signed for the person it belongs to."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.codec import CallbackCodec
from bot.telegram.screens import Button, Screen


def markup(screen: Screen, codec: CallbackCodec, user_id: int) -> InlineKeyboardMarkup | None:
    rows = [[_button(b, codec, user_id) for b in row] for row in screen.rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def _button(b: Button, codec: CallbackCodec, user_id: int) -> InlineKeyboardButton:
    if b.url is not None:
        return InlineKeyboardButton(b.label, url=b.url)
    assert b.target is not None
    return InlineKeyboardButton(b.label, callback_data=codec.encode(b.target, user_id, b.action))


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
