"""The families of failure blind table 12 exposed (issue 13), each tested on sentences of its
own rather than the table's: the family is fixed, not the sentence."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import FactView
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.topics import classify_topic

TODAY = dt.date(2023, 11, 5)


def _clauses(facts: list[FactView], topic: str) -> list[str]:
    return [f.source.clause for f in facts if f.topic == topic and f.source]


# ---- 1. a payment missed, asked whether it can still be made -----------------------------------


def test_1_missed_then_can_i_still_pay_is_the_deadline(kb: KnowledgeBase) -> None:
    assert classify_topic("去年年底没缴上 1月份还可以交吗") == "deadline"
    r = ask(kb, "乌鲁木齐 12月份没交上 过了年还能交不", TODAY)
    text = ask_reply(kb, r)
    assert r.answer is not None and "1月31" in text and "次月" in text


def test_1_a_payment_not_showing_is_still_a_receipt(kb: KnowledgeBase) -> None:
    # no can-I-still-pay word: 没交上 is a payment to look up
    assert classify_topic("乌鲁木齐 钱扣了 显示没交上 咋查") == "receipt"


# ---- 2. officials' duties -----------------------------------------------------------------------


def test_2_what_the_community_has_to_do_is_the_organisation_clause(kb: KnowledgeBase) -> None:
    r = ask(kb, "米东区 我们社区这次医保征缴干什么", TODAY)
    assert "四（二）" in _clauses(r.facts, "organisation")
    assert "台账" in ask_reply(kb, r) and "动员" in ask_reply(kb, r)
    r = ask(kb, "乌拉特前旗 苏木干部宣传医保要做啥", TODAY)
    assert any("四（三）" in c for c in _clauses(r.facts, "organisation"))
    assert "微信群" in ask_reply(kb, r)


# ---- 3. a target date asked --------------------------------------------------------------------


def test_3_by_which_day_says_the_subsidised_target(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐的低保户参保哪天之前要办完", TODAY)
    assert classify_topic("低保户参保哪天之前要办完") == "deadline"
    assert "11月30" in ask_reply(kb, r)


# ---- 4. a move to employee insurance, asked about resident cover --------------------------------


def test_4_moving_to_employee_insurance_quotes_the_resident_rule(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 下半年转为职工医保了 空窗期能报销不", TODAY)
    assert r.error is None and "region" not in r.missing
    assert "三" in _clauses(r.facts, "waiting_period")
    assert "居民医保待遇" in ask_reply(kb, r)


def test_4_employee_insurance_alone_is_still_not_ours(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳职工医保交多少", TODAY)
    assert r.answer is None and not r.facts and "12333" in ask_reply(kb, r)


# ---- 5. one person, a named category and an umbrella word -------------------------------------


def test_5_umbrella_beside_a_named_category_answers_when_it_changes_nothing(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 我是特困 又是残疾人 交多少", TODAY)
    assert r.answer is not None and not r.missing and not r.ambiguous
    assert [a.total_personal for a in r.by_tier] == [0, 375]
    text = ask_reply(kb, r)
    assert "就高" in text and "还需要知道" not in text


def test_5_umbrella_alone_still_lists_each_meaning_and_asks(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 残疾人交多少", TODAY)
    assert r.answer is None and "identities" in r.missing and len(r.candidates) == 3


# ---- 6. answers needing no region -------------------------------------------------------------


def test_6_the_region_wide_rules_named_by_their_number_set_no_amount(kb: KnowledgeBase) -> None:
    r = ask(kb, "新医保发48号 特困人员自己要交多少", TODAY)
    assert "region" not in r.missing and r.wide is not None and r.wide.amounts
    assert "当地" in ask_reply(kb, r)


def test_6_a_known_city_on_no_file_says_which_are_on_file(kb: KnowledgeBase) -> None:
    r = ask(kb, "包头的低保户交多少钱", TODAY)
    assert r.answer is None and "region" not in r.missing
    text = ask_reply(kb, r)
    assert "不在我这里" in text and all(kb.regions[k].name in text for k in kb.regions)
    # a city where someone works is not where they insure: the region is still asked
    assert "region" in ask(kb, "在成都打工 医保交多少", TODAY).missing
