"""Date mentions as residents write them; year inference around ``today``."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.understand.dates import parse_birth, parse_dates, parse_one_date

D = dt.date
SEASON = D(2023, 12, 20)  # inside the 2024 collection season
NEW_YEAR = D(2024, 1, 5)  # just after New Year: a bare 12月 is last December
SUMMER = D(2023, 7, 1)
SPRING = D(2024, 3, 10)  # after Spring Festival 2024 (2024-02-10)


def _simple(text: str, today: dt.date) -> list[tuple[str | None, str, str]]:
    return [(m.date.isoformat() if m.date else None, m.precision, m.text) for m in parse_dates(text, today)]


# (text, today, [(iso date or None, precision, matched text), ...])
CASES = [
    # explicit full dates
    ("2023-12-27", SEASON, [("2023-12-27", "day", "2023-12-27")]),
    ("2023/12/27交的", SEASON, [("2023-12-27", "day", "2023/12/27")]),
    ("2023.12.27", SEASON, [("2023-12-27", "day", "2023.12.27")]),
    ("2024-1-5号", SEASON, [("2024-01-05", "day", "2024-1-5号")]),
    ("2023年12月27日", SEASON, [("2023-12-27", "day", "2023年12月27日")]),
    ("2023年12月27号交的行不行", SEASON, [("2023-12-27", "day", "2023年12月27号")]),
    ("23年12月27号", SEASON, [("2023-12-27", "day", "23年12月27号")]),
    ("2024 年 1 月 3 日", SEASON, [("2024-01-03", "day", "2024 年 1 月 3 日")]),
    ("二〇二三年十二月二十七日", SEASON, [("2023-12-27", "day", "二〇二三年十二月二十七日")]),
    ("二零二四年一月五号", SEASON, [("2024-01-05", "day", "二零二四年一月五号")]),
    ("２０２３年１２月２７日", SEASON, [("2023-12-27", "day", "２０２３年１２月２７日")]),
    # month/day without a year: the nearest occurrence
    ("12月27号", SEASON, [("2023-12-27", "day", "12月27号")]),
    ("12月27日", SEASON, [("2023-12-27", "day", "12月27日")]),
    ("12月27号", NEW_YEAR, [("2023-12-27", "day", "12月27号")]),
    ("1月3号", SEASON, [("2024-01-03", "day", "1月3号")]),
    ("9月1日", SEASON, [("2023-09-01", "day", "9月1日")]),
    ("3月31日", SEASON, [("2024-03-31", "day", "3月31日")]),
    ("6月30日", SEASON, [("2023-06-30", "day", "6月30日")]),  # 173 days back beats 193 ahead
    ("12月27", SEASON, [("2023-12-27", "day", "12月27")]),
    ("十二月二十七日", SEASON, [("2023-12-27", "day", "十二月二十七日")]),
    ("十二月廿七", SEASON, [("2023-12-27", "day", "十二月廿七")]),
    ("一月五号", SEASON, [("2024-01-05", "day", "一月五号")]),
    ("元月5号", SEASON, [("2024-01-05", "day", "元月5号")]),
    ("１２月２７号", SEASON, [("2023-12-27", "day", "１２月２７号")]),
    ("2月29日", SEASON, [("2024-02-29", "day", "2月29日")]),
    ("我是屯留的脱贫户，12月27号还能交吗", SEASON, [("2023-12-27", "day", "12月27号")]),
    ("12月1日至12月25日", SEASON, [("2023-12-01", "day", "12月1日"), ("2023-12-25", "day", "12月25日")]),
    # month.day and month/day
    ("12.27", SEASON, [("2023-12-27", "day", "12.27")]),
    ("12/27", SEASON, [("2023-12-27", "day", "12/27")]),
    ("12.27号交的", SEASON, [("2023-12-27", "day", "12.27号")]),
    ("1.5能交吗", SEASON, [("2024-01-05", "day", "1.5")]),
    ("12.5元", SEASON, []),
    ("交了12.5块", SEASON, []),
    ("13.5", SEASON, []),
    ("12.50", SEASON, []),
    ("￥12.27", SEASON, []),
    # month only
    ("明年1月", SEASON, [("2024-01-01", "month", "明年1月")]),
    ("1月份", SEASON, [("2024-01-01", "month", "1月份")]),
    ("1月份", SUMMER, [("2023-01-01", "month", "1月份")]),
    ("今年12月", SEASON, [("2023-12-01", "month", "今年12月")]),
    ("去年12月", NEW_YEAR, [("2023-12-01", "month", "去年12月")]),
    ("2024年3月", SEASON, [("2024-03-01", "month", "2024年3月")]),
    ("三月份", SEASON, [("2024-03-01", "month", "三月份")]),
    ("12月", NEW_YEAR, [("2023-12-01", "month", "12月")]),
    # month ends
    ("12月底", SEASON, [("2023-12-31", "day", "12月底")]),
    ("2024年3月底前", SEASON, [("2024-03-31", "day", "2024年3月底")]),
    ("月底前能交吗", SEASON, [("2023-12-31", "day", "月底")]),
    ("这个月底", SEASON, [("2023-12-31", "day", "这个月底")]),
    # relative
    ("下个月", SEASON, [("2024-01-01", "month", "下个月")]),
    ("下月", SEASON, [("2024-01-01", "month", "下月")]),
    ("这个月", SEASON, [("2023-12-01", "month", "这个月")]),
    ("本月", SEASON, [("2023-12-01", "month", "本月")]),
    ("上个月", SEASON, [("2023-11-01", "month", "上个月")]),
    ("上个月", NEW_YEAR, [("2023-12-01", "month", "上个月")]),
    ("下个月5号", SEASON, [("2024-01-05", "day", "下个月5号")]),
    ("本月二十五日", SEASON, [("2023-12-25", "day", "本月二十五日")]),
    ("今天", SEASON, [("2023-12-20", "day", "今天")]),
    ("今日", SEASON, [("2023-12-20", "day", "今日")]),
    ("明天还能交吗", SEASON, [("2023-12-21", "day", "明天")]),
    ("昨天交的", SEASON, [("2023-12-19", "day", "昨天")]),
    ("前天", SEASON, [("2023-12-18", "day", "前天")]),
    ("后天", SEASON, [("2023-12-22", "day", "后天")]),
    ("明天", D(2023, 12, 31), [("2024-01-01", "day", "明天")]),
    # year only
    ("今年", SEASON, [("2023-01-01", "year", "今年")]),
    ("去年", SEASON, [("2022-01-01", "year", "去年")]),
    ("明年交多少", SEASON, [("2024-01-01", "year", "明年")]),
    ("2024年度", SEASON, [("2024-01-01", "year", "2024年度")]),
    ("24年度", SEASON, [("2024-01-01", "year", "24年度")]),
    # day only: nearest such day (last, this or next month)
    ("27号还能交吗", SEASON, [("2023-12-27", "day", "27号")]),
    ("5号", SEASON, [("2023-12-05", "day", "5号")]),  # 15 days back beats 16 ahead
    ("31号", NEW_YEAR, [("2023-12-31", "day", "31号")]),
    ("30号", D(2024, 3, 2), [("2024-03-30", "day", "30号")]),  # February has no 30th
    ("二十五号", SEASON, [("2023-12-25", "day", "二十五号")]),
    # impossible dates are reported, not dropped
    ("2月30日", SEASON, [(None, "invalid", "2月30日")]),
    ("13月", SEASON, [(None, "invalid", "13月")]),
    ("2023年2月29日", SEASON, [(None, "invalid", "2023年2月29日")]),
    ("2023-13-01", SEASON, [(None, "invalid", "2023-13-01")]),
    ("十三月五号", SEASON, [(None, "invalid", "十三月五号")]),
    ("4月31号", SEASON, [(None, "invalid", "4月31号")]),
    # lunar 正月/腊月
    ("腊月二十三", SEASON, [("2024-02-02", "day", "腊月二十三")]),
    ("正月十五", SEASON, [("2024-02-24", "day", "正月十五")]),
    ("去年腊月", SPRING, [("2024-01-11", "month", "去年腊月")]),
    ("腊月初八", SPRING, [("2024-01-18", "day", "腊月初八")]),
    ("农历十一月初五", SEASON, []),
    # not dates
    ("每月1-25日可办理缴费", SEASON, []),
    ("新医保发〔2023〕5号", SEASON, []),
    ("住3号楼", SEASON, []),
    ("交了10年了", SEASON, []),
    ("交了20年了", SEASON, []),
    ("都2024年了", SEASON, [("2024-01-01", "year", "2024年")]),
    ("23年交的", SEASON, [("2023-01-01", "year", "23年")]),
    ("90年出生", SEASON, [("1990-01-01", "year", "90年")]),
    ("统一月缴", SEASON, []),
    ("一月一次", SEASON, []),
    ("3个月", SEASON, []),
    ("380元", SEASON, []),
    ("一二月份", SEASON, []),  # January–February, not December
    ("一二号", SEASON, []),
    ("下午3.30交的", SEASON, []),  # a time
    ("体温36.5", SEASON, []),
    ("12/25/2023", SEASON, []),  # US order: unsupported, not misread
    ("", SEASON, []),
]


@pytest.mark.parametrize(("text", "today", "expected"), CASES)
def test_parse_dates(text: str, today: dt.date, expected: list[tuple[str | None, str, str]]) -> None:
    assert _simple(text, today) == expected


def test_span_points_into_original_text() -> None:
    text = "我是屯留的脱贫户，１２月\u200b２７号还能交吗"
    (m,) = parse_dates(text, SEASON)
    assert text[m.start : m.end] == m.text == "１２月\u200b２７号"
    assert m.date == D(2023, 12, 27)


def test_flags() -> None:
    inferred, relative, explicit = parse_dates("12月27号 明天 2023年12月27日", SEASON)
    assert inferred.year_inferred and not inferred.relative
    assert relative.relative and not relative.year_inferred
    assert not explicit.year_inferred and not explicit.relative
    (month,) = parse_dates("明年1月", SEASON)
    assert (month.precision, month.last) == ("month", D(2024, 1, 31))
    (lunar,) = parse_dates("去年腊月", SPRING)
    assert lunar.lunar and lunar.last == D(2024, 2, 9)


def test_lunar_dates_after_2029_come_from_lunardate() -> None:
    """The hand-typed table ended with lunar year 2029; lunardate covers to 2099."""
    winter = D(2030, 12, 1)
    assert _simple("腊月二十三", winter) == [("2031-01-16", "day", "腊月二十三")]
    assert _simple("明年正月十五", winter) == [("2031-02-06", "day", "明年正月十五")]
    (month,) = parse_dates("去年腊月", D(2031, 3, 1))  # lunar year 2030's 腊月
    assert (month.date, month.last, month.lunar) == (D(2030, 12, 25), D(2031, 1, 22), True)
    assert parse_one_date("正月十五", D(2099, 1, 10)) == D(2099, 2, 4)


def test_tie_goes_to_the_future() -> None:
    (m,) = parse_dates("6月15日", D(2023, 12, 15))  # 183 days back, 183 days ahead
    assert m.date == D(2024, 6, 15)


ONE_DATE = [
    ("12月27号", SEASON, D(2023, 12, 27)),
    ("27号", SEASON, D(2023, 12, 27)),
    ("明天", SEASON, D(2023, 12, 21)),
    ("2023.12.27", SEASON, D(2023, 12, 27)),
    ("打算腊月初八去交", SEASON, D(2024, 1, 18)),
    ("今年12月27号", SEASON, D(2023, 12, 27)),
    ("12月27号，就是明天后", SEASON, None),  # two different days
    ("1月份", SEASON, None),  # a month is not a day
    ("今年", SEASON, None),
    ("2月30日", SEASON, None),
    ("不知道", SEASON, None),
    ("", SEASON, None),
    ("今年 2024年1月5号", SEASON, None),  # contradictory year
]


@pytest.mark.parametrize(("text", "today", "expected"), ONE_DATE)
def test_parse_one_date(text: str, today: dt.date, expected: dt.date | None) -> None:
    assert parse_one_date(text, today) == expected


# (text, today, born_on, approximate, newborn)
BIRTHS = [
    ("孩子刚出生怎么参保", SEASON, None, True, True),
    ("上个月出生的", SEASON, D(2023, 11, 1), True, True),
    ("出生20天", SEASON, D(2023, 11, 30), True, True),
    ("出生3个月", SEASON, D(2023, 9, 20), True, True),
    ("娃娃是去年腊月出生的", SPRING, D(2024, 1, 11), True, True),
    ("孩子是12月5号出生的", NEW_YEAR, D(2023, 12, 5), False, True),
    ("12月25号生的", SEASON, D(2022, 12, 25), False, True),  # not yet this year: last year's
    ("出生日期2023.11.3", SEASON, D(2023, 11, 3), False, True),
    ("3个月大的宝宝", SEASON, D(2023, 9, 20), True, True),
    ("两个多月的娃", SEASON, D(2023, 10, 20), True, True),
    ("宝宝刚满月", SEASON, D(2023, 11, 20), True, True),
    ("昨天刚生的", SEASON, D(2023, 12, 19), False, True),
    ("1990年出生的", SEASON, D(1990, 1, 1), True, False),
    ("半岁的孩子", SEASON, D(2023, 6, 20), True, True),
    ("出生半个月", SEASON, D(2023, 12, 5), True, True),
    ("新生儿", SEASON, None, True, True),
    ("两个月前出生", SEASON, D(2023, 10, 20), True, True),
    ("20天前生的", SEASON, D(2023, 11, 30), True, True),
    ("孩子12月出生", NEW_YEAR, D(2023, 12, 1), True, True),
    ("2023年出生的", SEASON, D(2023, 1, 1), True, True),
    ("生日是11月3号", SEASON, D(2023, 11, 3), False, True),
]


@pytest.mark.parametrize(("text", "today", "born_on", "approximate", "newborn"), BIRTHS)
def test_parse_birth(
    text: str, today: dt.date, born_on: dt.date | None, approximate: bool, newborn: bool
) -> None:
    b = parse_birth(text, today)
    assert b is not None
    assert (b.born_on, b.approximate, b.newborn) == (born_on, approximate, newborn)
    assert text[b.start : b.end] == b.text


@pytest.mark.parametrize("text", ["交多少钱", "保险刚生效", "我是学生", "", "12月27号交"])
def test_no_birth(text: str) -> None:
    assert parse_birth(text, SEASON) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下周一去交行不", dt.date(2023, 12, 25)),  # today is Wednesday 2023-12-20
        ("下礼拜三", dt.date(2023, 12, 27)),
        ("这周五", dt.date(2023, 12, 22)),
        ("上星期天", dt.date(2023, 12, 17)),
        ("周三", dt.date(2023, 12, 20)),  # a bare weekday: the coming one, today included
        ("礼拜一", dt.date(2023, 12, 25)),
    ],
)
def test_weekdays(text: str, expected: dt.date) -> None:
    assert parse_one_date(text, dt.date(2023, 12, 20)) == expected


@pytest.mark.parametrize("text", ["一周一次", "每周一", "两周以后", "三周一共"])
def test_counts_of_weeks_are_not_dates(text: str) -> None:
    assert parse_dates(text, dt.date(2023, 12, 20)) == []


def test_end_of_last_month_said_with_month_twice() -> None:
    # "上个月月底": the last day of last month, not of this one
    assert parse_one_date("上个月月底交的医保", dt.date(2024, 2, 10)) == dt.date(2024, 1, 31)
