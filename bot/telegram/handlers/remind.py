"""/remind, /reminders, /stop, /follow, /unfollow, and the 「提醒我」 button under an answer.

In a group only its administrators may set reminders or follow a region for it (a community
worker's group hears them, so one member must not fill it); /reminders and /stop work for
anyone there is nothing to take from. Without a store (no database configured) each says so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from telegram import Bot, Chat, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.engine.situation import Situation
from bot.reminders.wording import ListedReminder, list_text, plan_text
from bot.telegram import texts
from bot.telegram.deps import Deps, deps
from bot.telegram.reminding import Reminding, encode_people, listed, reminding, schedule

log = logging.getLogger(__name__)
ADMIN = ("creator", "administrator")


async def may_set(bot: Bot, chat: Chat, user_id: int) -> bool:
    """Anyone in a private chat; in a group, its administrators."""
    if chat.type == "private":
        return True
    try:
        member = await bot.get_chat_member(chat.id, user_id)
    except TelegramError as exc:
        log.info("could not check a group member's status (%s)", exc)
        return False
    return member.status in ADMIN


def _reminding(context: ContextTypes.DEFAULT_TYPE) -> Reminding | None:
    return reminding(context.application)


async def remind_people(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, message: Message, user_id: int, people: Sequence[Situation]
) -> None:
    """Schedule the reminders of one person or a household (region and payment date shared) for
    the chat of ``message`` and say what was set."""
    r = _reminding(context)
    if r is None:
        await message.reply_text(texts.reminders("off"))
        return
    if not await may_set(context.bot, message.chat, user_id):
        await message.reply_text(texts.reminders("admins_only"))
        return
    state = encode_people(d.index, people)
    p = await asyncio.to_thread(schedule, r.store, d.kb, state, people, message.chat.id, r.now())
    await message.reply_text(plan_text(d.kb, people[0], p, len(people)))


async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remind 乌鲁木齐 低保: reminders for what the words say; bare /remind says how."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    d = deps(context)
    words = " ".join(context.args or ())
    s = d.understand(d.kb, words, d.clock(), None).carry if words else Situation()
    if s.region is None:
        await message.reply_text(texts.reminders("how", regions=list(d.kb.regions)))
        return
    await remind_people(context, d, message, user.id, (s,))


async def _ready(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Message, Reminding] | None:
    """The message and the reminders' services; None (after saying so) when reminders are off."""
    message = update.effective_message
    if message is None:
        return None
    r = _reminding(context)
    if r is None:
        await message.reply_text(texts.reminders("off"))
        return None
    return message, r


async def list_reminders(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if (ready := await _ready(update, context)) is None:
        return
    message, r = ready
    d = deps(context)
    rows = await asyncio.to_thread(r.store.pending, message.chat.id)
    regions = await asyncio.to_thread(r.store.following, message.chat.id)
    items: list[ListedReminder] = [item for row in rows if (item := listed(d.index, row)) is not None]
    text = list_text(d.kb, items)
    if regions:
        text = f"{text}\n\n{texts.reminders('following', regions=regions)}"
    await message.reply_text(text)


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stop: everything kept for this chat is deleted at once."""
    if (ready := await _ready(update, context)) is None:
        return
    message, r = ready
    removed = await asyncio.to_thread(r.store.forget_chat, message.chat.id)
    await message.reply_text(texts.reminders("stopped", removed=removed))


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _following(update, context, on=True)


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _following(update, context, on=False)


async def _following(update: Update, context: ContextTypes.DEFAULT_TYPE, *, on: bool) -> None:
    user = update.effective_user
    if user is None or (ready := await _ready(update, context)) is None:
        return
    message, r = ready
    d = deps(context)
    words = " ".join(context.args or ())
    region = d.understand(d.kb, words, d.clock(), None).carry.region if words else None
    if region is None:
        await message.reply_text(texts.reminders("follow_how", on=on, regions=list(d.kb.regions)))
        return
    if not await may_set(context.bot, message.chat, user.id):
        await message.reply_text(texts.reminders("admins_only"))
        return
    store = r.store
    changed = await asyncio.to_thread(store.follow if on else store.unfollow, message.chat.id, region)
    notice = d.kb.regions[region].latest()
    name = "followed" if on else "unfollowed"
    await message.reply_text(texts.reminders(name, region=region, changed=changed, notice=notice.citation,
                                             year=notice.policy_year))


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group upgraded to a supergroup: its reminders and follows move to the new id at once
    (the service message comes in both chats; moving twice moves nothing)."""
    message, r = update.effective_message, _reminding(context)
    if message is None or r is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    moved = await asyncio.to_thread(r.store.move_chat, old, new)
    log.info("reminders: chat %s became %s (%d rows moved)", old, new, moved)
