"""Inline mode: ``@bot 乌鲁木齐 低保`` in any chat offers answer cards to send."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.ext import ContextTypes

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.engine.slots import asks_tier
from bot.present import answer_text
from bot.telegram import deeplink, texts
from bot.telegram.deps import Deps, deps
from bot.telegram.keyboards import url_markup
from bot.telegram.match import matches

log = logging.getLogger(__name__)
MAX_CARDS = 10
CACHE_SECONDS = 300  # answers use today's date: keep Telegram's cache short


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    if query is None:
        return
    d = deps(context)
    text = query.query.strip()
    cards = answer_cards(d, text, d.clock()) if text else []
    start = cards[0][0] if cards else None
    payload = deeplink.encode(d.index, start, answers=False) if start else "inline"  # then ask the rest
    button = InlineQueryResultsButton(texts.inline("start_button"), start_parameter=payload)
    results = [_article(d, context.bot.username, s, a) for s, a in cards]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False, button=button)


def answer_cards(d: Deps, text: str, today: dt.date) -> list[tuple[Situation, Answer]]:
    """(situation, answer) per reading of ``text``: the free-text answer first, then word matches."""
    out: list[tuple[Situation, Answer]] = []
    seen: set[tuple[object, ...]] = set()

    def add(s: Situation, a: Answer) -> None:
        key = (a.region, a.identity_id, tuple(s.identities or ()), a.tier, a.newborn, a.student)
        if key not in seen and len(out) < MAX_CARDS:
            seen.add(key)
            out.append((s, a))

    try:
        understood = d.understand(d.kb, text, today, None)
        if understood.answer is not None:
            add(understood.carry, understood.answer)
    except Exception:  # free text is a bonus here: word matches below still answer
        log.exception("free-text understanding failed for an inline query")
    for m in matches(d.kb, text, today):
        base = Situation(region=m.region, identities=m.identities, newborn=False, student="none",
                         tier=m.tier, paid_on=today)
        tiers = [None] if m.tier is not None or not asks_tier(d.kb, base) else _tiers(d, base)
        for tier in tiers:
            s = base if tier is None else base.with_(tier=tier)
            try:
                add(s, calculate(d.kb, s))
            except InputError:
                continue
    return out


def _tiers(d: Deps, s: Situation) -> list[int | None]:
    assert s.region is not None
    return list(d.kb.regions[s.region].latest().tiers) or [None]


def _article(d: Deps, username: str, s: Situation, a: Answer) -> InlineQueryResultArticle:
    key = f"{a.region}|{a.identity_id}|{s.identities}|{a.tier}|{a.paid_on}|{a.newborn}|{a.student}"
    # "我也要查": whoever opens it is someone else, so only region and identity are pre-filled.
    link = deeplink.link(username, deeplink.encode(d.index, s, answers=False))
    return InlineQueryResultArticle(
        id=hashlib.sha256(key.encode()).hexdigest()[:32],
        title=texts.inline("title", region=a.region_short, identity=a.identity, tier=a.tier_label),
        description=texts.inline("description", total=a.total_personal, policy_year=a.policy_year,
                                 paid_on=a.paid_on),
        input_message_content=InputTextMessageContent(answer_text(a)),
        reply_markup=url_markup(texts.inline("open_bot"), link),
    )
