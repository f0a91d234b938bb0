"""Typed text: a date for the date question on show, or a free-text question.

In groups only messages addressed to the bot count (a mention, or a reply to one of its
messages); everything else is ignored.
"""

from __future__ import annotations

import logging
import re

from telegram import Bot, Message, MessageEntity, Update
from telegram.ext import ContextTypes

from bot.conversation.free_text import Reply, reply_screen
from bot.conversation.screens import build_screen, typed_date_screen
from bot.conversation.state import Conv
from bot.engine.situation import Situation
from bot.telegram import texts
from bot.telegram.deps import Deps, deps
from bot.telegram.replies import recall, send_screen
from bot.telegram.typed import answer_replied_to, date_question_from_reply
from bot.understand.dates import looks_like_date

log = logging.getLogger(__name__)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    private = message.chat.type == "private"
    if not private and not addressed_to_bot(message, context.bot):
        return
    text = strip_mention(message.text, context.bot.username).strip()
    d = deps(context)
    today = d.clock()

    question = date_question_from_reply(d, message, user.id)
    if question is None and private:
        question = recall(d, message.chat_id, user.id)
    if question is not None and looks_like_date(text):
        await _typed_date(context, d, message, user.id, question, text)
        return
    if not text:  # just "@bot": start the guided questions
        screen = build_screen(d.kb, Conv(), today)
        await send_screen(context, d, message, screen, user.id,
                          text=f"{texts.message('greeting')}\n\n{screen.text}")
        return
    await reply_free_text(context, d, message, user.id, text)


async def _typed_date(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, message: Message, user_id: int, question: Conv, text: str
) -> None:
    screen = typed_date_screen(d.kb, question, text, d.clock())
    await send_screen(context, d, message, screen, user_id)


async def reply_free_text(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, message: Message, user_id: int, text: str
) -> None:
    today = d.clock()
    # A reply to one of the bot's answers ("那乌拉特前旗呢") changes only what it says.
    reply: Reply = d.understand(d.kb, text, today, answer_replied_to(d, message))
    screen = reply_screen(d.kb, reply, _encodable(d, reply.carry, user_id), today)
    await send_screen(context, d, message, screen, user_id)


def _encodable(d: Deps, s: Situation, user_id: int) -> Conv:
    """The understood situation as a state the buttons can carry (unknown ids dropped)."""
    conv = Conv(s)
    try:
        d.codec.encode(conv, user_id)
    except ValueError:
        log.warning("free-text situation could not be carried in buttons; keeping the region only")
        conv = Conv(Situation(region=s.region))
    return conv


def addressed_to_bot(message: Message, bot: Bot) -> bool:
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    mention = f"@{bot.username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lower() == mention:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def strip_mention(text: str, username: str | None) -> str:
    if not username:
        return text
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
