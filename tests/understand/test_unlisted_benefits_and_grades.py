"""Blind table 7, families 5 and 6: a disability grade the notice's table does not list is
the notice's case for the other grades (no question back), and a question on a benefit the
notice does not state ("门诊报销比例") gets what it leaves unstated, not another benefit's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

TODAY = dt.date(2023, 10, 15)


@pytest.mark.parametrize("text", ["麟绛街道 三级残疾 医保有补助吗", "屯留 我是4级残疾 交多少",
                                  "屯留 四级残疾人医保交多少"])
def test_a_grade_the_table_does_not_list_is_the_other_grades_case(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.missing == [] and not r.ambiguous and r.answer is not None
    assert r.answer.identity_id == "ordinary" and r.answer.total_personal == 380
    assert "不在通知列出资助的等级里" in ask_reply(kb, r)


@pytest.mark.parametrize("text", ["屯留 一级残疾 交多少", "屯留 2级残疾 医保交多少"])
def test_a_listed_grade_keeps_its_subsidy(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.identity_id == "canji" and r.answer.total_personal == 76


def test_a_disability_without_a_grade_is_still_asked(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 残疾人医保交多少", TODAY)
    assert r.answer is None and r.ambiguous


@pytest.mark.parametrize("text", ["酉阳 门诊报销比例多少", "酉阳 住院报销比例多少",
                                  "酉阳 门诊看病买药 医保能报好多"])
def test_a_benefit_the_notice_does_not_state_is_said_so(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.facts and all(not f.stated for f in r.facts)
    reply = ask_reply(kb, r)
    assert "未写明" in reply and "可问" in reply and "17833" not in reply


@pytest.mark.parametrize(("text", "figure"), [("酉阳 顺产能报多少钱", "600"),
                                              ("酉阳 大病保险起付线多少", "17833")])
def test_a_benefit_the_notice_states_is_quoted(kb: KnowledgeBase, text: str, figure: str) -> None:
    r = ask(kb, text, TODAY)
    assert any(f.stated and figure in f.text for f in r.facts)
