"""The words understood, resolved against the notice that applies on the day: a Situation,
the identity words still ambiguous, and the category ids the text names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from bot.engine.identities import ResolvedIdentities, resolve_identities
from bot.engine.notes import InputError
from bot.engine.resolve import Ambiguous, resolve_identity
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice
from bot.understand.result import ORDINARY
from bot.understand.slots import Understood
from bot.understand.topics import CALCULATED
from bot.understand.umbrella import settled_by_question


def only_tiered_region(kb: KnowledgeBase, u: Understood, today: dt.date) -> None:
    """"一档二档有啥区别 各交多少" naming no place: when one region's notice alone has tiers, the
    question can only be about it; answer from it and say so rather than ask the region."""
    if u.region is not None or u.wide_region is not None or u.lookalike is not None:
        return
    # "二档多少钱": a tier named in a question of money or dates is the tiered notice's too
    named = u.tier is not None and (u.asks_money or u.topic in CALCULATED)
    if not u.compares_tiers and not named:
        return
    tiered = [r for r in kb.regions if kb.notice_for(r, u.paid_on or today).tiers]
    if len(tiered) == 1:
        u.region, u.region_from_tiers = tiered[0], True


def situation_of(
    kb: KnowledgeBase, u: Understood, today: dt.date
) -> tuple[Situation, list[Ambiguous], ResolvedIdentities | None]:
    """The understood slots as a Situation, the words still ambiguous, and how the identity
    words resolved in the region (None without one)."""
    if u.region is None:
        return Situation(), [], None
    paid_on = u.paid_on or today
    notice = kb.notice_for(u.region, paid_on)
    tier = u.tier if u.tier in notice.tiers else None
    resolved = resolve_identities(kb, u.region, list(u.identity_words), paid_on, tier)
    resolved = _named_grades(notice, resolved, u.text)
    base = Situation(region=u.region, paid_on=paid_on, tier=tier)
    resolved = settled_by_question(kb, u, notice, resolved, base)
    # "计划生育特扶家庭": the specific word settles what the general one could mean.
    ambiguous = [a for a in resolved.ambiguous if not {cid for cid, _ in a.candidates} & set(resolved.ids)]
    identities: tuple[str, ...] | None = resolved.ids
    if not resolved.ids and not resolved.unlisted and not u.identity_words and not u.ordinary:
        identities = None  # never mentioned: ask
    if ambiguous:
        identities = None
    s = Situation(
        region=u.region,
        identities=identities,
        newborn=u.newborn,
        born_on=u.born_on,
        student=u.student or "none",
        tier=tier,
        paid_on=paid_on,
        unlisted=resolved.unlisted,
        assumed=resolved.assumed,
    )
    return s, ambiguous, resolved


_GRADE = "[一二三四五六七八九十\\d]+级"


def _named_grades(notice: Notice, resolved: ResolvedIdentities, text: str) -> ResolvedIdentities:
    """"三级残疾" where the notice lists only 1、2级 (a listed grade would have matched its
    category's own alias): the grade named settles the ambiguous word, as the one candidate
    whose category names no grade, the notice's case for the other grades."""
    settled: list[tuple[str, str]] = []
    left = []
    for amb in resolved.ambiguous:
        m = re.search(_GRADE + re.escape(amb.alias), text)
        ungraded = [cid for cid, _ in amb.candidates
                    if not any("级" in w for w in notice.category(cid).aliases)]
        if m and len(ungraded) == 1:
            settled.append((m.group(0), ungraded[0]))
        else:
            left.append(amb)
    if not settled:
        return resolved
    return replace(resolved, ids=tuple(dict.fromkeys([*resolved.ids, *(cid for _, cid in settled)])),
                   assumed=(*resolved.assumed, *settled), ambiguous=tuple(left))


def understood_ids(
    kb: KnowledgeBase, u: Understood, today: dt.date, resolved: ResolvedIdentities | None
) -> list[str]:
    """The category ids the text names: in its region (``resolved``), or without one the ids
    every region agrees on (低保 is dibao everywhere). "ordinary" only when nothing else is named."""
    ids = list(resolved.ids) if resolved is not None else _ids_everywhere(kb, u, today)
    others = [i for i in dict.fromkeys(ids) if i != ORDINARY]
    if others:
        return [*others, ORDINARY] if u.ordinary_person else others
    return [ORDINARY] if (u.ordinary or ORDINARY in ids) else []


def _ids_everywhere(kb: KnowledgeBase, u: Understood, today: dt.date) -> list[str]:
    """No region: the ids of the words every region's notice resolves alike."""
    ids = []
    for word in u.identity_words:
        try:
            found = [resolve_identity(kb, region, word, today) for region in kb.regions]
        except InputError:  # a word no notice lists
            continue
        if all(isinstance(f, str) for f in found) and len(set(found)) == 1:
            ids.append(found[0])
    return ids
