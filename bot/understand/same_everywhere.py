"""A category's figure the same in every notice on file: "特困供养的 医保要自己交钱吗", no region
named, is answered with that figure, each notice's category and clause cited, rather than with a
question back. Only where the engine gives every notice the same personal figure on its first
tier (the one answered first; a dearer tier a notice lets them choose is said beside it);
anywhere one differs, is not listed or is ambiguous, the region is asked."""

from __future__ import annotations

import datetime as dt
import re

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.identities import resolve_identities
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.members import ReadMember, people
from bot.understand.result import AskResult, carried
from bot.understand.slots import CUES, Understood

_A_PLACE = re.compile("[\u4e00-\u9fff]{2}(?:" + "|".join(map(re.escape, CUES["place_suffixes"])) + ")")


def same_everywhere(
    kb: KnowledgeBase, u: Understood, situation: Situation, ids: list[str], members: list[ReadMember],
    today: dt.date,
) -> AskResult | None:
    """Each notice's answers for the category named (one per tier, the first first), where every
    one gives the same personal figure on its first tier; None where the region is still to ask."""
    if not _asked_of_a_category(u, members):
        return None
    day = u.paid_on or today
    by_notice = [_answers(kb, name, u.identity_words, day) for name in kb.regions]
    if not all(by_notice):
        return None
    # the first tier is the one answered first (酉阳's 特困: 一档全额); a dearer tier chosen is said
    firsts = {tiers[0].total_personal for tiers in by_notice}
    if len(firsts) != 1 or None in firsts:
        return None
    return AskResult(u, situation, [], None, [], identity_ids=ids, members=members,
                     carry=carried(situation, ["region"], None), same_everywhere=by_notice)


def _asked_of_a_category(u: Understood, members: list[ReadMember]) -> bool:
    """One person of a named category, asked how much, no region, province or look-alike named."""
    if not (u.topic == "how_much" or u.asks_money) or not u.identity_words:
        return False
    if u.region is not None or u.wide_region is not None or u.lookalike is not None:
        return False
    if any(p in u.text for p in CUES["provinces"]) or _A_PLACE.search(u.text):
        return False  # "山西长治潞州区的", "巴彦淖尔市": somewhere else, or a city of several counties
    return not (u.newborn or u.student or u.born_on or people(members) > 1)


def _answers(kb: KnowledgeBase, region: str, words: list[str], day: dt.date) -> list[Answer]:
    """The notice's answer for each of its tiers; [] where a word is not listed there, is
    ambiguous, or the engine cannot answer."""
    resolved = resolve_identities(kb, region, words, day)
    if resolved.unlisted or resolved.ambiguous or not resolved.ids:
        return []
    tiers = kb.notice_for(region, day).tiers or (None,)
    try:
        return [calculate(kb, Situation(region=region, identities=resolved.ids, newborn=False, student="none",
                                        tier=t, paid_on=day)) for t in tiers]
    except InputError:
        return []
