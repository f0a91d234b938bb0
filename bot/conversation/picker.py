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
        # Up to the last day the notice says payment is open: a window whose end it does not
        # state offers only the days it surely covers (a typed date still gets its answer,
        # which says the closing date is not stated).
        known = [w.end or w.surely_open_until for w in notice.model.windows]
        last = max(known) if all(known) else notice.last_day  # type: ignore[type-var]
        return months_between(notice.first_day, last)
    # born_on: babies born in the policy year or the year before, none in the future
    first = dt.date(notice.policy_year - 1, 1, 1)
    last = min(dt.date(notice.policy_year, 12, 31), max(today, first))
    return months_between(first, last)


def days_in(month: Month) -> int:
    return calendar.monthrange(*month)[1]

