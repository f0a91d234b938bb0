"""A newborn whose birth day is unsaid: the notice's newborn rule answers, or the one answer
every day the birth can be gives."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from bot.engine.resolve import Ambiguous
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.members import ReadMember, described, people
from bot.understand.person_figures import OnePerson, one_person
from bot.understand.slots import Understood

# "刚出生" with no day: a birth this long ago is past every notice's newborn window (90 days)
NEWBORN_SPAN = 120

_Key = tuple[tuple[int | None, ...], dt.date | str | None, tuple[bool | None, str | None]]
FROM_BIRTH = "from_birth"


def newborn_without_day(u: Understood, members: list[ReadMember]) -> bool:
    """One newborn, its birth day unsaid, and a question the notice's newborn rule answers
    (how much, until when, from when): the rule is the answer, stated for both sides of the
    day it turns on, rather than a question back."""
    return (u.region is not None and bool(u.newborn) and u.born_on is None and people(described(members)) <= 1
            and u.topic in ("how_much", "deadline", "benefit_start", "registration"))


def newborn_settled(
    kb: KnowledgeBase, s: Situation, u: Understood, ambiguous: list[Ambiguous]
) -> OnePerson | None:
    """Where every day the birth can be gives the same answer to the question: that answer
    (the notice's rule goes beside it) instead of a question back. The days tried: the first
    and last of the month said ("今年6月生的"; its cover start must agree too), else, for a
    figure, born on the payment day and past every notice's N days."""
    assert s.paid_on is not None and s.region is not None
    month_said = u.born_month is not None
    if u.topic not in ("how_much", "benefit_start") and not (u.topic == "deadline" and month_said):
        return None  # "错过了还能补交吗": the rule's own days answer it
    days_tried = _days_tried(kb, s, u)
    if days_tried is None:
        return None
    days, start_matters = days_tried
    # a birth to come is paid for once born ("明年九月份生 到时候交多少")
    tried = [one_person(kb, s.with_(born_on=d, paid_on=max(d, s.paid_on)), u, ambiguous) for d in days]
    if any(t.answer is None for t in tried):
        return None
    seen = {_key(t, u, start_matters) for t in tried}
    paid_on = max(days[0], s.paid_on)
    unsaid = one_person(kb, s.with_(paid_on=paid_on), u, ambiguous, any_birthday=True)  # no birth day shown
    if len(seen) > 1:
        return None
    if u.born_span is not None:  # "出生快半年": the answer every such day gives, no day shown
        return tried[0]._replace(answer=replace(tried[0].answer, born_on=None))
    if unsaid.answer is not None and _key(unsaid, u, start_matters) in seen:
        return unsaid
    return tried[0] if u.born_month is not None else None  # the month's 1st, as the month said


def _days_tried(kb: KnowledgeBase, s: Situation, u: Understood) -> tuple[list[dt.date], bool] | None:
    """(the birth days to try, whether the cover start must agree too); None: none to try."""
    assert s.paid_on is not None and s.region is not None
    if u.born_month is not None:
        last = u.born_month.replace(day=calendar.monthrange(u.born_month.year, u.born_month.month)[1])
        return [u.born_month, last], u.topic == "benefit_start"
    if u.born_span is not None:  # a rough age: its youngest and oldest birth day
        return [u.born_span.latest, u.born_span.earliest], u.topic == "benefit_start"
    if u.topic != "how_much":
        return None
    days = [s.paid_on, s.paid_on - dt.timedelta(days=NEWBORN_SPAN)]
    period = kb.notice_for(s.region, s.paid_on).model.benefit_period
    if period is not None and s.paid_on < period.start:
        days.append(period.start)  # born in the year paid for (屯留: that year is free)
    return days, False


def _key(t: OnePerson, u: Understood, start_matters: bool) -> _Key:
    """What must agree across the days tried: the figures, the cover start where asked, and
    the window for a deadline."""
    assert t.answer is not None
    window = (t.answer.payment_open, t.answer.window_name) if u.topic == "deadline" else (None, None)
    start: dt.date | str | None = t.answer.benefit_start if start_matters else None
    if start is not None and start == t.answer.born_on:
        start = FROM_BIRTH  # whichever day it is ("刚满月"); not the same as a start not stated
    return (tuple(a.total_personal for a in t.by_tier or [t.answer]), start, window)
