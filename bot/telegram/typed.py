"""Which question a typed answer (a date) belongs to, without server-side state.

A reply to the bot's question carries that message's keyboard: its buttons are signed
states, and on a date question one of them is the question itself (the "today" button,
a month button minus its month, or the day grid's back button). Otherwise the screen
last shown to this person in this chat (replies.recall) is used.
"""

from __future__ import annotations

from telegram import Message

from bot.conversation import wording
from bot.conversation.state import Action, Conv, asks_date
from bot.engine.situation import Situation
from bot.telegram.codec import CallbackError, Decoded
from bot.telegram.deps import Deps
from bot.telegram.keyboards import callback_data_of

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
    back_label = wording.button("back")
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
        if asks_date(d.kb, candidate) and _on_date_screen(decoded):
            return candidate
    return None


def _on_date_screen(decoded: list[tuple[str, Decoded]]) -> bool:
    months = any(i.action == Action.TODAY or i.conv.month is not None for _, i in decoded)
    return months or len(decoded) > DAY_GRID


def answer_replied_to(d: Deps, message: Message) -> Situation | None:
    """The situation of the bot's answer this message replies to ("那乌拉特前旗呢"), whoever
    asked it: its share button carries the whole answered state."""
    replied = message.reply_to_message
    if replied is None or replied.reply_markup is None:
        return None
    for data in callback_data_of(replied.reply_markup):
        try:
            item = d.codec.decode(data, None)
        except CallbackError:
            return None  # not ours, or made for other knowledge
        if item.action == Action.SHARE:
            return item.conv.situation
    return None
