"""Blind table 9 (holdout9.yaml): 120 questions written from the notices alone by someone who
never saw the parser, kept as a test of the first reply. The table assumes today is 2023-11-20.

The checks are blind table 7's (``blind_tables.check``): ``answer`` (no question back, every
``must_contain`` figure or phrase in the reply, a figure as a whole number, a household's figure
also as its medical-only total), ``ask`` (no answer before the missing fact), ``not_stated``
(the reply says the notice is silent, and whom to ask).

First contact: 98/120 by that grader before the families it exposed were fixed (101 by hand:
entries 33, 65 and 66 below), 116/120 after (120 counting the four judgement entries). The
families, each with its own tests in ``test_blind9_families.py``: counts of people in a category
(A), household words (B), umbrella words naming several categories (C), topics (D: 国家补多少
beside a category's amount, 一档二档的区别, a day past every window, a newborn's next year),
places and apps (E: 乌拉特后旗, 蒙速办), and 新疆 48号 for someone insured in another province (F).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from blind_tables import assert_whole, first_reply, load, params

from bot.knowledge.base import KnowledgeBase
from bot.understand.ask import ask

TABLE = load("holdout9.yaml")
TODAY = dt.date(2023, 11, 20)  # the table was written for this day

# 1-based entry → why the table's expectation is not what the bot does (answered another way on purpose)
JUDGEMENT = {
    33: "户口在和田 低保在和田认定 在乌鲁木齐参保: the reply quotes 48号 二（六） (the 认定地's 医保部门 "
        "by its standard) without repeating the place's name 和田, which the automatic check looks for",
    60: "屯留 残疾人: an umbrella word; the reply gives 1、2级重度残疾人 76 and the other grades 380 (the "
        "notice's 普通人员) first, then offers the choice, which the check counts as a question back",
    65: "乌拉特前旗 监测户: the payers are named as the notice's figures carry them, "
        "'乌拉特前旗医疗保障局200元、乌拉特前旗乡村振兴局200元'; "
        "the table's '医保局' is that office's short name",
    66: "乌拉特前旗 脱贫户中的低保对象: the same payers, named '乌拉特前旗医疗保障局'; "
        "the table wants '医保局'",
}
# 1-based entry → a real miss left for later: strict xfail, so fixing one makes this file say so
FAILING: dict[int, str] = {}


def test_the_table_is_whole() -> None:
    assert_whole(TABLE, 120, JUDGEMENT, FAILING)


@pytest.mark.parametrize(("n", "entry"), params(TABLE, FAILING))
def test_first_reply(kb: KnowledgeBase, n: int, entry: dict[str, Any]) -> None:
    first_reply(kb, entry, TODAY, judged=n in JUDGEMENT)


def test_judgement_entries_say_what_the_notice_says(kb: KnowledgeBase) -> None:
    r = ask(kb, TABLE[32]["q"], TODAY)  # 33: 48号 二（六）, the 认定地 and its standard
    assert any("困难身份认定地" in f.text and f.source and f.source.clause == "二（六）" for f in r.facts)
    r = ask(kb, TABLE[59]["q"], TODAY)  # 60: each grade's figure before the choice
    assert [(c.category, c.answer.total_personal) for c in r.candidates] == [("canji", 76), ("ordinary", 380)]
    for n in (65, 66):
        r = ask(kb, TABLE[n - 1]["q"], TODAY)
        assert r.answer is not None and r.answer.total_personal == 0
        assert set(r.answer.medical.subsidy_payers) >= {"乌拉特前旗医疗保障局", "乌拉特前旗乡村振兴局"}
