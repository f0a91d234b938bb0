"""Blind table 7, family 2: a newborn's question without the birth day is answered at once
with the notice's newborn rule (the amount, the N days, the waiting period, the birth year),
never only "还需要知道：宝宝出生日期"; a birth day said still gives the worked-out answer."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

TODAY = dt.date(2023, 10, 15)


@pytest.mark.parametrize(("text", "word", "clause"), [
    ("屯留 娃2023年8月生的 错过交费了 2024年的还能补交吗", "2024年3月底前", "三"),
    ("张店镇 2024年生的娃 当年医保要交钱不", "参保登记", "三"),
    ("小佘太镇 刚出生的宝宝医保交多少", "400元", "一（三）、二（一）"),
    ("乌拉特前旗 孩子生下来多少天内办参保 出生就能报吗", "90天内", "一（三）、二（一）"),
    ("酉阳 新生儿参保有没有等待期", "不设待遇等待期", "三、四（二）"),
    ("乌市新生儿医保交多少", "90天", "二（二）"),
])
def test_the_rule_answers_without_the_birth_day(kb: KnowledgeBase, text: str, word: str, clause: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.missing == [] and r.newborn_rule and r.understood.born_on is None
    assert any(word in f.text for f in r.facts)
    assert any(c == clause for _, c in r.sources)
    reply = ask_reply(kb, r)
    assert "还需要知道" not in reply and word in reply
    # the guided questions go on by asking the day that refines it
    assert r.carry.newborn is True and r.carry.born_on is None


def test_a_birth_day_said_is_still_worked_out(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 宝宝2023年9月20号出生 10月15号交 交多少", TODAY)
    assert r.answer is not None and not r.newborn_rule and r.answer.born_on == dt.date(2023, 9, 20)


def test_not_a_newborn_is_not_answered_with_the_newborn_rule(kb: KnowledgeBase) -> None:
    r = ask(kb, "小佘太镇 医保交多少", TODAY)
    assert r.answer is not None and not r.newborn_rule


def test_a_birth_month_in_a_household_is_read(kb: KnowledgeBase) -> None:
    """屯留: a baby born in 2024 pays nothing in its birth year; the month settles the year."""
    r = ask(kb, "屯留 我家4口 两个低保 一个普通 还有个2024年3月刚生的宝宝 2024年度一共交多少", TODAY)
    assert r.household is not None and r.household.total_personal == 76 * 2 + 380 + 0
    assert r.member_missing == []
    assert "按当月1日算" in ask_reply(kb, r)


def test_a_born_2023_baby_pays_the_ordinary_figure_for_2024(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 我家4口 两个低保 一个普通 一个2023年8月出生的宝宝 2024年的一共交多少", TODAY)
    assert r.household is not None and r.household.total_personal == 76 * 2 + 380 + 380


def test_the_day_is_still_asked_where_the_month_straddles_the_n_days(kb: KnowledgeBase) -> None:
    # paid 2024-06-15: born 3月1日 is 106 days before (ordinary cover), 3月31日 76 days (cover from birth)
    r = ask(kb, "乌鲁木齐 我家3口 两个普通 一个2024年3月出生的宝宝 2024年6月15号交 一共多少", TODAY)
    assert r.household is not None and r.member_missing == [(1, "born_on")]
