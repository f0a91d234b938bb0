"""Date mentions in residents' text, and approximate birth dates of newborns.

Year inference (a month/day, month or day given without a year, or 腊月 without a lunar year):
among the candidate occurrences around ``today`` (last, this and next year; for a bare "27号"
last, this and next month), take the one *closest to today*, measuring to the nearest day the
mention covers (0 if today falls inside it). Ties go to the future one. Residents talk about the
collection season they are in, so "12月27号" asked on 2024-01-05 is 2023-12-27 and "1月份" asked on
2023-12-10 is January 2024. Birth dates use the latest occurrence not after today instead
(a child already born), falling back to the closest rule when none is.

Lunar dates: only 正月 and 腊月 (the months around Spring Festival that residents use for births),
and Spring Festival itself ("过年", "春节": 正月初一, the occurrence closest to today),
converted by the ``lunardate`` package (lunar years 1900–2099); "去年腊月" means the 腊月 of the
previous *lunar* year, so said in March 2024 it is 2024-01-11..2024-02-09. Other lunar months
("农历十一月") are consumed without producing a date rather than being misread as Gregorian ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from lunardate import LunarDate

from bot.engine.notes import InputError
from bot.understand.numbers import ZERO_WIDTH, halfwidth, to_int

Precision = Literal["day", "month", "year", "invalid"]
Prefer = Literal["nearest", "past"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date mention. ``date`` is the first day covered; None only when precision is "invalid"."""

    date: dt.date | None
    precision: Precision
    start: int  # span in the caller's original text
    end: int
    text: str
    last: dt.date | None = None  # last day covered: == date for "day", month/year end otherwise
    year_inferred: bool = False  # the year (or month, for a bare "27号") was chosen by the rule above
    relative: bool = False  # 明天, 下个月, 去年 …: relative to today
    lunar: bool = False  # 正月/腊月: the period is the lunar month, not a Gregorian one
    rough: bool = False  # 上礼拜 / 前几天: about that long ago, no day named

    @property
    def valid(self) -> bool:
        return self.date is not None


@dataclass(frozen=True, slots=True)
class BirthMention:
    born_on: dt.date | None  # None: a newborn is mentioned but no date can be derived
    approximate: bool  # False only for an explicit calendar day (12月5号, 昨天, 腊月初八)
    newborn: bool  # newborn wording, or born within the last 12 months
    precision: Literal["day", "week", "month", "year"] | None  # of born_on ("week": 上周); None with no date
    start: int
    end: int
    text: str

    @property
    def date(self) -> dt.date | None:
        """Alias of ``born_on``."""
        return self.born_on


# ---------------------------------------------------------------- small date arithmetic


def _ymd(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month ``n`` months from ``d``'s."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def _months_back(d: dt.date, n: int) -> dt.date:
    first = _add_months(d, -n)
    return first.replace(day=min(d.day, calendar.monthrange(first.year, first.month)[1]))


Span = tuple[dt.date, dt.date]


def _pick(cands: list[Span], today: dt.date, prefer: Prefer) -> Span | None:
    """The occurrence closest to today (ties: the later one); "past": the latest one started by today."""
    if not cands:
        return None
    if prefer == "past":
        past = [c for c in cands if c[0] <= today]
        if past:
            return max(past)

    def distance(c: Span) -> tuple[int, bool]:
        first, last = c
        gap = (first - today).days if today < first else max(0, (today - last).days)
        return gap, first < today

    return min(cands, key=distance)


# ---------------------------------------------------------------- lunar calendar


def _solar(year: int, month: int) -> dt.date | None:
    """The first day of a lunar month; None outside lunardate's lunar years 1900–2099."""
    try:
        return LunarDate(year, month, 1).to_solar_date()
    except ValueError:
        return None


@cache
def _lunar_month(year: int, month: str) -> Span | None:
    """正月 or 腊月 of a lunar year as Gregorian days. A leap month after it (闰正月) counts as
    part of it: residents name it by the month it repeats."""
    if month == "正月":
        first, after = _solar(year, 1), _solar(year, 2)
    else:
        first, after = _solar(year, 12), _solar(year + 1, 1)
    if first is None or after is None:
        return None
    return first, after - dt.timedelta(days=1)


def _lunar_year(d: dt.date) -> int:
    try:
        return LunarDate.from_solar_date(d.year, d.month, d.day).year
    except ValueError:  # outside lunardate's range: no lunar month will be found either
        return d.year


# ---------------------------------------------------------------- patterns

_CN = "零〇○一二两三四五六七八九十廿卅"
_NB = rf"(?<![\d{_CN}百千万])"  # not the tail of a longer number
_DAYNUM = r"\d{1,2}|[一二三四五六七八九十廿卅]{1,3}"
_REL_YEAR = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}
_REL_MONTH = {"上个月": -1, "上月": -1, "这个月": 0, "这月": 0, "本月": 0, "下个月": 1, "下月": 1}
_DAY_WORDS = {
    "大前天": -3, "前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "昨儿个": -1, "昨儿": -1,
    "今天": 0, "今日": 0, "今儿个": 0, "今儿": 0,
    "明天": 1, "明日": 1, "明儿个": 1, "明儿": 1, "后天": 2, "大后天": 3,
}  # fmt: skip
_UNIT_AFTER = r"个天元块岁周次年月.%万千百"  # a number followed by these is not a day of month
_FREQUENCY = re.compile(r"[一两二三四五六七八九十]?次")
_CN_PROPER = re.compile(r"(?:[二三四五六七八九]?十|[廿卅])[一二三四五六七八九]?|[一二三四五六七八九]")
_CLOCK = ("上午", "下午", "中午", "晚上", "早上", "凌晨", "点")  # 下午3.30 is a time

P_ISO = re.compile(
    r"(?<![\d.])(?P<y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)(?:\s*[日号號])?"
)
P_CN = re.compile(
    rf"{_NB}(?:(?:(?P<y>\d{{4}}|\d{{2}}|[零〇○一二三四五六七八九]{{2,4}})\s*年度?"
    rf"|(?P<ry>今年|去年|明年|前年|后年))\s*(?:的\s*)?)?"
    rf"(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}}|元)\s*月份?"
    rf"(?:\s*(?P<end>[底末])|\s*(?P<part>上旬|中旬|下旬|初(?![一二三四五六七八九十])|中(?![旬国心]))"
    rf"|\s*(?P<d>{_DAYNUM})(?:\s*(?P<ds>[日号號])|(?![\d{_CN}{_UNIT_AFTER}])))?"
)
P_YEAR = re.compile(
    rf"{_NB}(?P<y>\d{{4}}|\d{{2}}|[零〇○一二三四五六七八九]{{4}})\s*年(?P<du>度)?"
    r"(?!龄|级|纪|限|代|轻|前|后|内|里|多|左右|以上|以下)"
)
P_REL_YEAR = re.compile(r"(?P<ry>今年|去年|明年|前年|后年)度?")
P_REL_MONTH = re.compile(
    rf"(?P<rm>{'|'.join(_REL_MONTH)})(?:\s*月?(?P<end>[底末])|\s*(?P<d>{_DAYNUM})\s*[日号號])?"
)
P_MONTH_END = re.compile(rf"(?<![\d{_CN}元个每这本下上])月(?P<end>[底末])")
P_DAY_WORD = re.compile("|".join(sorted(_DAY_WORDS, key=len, reverse=True)))
# 12.27 / 12/27 / 12-27 (with "-" only a two-digit day and no 日: "1-25日" is a range of days)
P_MD = re.compile(
    r"(?<![\d.\/\-:¥￥$])(?P<m>\d{1,2})(?P<sep>[./]|-(?=\d\d(?!\d)(?!\s*[日号號])))(?P<d>\d{1,2})(?![\d.\/\-:%])"
    r"(?!\s*(?:元|块|万|千|百|倍|斤|公斤|kg|米|分|角|毛|岁|个|天|年|级|次|小时|周))(?:\s*[日号號])?"
)
P_DAY = re.compile(
    rf"(?<![\d{_CN}月./\-〕\]）)第号期])(?P<d>{_DAYNUM})\s*(?P<ds>[日号號])"
    r"(?![楼线窗院门口机位房文令码牌栋单室床])"
)
P_LUNAR = re.compile(
    r"(?:(?P<ry>今年|去年|明年|前年)\s*(?:的\s*)?)?(?:(?:农历|阴历)\s*)?(?P<lm>正月|腊月)"
    r"(?:\s*(?P<ld>初[一二三四五六七八九十]|[一二三四五六七八九十廿卅]{1,3}|\d{1,2})(?:\s*[日号號])?)?"
)
# 下周一 / 这个星期五 / 礼拜天: weeks run Monday to Sunday.
P_WEEKDAY = re.compile(
    r"(?<![\d一二两三四五六七八九十几每])(?P<rel>下下|下|这|本|上)?\s*(?:个)?\s*(?:周|星期|礼拜)"
    r"(?P<wd>[一二三四五六日天1-7])(?![\d一二三四五六七八九十次])"
)
# 上礼拜 / 前几天, with no day named: a day that long ago, as the resident counts it
P_RECENT = re.compile(r"上\s*个?\s*(?:周|星期|礼拜)(?![一二三四五六日天1-7])|前几天|前两天|前些天|前些日子")
_RECENT_DAYS = {"前几天": 3, "前两天": 2, "前些天": 3, "前些日子": 7}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEK_SHIFT = {"下下": 2, "下": 1, "这": 0, "本": 0, "上": -1}
# Spring Festival (正月初一) without a year: the nearest one, as residents plan around it.
P_SPRING = re.compile(r"过年|春节|大年初一")
# Other lunar months: consumed so they are not read as Gregorian dates, but give no date.
P_LUNAR_OTHER = re.compile(
    rf"(?:(?:农历|阴历)\s*(?:\d{{1,2}}|[一二三四五六七八九十冬]{{1,3}})\s*月|冬月)"
    rf"(?:\s*初?(?:{_DAYNUM})\s*[日号號]?)?"
)


# ---------------------------------------------------------------- handlers


@dataclass(frozen=True, slots=True)
class _Hit:
    date: dt.date | None
    precision: Precision
    last: dt.date | None = None
    year_inferred: bool = False
    relative: bool = False
    lunar: bool = False
    rough: bool = False


_SWALLOW = _Hit(None, "invalid")  # blocks overlapping readings, reported as nothing
_INVALID = _Hit(None, "invalid")


@dataclass(frozen=True, slots=True)
class _Ctx:
    today: dt.date
    prefer: Prefer


def _year(raw: str, today: dt.date) -> int | None:
    y = to_int(raw)
    if y is None:
        return None
    if len(raw) == 2:  # 23年 → 2023, 90年 → 1990
        y += 2000 if y <= today.year % 100 + 5 else 1900
    return y if 1900 <= y <= 2100 else None


def _years(today: dt.date) -> range:
    return range(today.year - 1, today.year + 2)


def _day_cands(today: dt.date, month: int, day: int) -> list[Span]:
    return [(d, d) for y in _years(today) if (d := _ymd(y, month, day))]


def _day_hit(d: dt.date | None, **flags: bool) -> _Hit:
    return _Hit(d, "day", d, **flags) if d else _INVALID


def _on_iso(m: re.Match[str], c: _Ctx) -> _Hit | None:
    y = int(m["y"])
    if not 1900 <= y <= 2100:
        return None
    return _day_hit(_ymd(y, int(m["m"]), int(m["d"])))


def _cn_numeral_ok(raw: str | None) -> bool:
    """A well-formed numeral (十二, 二十七, 廿七), not two juxtaposed ones (一二月份 = Jan–Feb)."""
    return raw is None or raw.isdigit() or raw == "元" or bool(_CN_PROPER.fullmatch(raw))


def _on_cn(m: re.Match[str], c: _Ctx) -> _Hit | None:
    mraw = m["m"]
    if not (_cn_numeral_ok(mraw) and _cn_numeral_ok(m["d"])) or _not_a_month(m):
        return None
    month = 1 if mraw == "元" else to_int(mraw)
    if m["y"] and _year(m["y"], c.today) is None:
        return None
    year = _said_year(m, c.today)
    if month is None or not 1 <= month <= 12:
        return _INVALID
    relative = bool(m["ry"])
    if m["d"] is not None:
        return _cn_day(m["d"], month, year, relative, c)
    return _cn_month(m, month, year, relative, c)


def _not_a_month(m: re.Match[str]) -> bool:
    """A Chinese-numeral month standing alone that is something else: 统一月缴, 每一月 (not
    January), 一月一次 / 三月两次 (a frequency)."""
    bare_cn = not (m["m"].isdigit() or m["y"] or m["ry"])
    if bare_cn and m.start() > 0 and m.string[m.start() - 1] in "统第每这那哪单逐按":
        return True
    return bool(bare_cn and not m["d"] and _FREQUENCY.match(m.string, m.end()))


def _said_year(m: re.Match[str], today: dt.date) -> int | None:
    """The year said (2024年, 明年), None when unsaid."""
    if m["y"]:
        return _year(m["y"], today)
    if m["ry"]:
        return today.year + _REL_YEAR[m["ry"]]
    return None


def _cn_day(raw: str, month: int, year: int | None, relative: bool, c: _Ctx) -> _Hit:
    """A day of the month: in the year said, or the nearest such day."""
    day = to_int(raw)
    if day is None:
        return _INVALID
    if year is not None:
        return _day_hit(_ymd(year, month, day), relative=relative)
    got = _pick(_day_cands(c.today, month, day), c.today, c.prefer)
    return _day_hit(got[0], year_inferred=True) if got else _INVALID


def _cn_month(m: re.Match[str], month: int, year: int | None, relative: bool, c: _Ctx) -> _Hit:
    """A month (its end, or a part of it: 上旬, 中旬, 下旬), in the year said or the nearest one."""
    inferred = year is None
    if year is None:
        cands = [(dt.date(y, month, 1), _month_end(y, month)) for y in _years(c.today)]
        year = _pick(cands, c.today, c.prefer)[0].year  # type: ignore[index]
    if m["end"]:
        return _day_hit(_month_end(year, month), year_inferred=inferred, relative=relative)
    if m["part"]:  # 上旬 1–10, 中旬 11–20, 下旬 21 to the end: a period, like a month
        first = {"上旬": 1, "初": 1, "中旬": 11, "中": 11, "下旬": 21}[m["part"]]
        last = _month_end(year, month) if first == 21 else dt.date(year, month, first + 9)
        return _Hit(dt.date(year, month, first), "month", last, inferred, relative)
    return _Hit(dt.date(year, month, 1), "month", _month_end(year, month), inferred, relative)


def _on_year(m: re.Match[str], c: _Ctx) -> _Hit | None:
    raw = m["y"]
    after = m.string[m.end() : m.end() + 2]
    plain_two_digits = len(raw) == 2 and not (m["du"] or after.startswith(("生", "出生")))
    recent = c.today.year % 100 - 5 <= int(raw) <= c.today.year % 100 + 2 if raw.isdigit() else False
    if plain_two_digits and (after.startswith("了") or not recent):
        return None  # "交了10年" / "交了20年了" are durations, not 2010 / 2020
    year = _year(raw, c.today)
    if year is None:
        return None
    return _Hit(dt.date(year, 1, 1), "year", dt.date(year, 12, 31))


def _on_rel_year(m: re.Match[str], c: _Ctx) -> _Hit:
    year = c.today.year + _REL_YEAR[m["ry"]]
    return _Hit(dt.date(year, 1, 1), "year", dt.date(year, 12, 31), relative=True)


def _on_rel_month(m: re.Match[str], c: _Ctx) -> _Hit:
    first = _add_months(c.today, _REL_MONTH[m["rm"]])
    last = _month_end(first.year, first.month)
    if m["end"]:
        return _day_hit(last, relative=True)
    if m["d"]:
        day = to_int(m["d"])
        return _day_hit(_ymd(first.year, first.month, day) if day else None, relative=True)
    return _Hit(first, "month", last, relative=True)


def _on_month_end(m: re.Match[str], c: _Ctx) -> _Hit:
    return _day_hit(_month_end(c.today.year, c.today.month), relative=True)


def _on_day_word(m: re.Match[str], c: _Ctx) -> _Hit:
    return _day_hit(c.today + dt.timedelta(days=_DAY_WORDS[m[0]]), relative=True)


def _on_recent(m: re.Match[str], c: _Ctx) -> _Hit:
    back = _RECENT_DAYS.get(m[0], 7)  # 上周 / 上礼拜: a week back
    return _day_hit(c.today - dt.timedelta(days=back), relative=True, rough=True)


def _on_weekday(m: re.Match[str], c: _Ctx) -> _Hit:
    raw = m["wd"]
    weekday = int(raw) - 1 if raw.isdigit() else _WEEKDAY[raw]
    monday = c.today - dt.timedelta(days=c.today.weekday())
    if m["rel"]:
        day = monday + dt.timedelta(weeks=_WEEK_SHIFT[m["rel"]], days=weekday)
    else:  # a bare 周一: the coming one (today if it is that day)
        day = c.today + dt.timedelta(days=(weekday - c.today.weekday()) % 7)
    return _day_hit(day, relative=True)


def _on_md(m: re.Match[str], c: _Ctx) -> _Hit | None:
    if m.string[max(0, m.start() - 2) : m.start()].rstrip().endswith(_CLOCK):
        return None
    month, day = int(m["m"]), int(m["d"])
    got = _pick(_day_cands(c.today, month, day), c.today, c.prefer)
    return _day_hit(got[0], year_inferred=True) if got else None  # "13.5" is not an impossible date


def _on_day(m: re.Match[str], c: _Ctx) -> _Hit | None:
    raw = m["d"]
    if not raw.isdigit() and (m["ds"] != "号" or not _cn_numeral_ok(raw)):
        return None  # 一日三餐: Chinese-numeral days need 号 when no month is given
    day = to_int(raw)
    if day is None or not 1 <= day <= 31:
        return None
    cands = [(d, d) for n in (-1, 0, 1) if (d := _ymd((f := _add_months(c.today, n)).year, f.month, day))]
    got = _pick(cands, c.today, c.prefer)
    return _day_hit(got[0], year_inferred=True) if got else None


def _lunar_day(raw: str) -> int | None:
    raw = raw.removeprefix("初")
    return to_int(raw) if _cn_numeral_ok(raw) else None


def _on_lunar(m: re.Match[str], c: _Ctx) -> _Hit:
    this = _lunar_year(c.today)
    if m["ry"]:
        span = _lunar_month(this + _REL_YEAR[m["ry"]], m["lm"])
    else:
        cands = [s for y in (this - 1, this, this + 1) if (s := _lunar_month(y, m["lm"]))]
        span = _pick(cands, c.today, c.prefer)
    if span is None:
        return _SWALLOW  # outside lunardate's years
    first, last = span
    flags = {"year_inferred": not m["ry"], "relative": bool(m["ry"]), "lunar": True}
    if m["ld"] is None:
        return _Hit(first, "month", last, **flags)
    day = _lunar_day(m["ld"])
    if day is None or not 1 <= day <= 30:
        return _INVALID
    # 腊月三十 in a 29-day month is still New Year's Eve to residents: clamp to the month's end.
    return _day_hit(min(first + dt.timedelta(days=day - 1), last), **flags)


def _on_spring(m: re.Match[str], c: _Ctx) -> _Hit:
    """"过年回去交": 正月初一 of the Spring Festival closest to today (ties: the coming one)."""
    this = _lunar_year(c.today)
    firsts = [span[0] for y in (this - 1, this, this + 1) if (span := _lunar_month(y, "正月"))]
    got = _pick([(d, d) for d in firsts], c.today, c.prefer)
    return _day_hit(got[0], year_inferred=True, lunar=True) if got else _SWALLOW


def _on_lunar_other(m: re.Match[str], c: _Ctx) -> _Hit:
    return _SWALLOW


Handler = Callable[[re.Match[str], _Ctx], _Hit | None]
_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (P_ISO, _on_iso),
    (P_LUNAR, _on_lunar),
    (P_SPRING, _on_spring),
    (P_LUNAR_OTHER, _on_lunar_other),
    (P_CN, _on_cn),
    (P_REL_MONTH, _on_rel_month),
    (P_MONTH_END, _on_month_end),
    (P_MD, _on_md),
    (P_DAY, _on_day),
    (P_YEAR, _on_year),
    (P_REL_YEAR, _on_rel_year),
    (P_DAY_WORD, _on_day_word),
    (P_WEEKDAY, _on_weekday),
    (P_RECENT, _on_recent),
)


# ---------------------------------------------------------------- scanning

_ZW = frozenset(ZERO_WIDTH)


def _prep(text: str) -> tuple[str, list[int]]:
    """Half-width text without zero-width characters, and each kept character's original index."""
    kept = [(i, ch) for i, ch in enumerate(halfwidth(text)) if ch not in _ZW]
    return "".join(ch for _, ch in kept), [i for i, _ in kept] + [len(text)]


def _scan(text: str, today: dt.date, prefer: Prefer) -> list[DateMention]:
    s, idx = _prep(text)
    ctx = _Ctx(today, prefer)
    hits: list[tuple[int, int, int, _Hit]] = []
    for rank, (pattern, handler) in enumerate(_PATTERNS):
        for m in pattern.finditer(s):
            hit = handler(m, ctx)
            if hit is not None and m.end() > m.start():
                hits.append((m.start(), m.end(), rank, hit))
    # Longest reading wins; among equals the earlier pattern in _PATTERNS.
    hits.sort(key=lambda h: (h[0] - h[1], h[0], h[2]))
    taken: list[tuple[int, int, _Hit]] = []
    for start, end, _, hit in hits:
        if all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, hit))
    out: list[DateMention] = []
    for start, end, hit in sorted(taken, key=lambda t: t[0]):
        if hit is _SWALLOW:
            continue
        a, b = idx[start], idx[end - 1] + 1
        flags = (hit.year_inferred, hit.relative, hit.lunar, hit.rough)
        out.append(DateMention(hit.date, hit.precision, a, b, text[a:b], hit.last, *flags))
    return out


def parse_dates(text: str, today: dt.date) -> list[DateMention]:
    """Every date mention in ``text``, in order; impossible ones (2月30日, 13月) with precision "invalid"."""
    return _scan(text, today, "nearest")


def parse_one_date(text: str, today: dt.date) -> dt.date | None:
    """The single calendar day in a short answer ("12月27号", "明天", "2023.12.27"), else None.

    None when there is no day-precise mention, an impossible one, or two different days; a month or
    year alone ("1月份", "今年") is too vague for a payment day and also gives None.
    """
    mentions = parse_dates(text, today)
    if any(not m.valid for m in mentions):
        return None
    days = {m.date for m in mentions if m.precision == "day"}
    if len(days) != 1:
        return None
    day = days.pop()
    coarse = [m for m in mentions if m.precision in ("month", "year")]
    if any(not (m.date and m.last and m.date <= day <= m.last) for m in coarse):
        return None  # "今年 … 明年1月5号": contradictory
    return day


# ---------------------------------------------------------------- births

_NEWBORN = re.compile(
    r"刚刚?出生|才出生|新出生|新生儿|[刚才]生(?![效病活成存意日气])|刚落地|刚降生|刚出世|婴儿|坐月子|月子里|满月|百天"
)
_BIRTH_AFTER = re.compile(
    r"\s*(?:的时候|时)?\s*的?\s*(?:刚刚|刚|才)?\s*(?:出生|出世|降生|落地|生(?![效病活成存意日气]))"
)
_BIRTH_BEFORE = re.compile(r"(?:出生|生日)(?:日期|时间)?\s*(?:是|为|于|在|:|：)?\s*$")
_NUM = r"\d{1,3}|[一二两三四五六七八九十百]{1,4}|半"
_UNIT = r"天|周|个?星期|个?礼拜|个多?月|岁|年"
_KID = r"(?:小)?(?:宝宝|宝|孩子|娃娃?|婴儿|小孩|崽崽?|新生儿|儿子|女儿|闺女|男孩|女孩)"
_AGE = re.compile(
    rf"(?:出生|生下来|落地|出世|(?<=[刚才])生了)\s*(?:了|后)?\s*(?:才|刚刚|刚|已经|快|有|满|差不多|大概|大约)?\s*"
    rf"(?P<n>{_NUM})\s*多?\s*(?P<u>{_UNIT})"
    rf"|(?<![\d{_CN}百])(?P<n2>{_NUM})\s*多?\s*(?P<u2>天|周|个?星期|个?礼拜|个多?月|岁)\s*多?\s*(?:大|的{_KID})"
    rf"|(?<![\d{_CN}百])(?P<n3>{_NUM})\s*多?\s*(?P<u3>{_UNIT})\s*(?:以|之)?前\s*(?:刚|才)?\s*(?:出生|生的|生了|生下)"
)
_SPECIAL_AGE = {"满月": (0, 1), "百天": (100, 0)}  # (days, months)


BirthPrecision = Literal["day", "month", "year"]


def _age_back(n_raw: str, unit: str, today: dt.date) -> tuple[dt.date, BirthPrecision] | None:
    half = n_raw == "半"
    n = 0 if half else to_int(n_raw)
    if n is None or n > 1200:
        return None
    if unit == "天":
        return today - dt.timedelta(days=n), "day"
    if unit in ("周", "星期", "个星期", "礼拜", "个礼拜"):
        return today - dt.timedelta(days=3 if half else 7 * n), "day"
    if unit in ("岁", "年"):
        return (_months_back(today, 6), "month") if half else (_months_back(today, 12 * n), "year")
    if half:  # 半个月
        return today - dt.timedelta(days=15), "day"
    return _months_back(today, n), "month"


def _is_newborn(born: dt.date, last: dt.date, today: dt.date) -> bool:
    return born <= today and last >= today - dt.timedelta(days=365)


def parse_birth(text: str, today: dt.date) -> BirthMention | None:
    """A child's birth: "12月5号出生的" / "去年腊月出生" / "出生20天" / "3个月大的宝宝" / "刚出生".

    A dated mention beats a relative age, which beats newborn wording alone (``born_on=None``).
    """
    s, idx = _prep(text)
    word = _NEWBORN.search(s)

    def out(born: dt.date, last: dt.date, approx: bool, prec: str, a: int, b: int) -> BirthMention:
        a, b = idx[a], idx[b - 1] + 1
        newborn = bool(word) or _is_newborn(born, last, today)
        return BirthMention(born, approx, newborn, prec, a, b, text[a:b])  # type: ignore[arg-type]

    # Mentions are recomputed on the cleaned text so their spans index ``s``.
    for m in _scan(s, today, "past"):
        if m.date is None or m.last is None:
            continue
        after = _BIRTH_AFTER.match(s, m.end)
        before = _BIRTH_BEFORE.search(s, max(0, m.start - 8), m.start)
        if after or before:
            a = before.start() if before else m.start
            b = after.end() if after else m.end
            rough = m.rough  # "上周刚出生": about a week ago, a rough age and not a day
            return out(m.date, m.last, rough or m.precision != "day", "week" if rough else m.precision, a, b)
    for m in _AGE.finditer(s):
        n, unit = next((m[f"n{k}"], m[f"u{k}"]) for k in ("", "2", "3") if m[f"n{k}"])
        got = _age_back(n, unit, today)
        if got:
            return out(got[0], got[0], True, got[1], m.start(), m.end())
    if word:
        for key, (days, months) in _SPECIAL_AGE.items():
            if key in word[0]:
                born = _months_back(today, months) - dt.timedelta(days=days)
                return out(born, born, True, "day" if days else "month", word.start(), word.end())
        a, b = idx[word.start()], idx[word.end() - 1] + 1
        return BirthMention(None, True, True, None, a, b, text[a:b])
    return None


def read_typed_date(text: str, today: dt.date) -> dt.date:
    """A date typed as the answer to a date question ("2024-01-15", "1月15日", "今天"), or
    InputError("bad_date") for the conversation to show beside the question again."""
    day = parse_one_date(text, today)
    if day is None:
        raise InputError("bad_date", text=text)
    return day


_DATE_WORDS = re.compile(
    r"[\d０-９〇零一二两三四五六七八九十廿\s\-./／年月日号號]|今天|明天|昨天|前天|后天|上个|下个|这个|本"
)


def looks_like_date(text: str) -> bool:
    """Digits and date words only (2024-01-15, 1月15日, 今天): a date attempt, not a question."""
    return bool(text.strip()) and not _DATE_WORDS.sub("", text)
