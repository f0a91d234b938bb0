"""Numerals and tiers; and every understand primitive's robustness on junk."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import privacy
from bot.understand import dates, numbers, topics
from bot.understand.numbers import normalise, tier, to_int

NORMALISE = [
    ("１２月２７号", "12月27号"),
    ("交　多少\u200b钱", "交 多少钱"),
    ("  乌鲁木齐\n\n低保户  ", "乌鲁木齐 低保户"),
    ("ＡＢＣ１２３！？", "ABC123!?"),
    ("三百八十元", "三百八十元"),
    ("\ufeff酉阳\u200d二挡", "酉阳二挡"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), NORMALISE)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


TO_INT = [
    ("三百八十", 380),
    ("七百五十五", 755),
    ("380", 380),
    ("３８０", 380),
    ("两百", 200),
    ("三百八", 380),
    ("3百8", 380),
    ("一千零五十", 1050),
    ("二十七", 27),
    ("廿七", 27),
    ("卅一", 31),
    ("二〇二三", 2023),
    ("十", 10),
    ("三四百", None),
    ("几百", None),
    ("abc", None),
    ("", None),
    ("三点五", None),
    ("😀", None),
]


@pytest.mark.parametrize(("numeral", "expected"), TO_INT)
def test_to_int(numeral: str, expected: int | None) -> None:
    assert to_int(numeral) == expected


TIERS = [
    ("酉阳一档多少钱", 1),
    ("酉阳二档多少钱", 2),
    ("酉阳二挡多少钱", 2),
    ("1档", 1),
    ("2 档", 2),
    ("第二档", 2),
    ("第一档次", 1),
    ("档次二", 2),
    ("档次是1", 1),
    ("交低档", 1),
    ("想交高档的", 2),
    ("最低档", 1),
    ("２档", 2),
    ("一档和二档有什么区别", None),
    ("一二档", None),
    ("有两档吗", None),
    ("档案在哪", None),
    ("交多少钱", None),
    ("12档", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), TIERS)
def test_tier(text: str, expected: int | None) -> None:
    assert tier(text) == expected


# ---------------------------------------------------------------- robustness

TODAY = dt.date(2023, 12, 20)
JUNK = [
    "😀😀😀🎉",
    "hello how much do I pay",
    "？？？！！！。。。",
    "，。、；：",
    "交" * 5000,
    "1" * 5000,
    "12月" * 2500,
    "650102199001011234",
    "\u200b\u200c\u200d\ufeff",
    "\x00\x01\x02",
    "   \n\t  ",
    "𠀀𠀁 surrogate-free astral",
    "〇〇〇〇年〇〇月〇〇日",
    "年月日号",
    "99999999999999999999元",
    "第九九九九九九九九档",
]


def _every_function(text: str) -> None:
    normalise(text)
    to_int(text)
    tier(text)
    numbers.tier_choice(text)
    numbers.tier_by_standard(text, {380: 1, 755: 2})
    dates.parse_dates(text, TODAY)
    dates.parse_one_date(text, TODAY)
    dates.parse_birth(text, TODAY)
    topics.classify_topic(text)
    privacy.redact(text)
    privacy.contains_sensitive(text)
    privacy.redact_log(text)


@pytest.mark.parametrize("text", JUNK)
def test_junk_never_raises(text: str) -> None:
    _every_function(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_never_raises(text: str) -> None:
    _every_function(text)


_WORDS = ["今年", "去年", "腊月", "正月", "农历", "出生", "个月", "天", "下个月", "月底", "初"]
_PIECES = st.sampled_from([*"0123456789一二三四五六七八九十廿百千万零〇年月日号元块档挡.-/ ", *_WORDS])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_date_like_text_never_raises(text: str) -> None:
    _every_function(text)
    for m in dates.parse_dates(text, TODAY):
        assert text[m.start : m.end] == m.text
        assert (m.date is None) == (m.precision == "invalid")
