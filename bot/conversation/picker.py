"""The date picker: which months a date question offers, and the days of a month."""

from __future__ import annotations

import calendar
import datetime as dt

from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase

Month = tuple[int, int]


def months_between(first: dt.date, last: dt.date) -> list[Month]:
    out: list[Month] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def picker_months(kb: KnowledgeBase, s: Situation, slot: str, today: dt.date) -> list[Month]:
    """The months offered for a date question."""
    assert s.region is not None
    notice = kb.notice_for(s.region, s.paid_on or today)
    if slot == "paid_on":
        ends = [w.end for w in notice.model.windows if w.end is not None]
        last = notice.last_day if len(ends) < len(notice.model.windows) else max(ends)
        return months_between(notice.first_day, last)
    # born_on: babies born in the policy year or the year before, none in the future
    first = dt.date(notice.policy_year - 1, 1, 1)
    last = min(dt.date(notice.policy_year, 12, 31), max(today, first))
    return months_between(first, last)


def days_in(month: Month) -> int:
    return calendar.monthrange(*month)[1]

