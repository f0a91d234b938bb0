"""Several people named ("我和老婆 低保 交多少"): each member's own figure and the household's
totals (bot.engine.household adds them up)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from bot.engine.household import Member, household
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand import numbers
from bot.understand.members import ReadMember, people, said_size
from bot.understand.newborn import NEWBORN_SPAN
from bot.understand.result import AskResult
from bot.understand.slots import Understood
from bot.understand.units import household_units


def answer_household(
    kb: KnowledgeBase, u: Understood, s: Situation, members: list[ReadMember], ids: list[str], today: dt.date
) -> AskResult:
    """The region is asked once for all of them; answer first for the rest (no identity is an
    ordinary resident, no tier the first tier); a newborn's birth day is asked for that member,
    and its figure is shown as the notice gives it without the day."""
    ambiguous = [a for m in members for a in m.ambiguous]
    # The guided questions go on for one person in the same region: never the members' words
    # merged into one person.
    carry = Situation(region=u.region, paid_on=u.paid_on)
    result = AskResult(u, s, [], None, [], ambiguous, identity_ids=ids, members=members,
                       carry=carry, is_household=True)
    size = said_size(u.text) if household_units(u.text, lambda _: True) is None else None
    # "一家三口" said beside more people named: said, so a miscount is seen
    result.size_said = size if size is not None and size != people(members) else None
    if u.region is None:
        result.missing = ["region"]
        return result
    if ambiguous:
        result.missing = ["identities"]
        return result
    paid_on = u.paid_on or today
    tiers = kb.notice_for(u.region, paid_on).tiers
    tier, own, result.assumed = _tier_assumed(u, members, tiers)
    if any(not m.identities and not m.ordinary for m in members):
        result.assumed.insert(0, "identities")
    engine_members = [_engine_member(m, t or tier) for m, t in zip(members, own, strict=True)]
    try:
        _figures(kb, u.region, paid_on, members, engine_members, own, tiers, result)
    except InputError as exc:
        result.error = exc
    return result


def _tier_assumed(
    u: Understood, members: list[ReadMember], tiers: tuple[int, ...]
) -> tuple[int | None, list[int | None], list[str]]:
    """(the tier for all, each member's own tier, ["tier"] when the first tier is assumed)."""
    tier = u.tier if u.tier in tiers else None
    own = [m.tier if m.tier in tiers else None for m in members]  # "我和老婆交二档": theirs alone
    if _each_tier_asked(u.text, own, tiers):
        return tiers[0], [None] * len(members), ["tier"]  # "一档一共多少 二档呢": both totals
    if tier is None and tiers and None in own:
        return tiers[0], own, ["tier"]
    return tier, own, []


def _each_tier_asked(text: str, own: list[int | None], tiers: tuple[int, ...]) -> bool:
    """"一档一共多少 二档呢": every tier named for the same people (not one per member, as in
    "爷爷一档 我和老婆二档"), so each tier's total is the answer."""
    named = {t for _, _, t in numbers.tier_spans(numbers.normalise(text)) if t in tiers}
    return len(tiers) > 1 and named == set(tiers) and len({o for o in own if o is not None}) <= 1


def _engine_member(m: ReadMember, tier: int | None) -> Member:
    student = "university" if m.student == "university" else "school" if m.student else "none"
    return Member(identities=tuple(m.identities), newborn=m.newborn, born_on=m.born_on, student=student,
                  tier=tier, count=m.count, label=m.label, unlisted=tuple(m.unlisted),
                  assumed=tuple(m.assumed))


def _figures(
    kb: KnowledgeBase, region: str, paid_on: dt.date, members: list[ReadMember], engine_members: list[Member],
    own: list[int | None], tiers: tuple[int, ...], result: AskResult,
) -> None:
    """The household's figures into ``result``: the totals, the birth days still to ask, and with
    the tier assumed each tier's totals (none where the tier changes nothing)."""
    result.household = household(kb, region, paid_on, engine_members)
    result.member_missing = [
        (i, "born_on") for i, m in enumerate(engine_members)
        if m.newborn and m.born_on is None and _birth_day_matters(kb, region, paid_on, m)]
    result.member_missing += _month_matters(kb, region, paid_on, members, engine_members)
    if "tier" in result.assumed:
        result.household_by_tier = [
            household(kb, region, paid_on, [replace(m, tier=o or t) for m, o in zip(engine_members, own,
                                                                                   strict=True)])
            for t in tiers]
        if len({h.total_personal for h in result.household_by_tier}) == 1:  # the tier changes nothing
            result.household_by_tier, result.assumed = [], [s for s in result.assumed if s != "tier"]


def _birth_day_matters(kb: KnowledgeBase, region: str, paid_on: dt.date, m: Member) -> bool:
    """A newborn whose birth day is unsaid: asked only where the day changes the figure (born
    today, or past the notice's N days), so a family's total is not held back for nothing."""
    days = (paid_on, paid_on - dt.timedelta(days=NEWBORN_SPAN))
    totals = {household(kb, region, paid_on, [replace(m, born_on=d)]).members[0].answer.total_personal
              for d in days}
    return len(totals) > 1


def _month_matters(
    kb: KnowledgeBase, region: str, paid_on: dt.date, members: list[ReadMember], engine: list[Member]
) -> list[tuple[int, str]]:
    """A birth month taken as its 1st day: the day is still asked where the month's last day
    gives that member another figure or cover start (the N-day rule crossing inside it)."""
    out = []
    for i, (m, e) in enumerate(zip(members, engine, strict=True)):
        if not (m.born_month and e.born_on):
            continue
        last = e.born_on.replace(day=calendar.monthrange(e.born_on.year, e.born_on.month)[1])
        first_a, last_a = (household(kb, region, paid_on, [replace(e, born_on=d)]).members[0].answer
                           for d in (e.born_on, last))
        if (first_a.total_personal, first_a.benefit_start) != (last_a.total_personal, last_a.benefit_start):
            out.append((i, "born_on"))
    return out
