"""What a date in a question is for, beyond birth and payment: a reference the question
measures from ("12月25过了 还能补不", "过了6月30号是不是要交得多"), and "现在" asking about a
payment today whatever other day the story names ("过年打工回来才交 现在还交得到不")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from bot.understand.cues import CUES
from bot.understand.dates import DateMention

_FILLERS = "|".join(map(re.escape, sorted(CUES["now_fillers"], key=len, reverse=True)))
_NOW_PAYS = re.compile(
    "(?:" + "|".join(map(re.escape, CUES["now_words"])) + ")"
    rf"\s*(?:(?:{_FILLERS})\s*)*"
    "(?:" + "|".join(map(re.escape, CUES["pay_verbs"])) + ")"
)
_CLAUSE_END = re.compile(r"[，。？！,.?!;；]")


def asks_now(text: str) -> bool:
    """"现在交", "现在还交得到不", "现在给他交医保": the payment asked about is today's."""
    return _NOW_PAYS.search(text) is not None


def is_reference(text: str, m: DateMention) -> bool:
    """"12月25过了", "过了6月30号", "6月30号以后": a day the question measures from. A month
    then 以后 ("明年7月以后再交") is from that month on: the month paid in, no reference."""
    before = "".join(text[max(0, m.start - 4):m.start].split())
    after = re.sub(r"^\s*(?:都|已经|早就|早|就)?\s*", "", text[m.end:m.end + 6])  # "25号都过了"
    if m.precision == "month" and after.startswith(tuple(CUES["month_from_date"])):
        return False
    return before.endswith(tuple(CUES["reference_before_date"])) or after.startswith(
        tuple(CUES["reference_after_date"]))


_SCHOOL_START = re.compile(
    r"^份?\s*(?:就|要|才)?\s*(?:(?:到|去|来|在)[^\s，。,.?？!！]{0,6}?)?"
    "(?:" + "|".join(map(re.escape, CUES["school_start_verbs"])) + ")"
    "(?:" + "|".join(map(re.escape, CUES["school_start_objects"])) + ")"
    r"|^份?\s*(?:" + "|".join(map(re.escape, CUES["school_start_words"])) + ")"
)


def starts_school(text: str, m: DateMention) -> bool:
    """"9月份到重庆读大学", "9月开学": the month school starts, neither a birth nor a payment."""
    return m.precision == "month" and _SCHOOL_START.search(text[m.end:m.end + 12]) is not None


def outlives_now(m: DateMention) -> bool:
    """"2025年2月村里发现… 现在还能交不": a day whose year is said sets when the story's
    "现在" is; a day without one (过年, 12月20号) gives way to it."""
    return not (m.year_inferred or m.relative) and m.precision != "year"


def payment_after(text: str, m: DateMention, today: dt.date) -> DateMention | None:
    """The payment a reference implies: for a day still to come, asked with a payment verb in
    the same clause ("过了12月25号还能交吗"), the day after it; a day gone by implies today,
    which is the payment day when none is named (None)."""
    if m.date is None or m.last is None or m.last < today or m.precision != "day":
        return None  # a month gone by or still running ("这个月已经过了交费的日子"): today
    clause = _CLAUSE_END.split(text[m.end:m.end + 16])[0]
    if not any(v in clause for v in CUES["pay_verbs"]):
        return None
    day = m.last + dt.timedelta(days=1)
    return dataclasses.replace(m, date=day, last=day, precision="day")


def this_and_next_year(text: str) -> bool:
    """"今年要交不 明年的呢": both this year and next are asked about."""
    return any(w in text for w in CUES["this_year"]) and any(w in text for w in CUES["next_year"])
