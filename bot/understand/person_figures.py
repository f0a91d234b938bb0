"""One person's figures, answered first: what is unsaid is taken as the ordinary case (an
ordinary resident, every tier with the first leading) and named as assumed; only the region, an
ambiguous identity or a newborn's birth day is asked."""

from __future__ import annotations

from typing import NamedTuple

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.engine.resolve import Ambiguous
from bot.engine.situation import Situation
from bot.engine.slots import missing_slots
from bot.knowledge.base import KnowledgeBase
from bot.understand.slots import Understood


class OnePerson(NamedTuple):
    missing: list[str]
    answer: Answer | None
    error: InputError | None
    assumed: list[str]
    by_tier: list[Answer]


def one_person(
    kb: KnowledgeBase, situation: Situation, u: Understood, ambiguous: list[Ambiguous],
    any_birthday: bool = False,
) -> OnePerson:
    """The answer, or what is still to ask (not the birth day with ``any_birthday``: every
    day it can be gives the same figure)."""
    complete, missing, assumed = _still_missing(kb, situation, u, ambiguous, any_birthday)
    if missing:
        return OnePerson(missing, None, None, assumed, [])
    try:
        by_tier = _by_tier(kb, complete, assumed)
        answer = by_tier[0] if by_tier else calculate(kb, complete)
    except InputError as exc:
        return OnePerson([], None, exc, assumed, [])
    if len({a.total_personal for a in by_tier}) == 1:  # the tier changes nothing here
        by_tier, assumed = [], [slot for slot in assumed if slot != "tier"]
    return OnePerson([], answer, None, assumed, by_tier)


def _still_missing(
    kb: KnowledgeBase, situation: Situation, u: Understood, ambiguous: list[Ambiguous], any_birthday: bool
) -> tuple[Situation, list[str], list[str]]:
    """(the situation to calculate, the slots still to ask, the slots assumed)."""
    complete = _calc_defaults(situation, u)
    missing = _missing(kb, complete, any_birthday)
    assumed: list[str] = []
    if complete.region is None:
        missing = ["region"]  # the rest depends on the region's notice, or was said
    elif not ambiguous:
        complete, assumed = _answer_first(complete, missing)
        missing = [slot for slot in _missing(kb, complete, any_birthday) if slot not in assumed]
    return complete, missing, assumed


def _missing(kb: KnowledgeBase, s: Situation, any_birthday: bool) -> list[str]:
    return [slot for slot in missing_slots(kb, s) if not (any_birthday and slot == "born_on")]


def _answer_first(s: Situation, missing: list[str]) -> tuple[Situation, list[str]]:
    """Answer for the ordinary case instead of asking: no identity named is an ordinary
    resident, no tier named is every tier (the first one leading). A birth date is still
    asked: the newborn rules turn on it."""
    assumed = []
    if "identities" in missing:
        s, assumed = s.with_(identities=()), ["identities"]
    if "tier" in missing:
        assumed.append("tier")
    return s, assumed


def _by_tier(kb: KnowledgeBase, s: Situation, assumed: list[str]) -> list[Answer]:
    """With the tier assumed: the answer for each of the notice's tiers, the first tier first."""
    if "tier" not in assumed or s.region is None:
        return []
    return [calculate(kb, s.with_(tier=t)) for t in kb.notice_for(s.region, s.paid_on).tiers]


def _calc_defaults(s: Situation, u: Understood) -> Situation:
    """Newborn and student default to "no" when the text does not mention them; a question
    about dates only (deadline, cover start) takes the ordinary resident and tier 1 when unsaid,
    since identity and tier do not move the dates (the answer names what it assumed)."""
    s = s.with_(newborn=bool(u.newborn), student=u.student or "none")
    if u.topic in ("deadline", "benefit_start") and s.identities is None and not u.identity_words:
        s = s.with_(identities=())
    return s
