"""The families of failure blind table 10 exposed (issue 13), each tested on sentences of its
own rather than the table's: the family is fixed, not the sentence."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import FactView
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.slots import understand

TODAY = dt.date(2023, 12, 10)


def _members(r) -> list[tuple[int, list[str], bool, int | None]]:
    return [(m.count, m.identities, m.ordinary, m.tier) for m in r.members]


def _one(kb: KnowledgeBase, text: str) -> int:
    """One person's figure, as the bot answers it alone: the household must add up to these."""
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.total_personal is not None, text
    return r.answer.total_personal


def _clauses(facts: list[FactView], topic: str) -> list[str]:
    return [f.source.clause for f in facts if f.topic == topic and f.source]


# ---- A. a village's counts in one message ------------------------------------------------------


def test_a_list_of_bare_counts_is_a_group_each(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 村里普通500人 低保20 特困3 个人一共收多少", TODAY)
    assert _members(r) == [(500, [], True, None), (20, ["dibao"], False, None), (3, ["tekun"], False, None)]
    assert r.household is not None
    each = [_one(kb, f"屯留 {w}交多少") for w in ("普通居民", "低保", "特困")]
    assert r.household.total_personal == 500 * each[0] + 20 * each[1] + 3 * each[2]


def test_a_count_after_the_peoples_noun(kb: KnowledgeBase) -> None:
    r = ask(kb, "前旗 嘎查里普通农牧民40个 单纯低保6个 一共收多少", TODAY)
    assert [m.count for m in r.members] == [40, 6]
    each = [_one(kb, f"前旗 {w}交多少") for w in ("普通居民", "单纯低保")]
    assert r.household is not None and r.household.total_personal == 40 * each[0] + 6 * each[1]


def test_one_number_after_a_category_is_not_a_count(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 低保304 是资助的钱吗", TODAY)
    assert all(m.count == 1 for m in r.members)
    r = ask(kb, "屯留 低保2024年交多少", TODAY)  # a year, not 2024 people
    assert all(m.count == 1 for m in r.members)


def test_a_tier_written_before_its_group_is_that_groups(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 二档普通30人 一档低保10人 一共好多", TODAY)
    assert _members(r) == [(30, [], True, 2), (10, ["dibao"], False, 1)]
    r = ask(kb, "酉阳 爷爷一档我和老婆二档 一共好多", TODAY)  # said after its people: theirs
    assert [m.tier for m in r.members] == [1, 2]


def test_a_groups_subsidy_total_is_asked_of_the_payer(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 低保20人 医疗救助一共资助多少", TODAY)
    assert r.understood.topic == "how_much" and r.household is not None
    per_person = ask(kb, "屯留 低保交多少", TODAY).answer
    assert per_person is not None and per_person.medical.subsidy
    assert sum(v for v in r.household.by_payer.values() if v) == 20 * per_person.medical.subsidy
    assert str(20 * per_person.medical.subsidy) in ask_reply(kb, r)


def test_the_tiers_a_household_left_unsaid_are_labelled_by_that_tier(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 一档普通10人 二档普通5人 特困2人 一共好多", TODAY)
    reply = ask_reply(kb, r)
    assert "没说档次的家人" in reply and "一档" in reply and "二档" in reply
    said = 10 * 380 + 5 * 755  # 二 (一): 一档380, 二档755; 特困 一档 0, 二档 755-380
    assert [h.total_personal for h in r.household_by_tier] == [said, said + 2 * 375]


# ---- B. household words --------------------------------------------------------------------------


def test_a_couple_word_is_two_people_with_their_own_tier(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 小两口交一档 三个娃儿交二档 好多钱", TODAY)
    assert [(m.count, m.tier) for m in r.members] == [(2, 1), (3, 2)]
    assert r.household is not None and r.household.total_personal == 2 * 380 + 3 * 755


def test_an_expecting_mother_is_context_not_a_member(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 老婆怀孕了 宝宝生下来医保要交钱不", TODAY)
    assert all("老婆" not in m.kin for m in r.members)
    assert r.household is None
    r = ask(kb, "屯留 老婆和宝宝医保一共交多少", TODAY)  # named without a pregnancy: a member
    assert any("老婆" in m.kin for m in r.members)


# ---- C. newborns ----------------------------------------------------------------------------------


def test_a_newborn_after_the_rise_keeps_the_standard(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 宝宝明年9月出生 到时候是不是按涨价后的交", TODAY)
    assert "一（五）" in _clauses(r.facts, "price_change")
    assert "380" in ask_reply(kb, r)


def test_a_child_of_unsaid_age_gets_the_birth_year_rule_beside(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 娃娃交医保要钱不", TODAY)
    assert r.answer is not None and r.answer.total_personal == 380
    assert _clauses(r.facts, "newborn") == ["三"]
    r = ask(kb, "屯留 低保户的孩子交多少", TODAY)  # a category named: not a newborn's question
    assert not _clauses(r.facts, "newborn")
    r = ask(kb, "乌鲁木齐 娃娃交医保要钱不", TODAY)  # no birth-year rule there
    assert not _clauses(r.facts, "newborn")


def test_a_newborns_waiting_period_is_quoted(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 宝宝刚满月 有没有等待期", TODAY)
    assert "三" in _clauses(r.facts, "waiting_period")
    assert "90" in ask_reply(kb, r)


# ---- D. topics ----------------------------------------------------------------------------------


def test_the_standards_change_is_the_notices_own(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 今年比去年涨了多少", TODAY)
    assert _clauses(r.facts, "price_change") == ["五"] and "30" in ask_reply(kb, r)
    r = ask(kb, "前旗 今年涨了多少", TODAY)  # that notice states no change: none invented
    assert not _clauses(r.facts, "price_change")


def test_a_waiting_period_after_employee_insurance_lapsed(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 断了职工医保一个月 交居民医保要等待期不", TODAY)
    assert "三" in _clauses(r.facts, "waiting_period")
    assert "职工医保中断缴费3个月内" in ask_reply(kb, r)


def test_the_year_to_choose_in_the_app(kb: KnowledgeBase) -> None:
    r = ask(kb, "前旗 微信里交医保 年度选哪个", TODAY)
    assert "三" in _clauses(r.facts, "how_to_pay") and "年度选择2024年" in ask_reply(kb, r)


def test_a_tiered_region_gives_each_tiers_figure_when_asked_if_one_pays(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 特困户交不交钱", TODAY)
    assert [a.total_personal for a in r.by_tier] == [0, 375]
    assert "档次不影响" not in ask_reply(kb, r)


def test_a_refund_after_a_new_status_quotes_the_subsidy_and_the_silence(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 交了380以后才评上特困 能退吗", TODAY)
    assert _clauses(r.facts, "identity_change") == ["一（四）"]
    assert any(f.topic == "refund" and not f.stated and f.ask for f in r.facts)
    assert "304" in ask_reply(kb, r)


def test_a_student_studying_elsewhere_hears_the_silence(kb: KnowledgeBase) -> None:
    r = ask(kb, "前旗 闺女在西安读大学 医保在哪交", TODAY)
    assert any(f.away_only and not f.stated and f.ask for f in r.facts)
    r = ask(kb, "酉阳 娃在重庆读大学 医保咋交", TODAY)  # 在渝高校: the notice's own case
    assert not any(f.away_only for f in r.facts)
    r = ask(kb, "酉阳 娃儿在西安读大学 老家还要交不", TODAY)
    assert any(f.away_only for f in r.facts)


# ---- E. places ----------------------------------------------------------------------------------


def test_a_former_town_still_names_its_region(kb: KnowledgeBase) -> None:
    for text in ("西山嘴镇 低保户交多少", "我是西山咀的 医保一年多少"):
        assert understand(kb, text, TODAY).region == "乌拉特前旗"


# ---- F. 新疆 48号 ----------------------------------------------------------------------------------


def test_questions_48_hao_alone_settles_never_ask_the_city(kb: KnowledgeBase) -> None:
    r = ask(kb, "新疆 全额资助的要先垫钱吗", TODAY)
    assert "region" not in r.missing and "四、五" in _clauses(r.facts, "how_to_pay")
    assert "代缴" in ask_reply(kb, r)
    r = ask(kb, "新疆 脱贫人口参保率目标是多少", TODAY)
    assert "region" not in r.missing and _clauses(r.facts, "coverage_target") == ["一"]
    assert "99%" in ask_reply(kb, r)


def test_a_status_recognised_in_another_xinjiang_place_names_it(kb: KnowledgeBase) -> None:
    r = ask(kb, "我是喀什认定的低保 在乌鲁木齐参保 按哪的标准", TODAY)
    assert r.understood.recognised_in == "喀什"
    assert "二（六）" in _clauses(r.facts, "cross_region")
    assert "喀什" in ask_reply(kb, r)
    r = ask(kb, "乌鲁木齐 低保交多少", TODAY)  # recognised where insured: no other place's rule
    assert not _clauses(r.facts, "cross_region")
