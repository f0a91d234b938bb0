"""A newborn's age said roughly ("出生快半年了", "五个多月", "二十来天", "刚满月"): the span of
birth days it allows. The 90-day newborn rule is decided from the span only where both ends
agree (understand/newborn.py); an age near the edge ("三个月左右") still asks the day."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from bot.understand.numbers import to_int

_KID = r"(?:宝宝|宝|孩子|娃娃|娃儿|娃|婴儿|小孩|崽|孙子|孙女|外孙|外孙女|儿子|女儿|闺女|新生儿)"
_BORN = r"(?:出生|生下来|生了|落地|出世)"
_LEAD = r"(?:了|后|已经|都|才|刚刚|刚|有|满)*"
_AGE = re.compile(
    rf"(?:{_KID}|{_BORN})\s*{_LEAD}\s*"
    r"(?P<hedge>快|将近|接近|不到|差不多|大概|大约)?\s*"
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3}|半)\s*(?P<more>多|来)?\s*个?\s*(?P<more3>多)?\s*"
    r"(?P<unit>天|周|星期|礼拜|月(?![份号日初底中旬到去来开入])|岁|年)(?P<more2>多)?(?P<about>左右)?"
    rf"|(?P<full>刚满月|满月|百天)"
)
_UNIT_DAYS = {"天": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "岁": 365, "年": 365}
_SPECIAL = {"刚满月": (28, 45), "满月": (28, 45), "百天": (95, 110)}  # days old


class RoughAge(NamedTuple):
    earliest: dt.date  # the earliest birth day the words allow
    latest: dt.date
    text: str  # the words, for the reply's "what I understood"


def _days_old(m: re.Match[str]) -> tuple[int, int] | None:
    """(fewest, most) days old the words allow; None for an exact age (the day is then known)."""
    if m["full"]:
        return _SPECIAL[m["full"]]
    unit = _UNIT_DAYS[m["unit"]]
    if m["n"] == "半":  # 半岁, 半年, 半个月
        base = unit // 2
    else:
        n = to_int(m["n"])
        if n is None or n > 99:
            return None
        base = n * unit
    step = min(unit, 30) if unit > 1 else 10 if base >= 10 else 1  # 二十来天: 20 to 29; 半岁多: a month
    if m["more"] or m["more2"] or m["more3"]:
        return base, base + step
    if m["hedge"] in ("快", "将近", "接近", "不到"):
        return max(0, base - step), base + 5
    if unit == 1 and not (m["hedge"] or m["about"]):
        return None  # "出生20天": an exact age
    spread = max(5, step // 2)
    return max(0, base - spread), base + spread


def rough_age(text: str, today: dt.date) -> RoughAge | None:
    """The first rough age of a child the text states, as a span of birth days."""
    for m in _AGE.finditer(text):
        got = _days_old(m)
        if got is not None:
            fewest, most = got
            start = m.start("hedge") if m["hedge"] else m.start("n") if m["n"] else m.start()
            return RoughAge(today - dt.timedelta(days=most), today - dt.timedelta(days=fewest),
                            text[start:m.end()])
    return None
