"""Traditional characters and words typed by sound."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.understand.slots import understand
from bot.understand.spelling import simplified, sounds_alike

TODAY = dt.date(2023, 11, 1)


def test_traditional_reads_as_simplified():
    assert simplified("烏魯木齊醫保繳費截止到幾號？") == "乌鲁木齐医保缴费截止到几号？"
    assert simplified("屯留低保户12月5号") == "屯留低保户12月5号"


@pytest.mark.parametrize(
    ("typed", "word"),
    [("低宝户", "低保户"), ("底保户", "低保户"), ("特捆户", "特困户"), ("监侧户", "监测户"),
     ("dibao户", "低保户")],
)
def test_a_word_typed_by_sound_is_found(typed: str, word: str):
    text = f"我是{typed}交多少"
    found = sounds_alike(text, frozenset({"低保户", "特困户", "监测户"}), [False] * len(text))
    assert [w for _, _, w in found] == [word]


@pytest.mark.parametrize("text", ["核酸检测要钱吗", "五十块", "地报户口"])
def test_everyday_words_that_sound_alike_are_left_alone(text: str):
    found = sounds_alike(text, frozenset({"监测户", "乌市", "低保户"}), [False] * len(text))
    assert found == []


def test_understanding_uses_both(kb):
    u = understand(kb, "酉陽 一檔 低宝户 繳多少", TODAY)
    assert u.region == "酉阳土家族苗族自治县" and u.tier == 1
    assert u.identity_words == ["低保户"] and u.topic == "how_much"
    assert understand(kb, "屯流区五十块", TODAY).region == "长治市屯留区"
    assert understand(kb, "乌鲁木齐五十块", TODAY).identity_words == []
