"""Which question a typed answer (a date) belongs to, without server-side state.

A reply to the bot's question carries that message's keyboard: its buttons are signed
states, and on a date question one of them is the question itself (the "today" button,
a month button minus its month, or the day grid's back button). Otherwise the screen
last shown to this person in this chat (replies.recall) is used.
"""

from __future__ import annotations

import datetime as dt
import re

from telegram import Message

from bot.engine.notes import InputError
from bot.telegram import texts
from bot.telegram.codec import EPOCH, CallbackError, Decoded
from bot.telegram.deps import Deps
from bot.telegram.keyboards import callback_data_of
from bot.telegram.state import DATE_SLOTS, Action, Conv, current_slot

LAST_DAY = dt.date(2149, 6, 1)  # callback_data stores days since 1970 in 16 bits
DAY_GRID = 28  # a day grid has at least 28 day buttons (plus back and restart)


def date_question_from_reply(d: Deps, message: Message, user_id: int) -> Conv | None:
    replied = message.reply_to_message
    if replied is None or replied.reply_markup is None:
        return None
    decoded: list[tuple[str, Decoded]] = []
    labels = {b.callback_data: b.text for row in replied.reply_markup.inline_keyboard for b in row}
    for data in callback_data_of(replied.reply_markup):
        try:
            decoded.append((data, d.codec.decode(data, user_id)))
        except CallbackError:
            return None  # not ours, outdated, or someone else's keyboard
    back_label = texts.button("back")
    for data, item in decoded:
        conv = item.conv
        if item.action == Action.TODAY:
            candidate = conv
        elif conv.month is not None:
            candidate = conv.with_(month=None)
        elif labels.get(data) == back_label and conv.focus is None and conv.month is None:
            candidate = conv
        else:
            continue
        if current_slot(d.kb, candidate) in DATE_SLOTS and _on_date_screen(decoded):
            return candidate
    return None


def _on_date_screen(decoded: list[tuple[str, Decoded]]) -> bool:
    months = any(i.action == Action.TODAY or i.conv.month is not None for _, i in decoded)
    return months or len(decoded) > DAY_GRID


def check_storable(day: dt.date, text: str) -> dt.date:
    if not EPOCH <= day < LAST_DAY:
        raise InputError("bad_date", text=text)
    return day


_DATE_WORDS = re.compile(r"[\d０-９\s\-./／年月日号號]|今天|明天|昨天|前天|后天|上个|下个|这个|本")


def looks_like_date(text: str) -> bool:
    """Digits and date words only (2024-01-15, 1月15日, 今天): a date attempt, not a question."""
    return bool(text.strip()) and not _DATE_WORDS.sub("", text)
