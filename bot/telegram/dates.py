"""Dates for the picker (which months to offer) and typed dates (2024-01-15, 1月15日)."""

from __future__ import annotations

import calendar
import datetime as dt

from bot.engine.resolve import notice_for
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
    notice = notice_for(kb, s.region, s.paid_on or today)
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


def parse_typed_date(text: str, today: dt.date) -> dt.date:
    """A typed date (2024-01-15, 1月15日, 今天 …) or InputError("bad_date"): the console's parser."""
    from bot.chat import parse_typed_date as shared

    return shared(text, today)
