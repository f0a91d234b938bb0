"""Inline button presses: decode the signed state, then edit the same message into the next screen."""

from __future__ import annotations

import logging

from telegram import MaybeInaccessibleMessage, Message, Update
from telegram.ext import ContextTypes

from bot.conversation.screens import build_screen, share_summary
from bot.conversation.state import Action, Conv, fill_date, members_of
from bot.telegram import deeplink, texts
from bot.telegram.codec import ForeignUser, Malformed, Outdated
from bot.telegram.deps import Deps, deps
from bot.telegram.handlers.remind import remind_people
from bot.telegram.replies import edit_screen

log = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    d = deps(context)
    user = query.from_user
    today = d.clock()
    try:
        decoded = d.codec.decode(query.data, user.id)
    except ForeignUser:
        await query.answer(texts.message("foreign_alert"), show_alert=True)
        return
    except (Outdated, Malformed) as exc:
        reason = "outdated" if isinstance(exc, Outdated) else "malformed"
        log.info("callback_data rejected (%s: %s)", reason, exc)
        await query.answer(texts.message("start_again_toast"))
        screen = build_screen(d.kb, Conv(), today)
        text = f"{texts.message('start_again', reason=reason)}\n\n{screen.text}"
        await edit_screen(context, d, query.message, query.inline_message_id, screen, user.id, text=text)
        return

    conv = decoded.conv
    if decoded.action == Action.SHARE:
        await query.answer()
        await _share(context, d, query.message, conv)
        return
    if decoded.action == Action.REMIND:
        await query.answer()
        if isinstance(query.message, Message):  # an inline-mode card belongs to no chat of the bot's
            await remind_people(context, d, query.message, user.id, members_of(conv))
        return
    if decoded.action == Action.TODAY:
        conv = fill_date(d.kb, conv, today) or conv
    await query.answer()
    screen = build_screen(d.kb, conv, today)
    await edit_screen(context, d, query.message, query.inline_message_id, screen, user.id)


async def _share(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, message: MaybeInaccessibleMessage | None, conv: Conv
) -> None:
    s = conv.situation
    if s.region is None or message is None:
        return
    link = deeplink.link(context.bot.username, deeplink.encode(d.index, s))
    text = texts.message("share", link=link, summary=share_summary(d.kb, s))
    await context.bot.send_message(message.chat.id, text)
