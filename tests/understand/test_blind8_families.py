"""The families of failure blind table 8 exposed (issue 13), each tested on sentences of its
own rather than the table's: the family is fixed, not the sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.members import people

TODAY = dt.date(2023, 10, 15)


def _members(r) -> list[tuple[int, list[str], str | None, int | None]]:
    return [(m.count, m.identities, m.student, m.tier) for m in r.members]


# ---- A. households in words ---------------------------------------------------------------


def test_adults_and_children_named_in_words_are_people(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 一家五口 三个大人两个娃 都没补助 一共交多少", TODAY)
    assert r.household is not None and not r.member_missing and not r.missing
    assert people(r.members) == 5 and all(m.ordinary for m in r.members)  # "都": everyone
    assert r.household.total_personal == 5 * 400


def test_old_man_is_a_member_with_his_own_identity(kb: KnowledgeBase) -> None:
    r = ask(kb, "路村乡 老头子是低保 我普通 一共交多少", TODAY)
    assert [(m.kin, m.identities, m.ordinary) for m in r.members] == [
        (["老头子"], ["dibao"], False), (["我"], [], True)]


def test_a_count_before_a_school_opens_a_pupil_taken_from_the_children(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 三个娃 一个上小学 两个上初中 一共交多少 一档", TODAY)
    assert people(r.members) == 3
    assert sorted((m.count, m.student) for m in r.members) == [(1, "school"), (2, "school")]
    r = ask(kb, "乌拉特前旗 我家四口 俩大人 一个上初中一个上幼儿园 一共多少", TODAY)
    assert people(r.members) == 4 and r.household is not None and r.household.total_personal == 1600


def test_not_in_a_category_is_a_negation(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 老伴是单纯低保 我不在低保里 一共自己掏多少", TODAY)
    assert [m.identities for m in r.members] == [["dibao"], []]
    assert r.household is not None and r.household.total_personal == 200 + 400


def test_a_tier_said_of_some_members_is_theirs(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 爸妈交一档 我和老婆交二档 一共多少", TODAY)
    assert [m.tier for m in r.members] == [1, 2] and "tier" not in r.assumed
    assert r.household is not None and r.household.total_personal == 2 * 380 + 2 * 755
    reply = ask_reply(kb, r)
    assert "二档 × 2人" in reply and "一档 × 2人" in reply  # tiers differ: each member's is named
    r = ask(kb, "酉阳 爷爷奶奶低保 爸妈普通 都交二档 一共多少", TODAY)
    assert {m.tier for m in r.members} == {2}


def test_a_mother_named_for_context_is_not_counted_in_a_date_question(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 媳妇下个月生 娃生下来明年的还能交不", TODAY)
    assert not r.is_household and r.newborn_rule and any("3月底" in f.text for f in r.facts)


def test_a_newborn_day_is_asked_only_where_it_changes_the_figure(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 一家三口 俩大人 一个刚出生的 一共交多少", TODAY)
    assert r.household is not None and not r.member_missing and r.household.total_personal == 1200


# ---- B. newborns ----------------------------------------------------------------------------


def test_a_birth_month_long_past_gives_the_ordinary_cover_start(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 孩子今年5月生的 还没上医保 现在交 明年啥时候开始管用", TODAY)
    assert r.answer is not None and not r.missing
    assert r.answer.benefit_start == dt.date(2024, 1, 1)
    assert ("乌政办发〔2023〕81号", "一（三）、二（一）") in r.sources  # the newborn rule beside it


def test_a_cover_question_for_a_newborn_carries_the_rule(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 宝宝9月20号出生的 现在交 从出生那天就能报吗", TODAY)
    assert r.answer is not None and any("90天" in f.text for f in r.facts)


def test_a_birth_to_come_is_a_birth_not_a_payment_day(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 闺女下个月生 娃上医保要等多长时间才能报", TODAY)
    assert r.understood.newborn and r.understood.paid_on is None
    assert r.newborn_rule and any("不设待遇等待期" in f.text for f in r.facts)


def test_a_newborns_figure_in_a_tiered_region_is_each_tiers(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 刚生的娃交医保要好多钱", TODAY)
    assert [a.total_personal for a in r.by_tier] == [380, 755] and r.newborn_rule
    assert ("酉阳医保发〔2023〕52号", "三、四（二）") in r.sources
    assert "一档380元；二档755元" in ask_reply(kb, r)


def test_where_the_birth_year_is_free_the_rule_answers(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 新生儿医保交多少", TODAY)  # born 2023 or 2024: the figure differs
    assert r.answer is None and r.newborn_rule and any("当年不缴费" in f.text for f in r.facts)


# ---- C. topics --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "personal"), [
    ("乌市低保 长护险自己交几块钱", 8), ("乌鲁木齐 特困 护理保险个人要交几块", 0),
])
def test_the_care_premiums_personal_share_is_a_figure(kb: KnowledgeBase, text: str, personal: int) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.long_term_care is not None
    assert r.answer.long_term_care.personal == personal


def test_a_deadline_said_of_some_categories_only(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 特困人员最晚几号前交完", TODAY)
    assert r.answer is not None and ("乌医保〔2023〕36号", "五") in r.sources
    assert "2023年11月30日" in ask_reply(kb, r)
    ordinary = ask(kb, "乌鲁木齐 最晚几号前交完", TODAY)
    assert ("乌医保〔2023〕36号", "五") not in ordinary.sources


def test_who_provides_the_lists(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 低保户名单是哪个部门提供", TODAY)
    assert r.understood.topic == "identity_lists" and any("民政部门" in f.text for f in r.facts)
    r = ask(kb, "酉阳 特困的名单谁提供", TODAY)  # the notice does not say: whom to ask
    assert r.facts == [] and "没有写到" in ask_reply(kb, r)


def test_the_fiscal_subsidy_per_person(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 国家补贴多少 每人", TODAY)
    assert r.understood.topic == "fiscal_subsidy" and any("640" in f.text for f in r.facts)


def test_who_joins_asked_without_a_region_quotes_every_notice(kb: KnowledgeBase) -> None:
    r = ask(kb, "参加了职工医保 还用交城乡居民医保不", TODAY)
    assert r.missing == [] and {f.place for f in r.facts} == {rk.short_name for rk in kb.regions.values()}
    assert all("职工" in f.text and f.source for f in r.facts)
    assert ask(kb, "退休了 怎么交", TODAY).missing == ["region"]  # other topics still ask
    # how to switch is a procedure, each notice's own: the region is asked
    assert ask(kb, "从职工医保转到居民医保 要办啥手续", TODAY).missing == ["region"]


def test_which_amount_is_a_money_question(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐低保 明年7月才交 还是交76吗", TODAY)
    assert r.understood.topic == "how_much" and r.answer is not None and r.answer.medical.personal == 76


@pytest.mark.parametrize("day", ["2024年1月3号", "1月28号"])
def test_a_january_payment_in_urumqi_names_both_cover_starts(kb: KnowledgeBase, day: str) -> None:
    r = ask(kb, f"乌鲁木齐 {day}交 啥时候能用", TODAY)
    assert r.answer is not None
    either = [n for n in r.answer.notes if n.code == "benefit_either"]
    assert [d for _, d in either[0].params["choices"]] == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]


# ---- E. identities ----------------------------------------------------------------------------


def test_identity_words_residents_use(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 我是其他优抚对象 交医保要钱吗", TODAY)
    assert r.situation.identities == ("youfu_other",) and not r.missing and not r.ambiguous
    r = ask(kb, "酉阳 独生子女特别扶助家的孩子 一档交多少", TODAY)
    assert r.situation.identities == ("jisheng_tebie",) and r.situation.unlisted == ()
    assert r.answer is not None and r.answer.total_personal == 0


# ---- F. 新疆 48号 -----------------------------------------------------------------------------


def test_a_local_silence_quotes_the_region_wide_rule_with_its_first_day(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 户口在伊犁是特困 在乌鲁木齐参保 谁给资助", TODAY)
    wide = [f for f in r.facts if f.in_force_from]
    assert wide and wide[0].in_force_from == dt.date(2024, 9, 3) and "认定地" in wide[0].text
    assert "2024年9月3日起施行" in ask_reply(kb, r)
    for text in ("乌鲁木齐 户口在昌吉 在乌鲁木齐租房 能在这参保不",
                 "乌鲁木齐 普通居民 户口在外地能在这参保吗"):
        # 48号 is about the subsidised
        assert not any(f.in_force_from for f in ask(kb, text, TODAY).facts)


def test_the_provinces_amounts_are_the_places_own(kb: KnowledgeBase) -> None:
    r = ask(kb, "新疆各地的低保资助标准一样吗 全疆多少钱", TODAY)
    assert r.wide is not None and r.wide.amounts and r.wide.place is None and not r.missing
    assert any(f.source and f.source.clause == "二（六）" for f in r.facts)
    assert ask(kb, "新疆低保交多少", TODAY).missing == ["region"]  # a city's amount: ask which


# ---- a university student where the notice names only pupils ---------------------------------


def test_a_university_student_hears_the_notice_is_silent(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 孩子在外省读大学 医保在哪儿交", TODAY)
    assert any(not f.stated and "大学生" in f.text for f in r.facts)
    pupil = ask(kb, "乌鲁木齐 上小学的娃 学生医保有啥规定", TODAY)
    assert pupil.understood.topic == "student" and pupil.facts and all(f.stated for f in pupil.facts)
