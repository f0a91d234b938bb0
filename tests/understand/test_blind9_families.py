"""The families of failure blind table 9 exposed (issue 13), each tested on sentences of its
own rather than the table's: the family is fixed, not the sentence."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from bot.cli.ask_cmd import result_json
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.members import people
from bot.understand.slots import _by_province_app
from bot.web.api_models import AskResponse

TODAY = dt.date(2023, 11, 20)


def _members(r) -> list[tuple[int, list[str], bool, str | None, int | None]]:
    return [(m.count, m.identities, m.ordinary, m.student, m.tier) for m in r.members]


# ---- A. counts of people in a category, as village workers write them --------------------------


def test_a_count_after_a_category_is_a_group_of_that_many(kb: KnowledgeBase) -> None:
    r = ask(kb, "社区里特困户6个人 屯留 个人一共出多少", TODAY)
    assert _members(r) == [(6, ["tekun"], False, None, None)]
    assert r.household is not None and r.household.total_personal == 0
    r = ask(kb, "酉阳 低保户二十个人 都交二档 一共好多", TODAY)
    assert _members(r) == [(20, ["dibao"], False, None, 2)]
    assert r.household is not None and r.household.total_personal == 20 * (755 - 380)  # 二档: 一档的100%


def test_two_counted_groups_are_two_members(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 嘎查监测户有七位 边缘户3人 总共交多少", TODAY)
    assert [(m.count, m.identities) for m in r.members] == [(7, ["jiance"]), (3, ["jiance"])]
    assert r.household is not None and r.household.total_personal == 0


def test_a_time_after_a_category_is_not_a_count(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 低保3个月了 交多少", TODAY)
    assert people(r.members) == 1 and r.household is None
    assert r.answer is not None and r.answer.medical.personal == 76


# ---- B. household words -------------------------------------------------------------------------


def test_a_kinship_word_that_holds_a_count_is_not_counted_again(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 老两口特困 一共交多少", TODAY)
    assert [(m.count, m.kin, m.identities) for m in r.members] == [(2, ["老两口"], ["tekun"])]


def test_one_each_splits_the_couple_just_named(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 我和老婆一个低保一个普通 儿子上高中 一共多少", TODAY)
    assert people(r.members) == 3
    assert _members(r) == [(1, ["dibao"], False, None, None), (1, [], True, None, None),
                           (1, [], False, "school", None)]
    assert r.household is not None and r.household.total_personal == 76 + 380 + 380


def test_regional_words_for_a_spouse_are_people(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 俺和婆娘都是普通牧民 一共多少", TODAY)
    assert [(m.count, m.kin) for m in r.members] == [(2, ["俺", "婆娘"])]
    assert r.household is not None and r.household.total_personal == 800


def test_the_generations_and_a_household_size_in_sichuan_words(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 屋里三个人 两个老的特困 一个年轻的普通 都买二档 一共好多", TODAY)
    assert _members(r) == [(2, ["tekun"], False, None, 2), (1, [], True, None, 2)]
    assert r.household is not None and r.household.total_personal == 2 * (755 - 380) + 755


def test_me_before_a_category_is_a_person_with_a_tier_of_my_own(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 我低保买二档 堂客普通买一档 一共好多", TODAY)
    assert [(m.kin, m.identities, m.tier) for m in r.members] == [(["我"], ["dibao"], 2), (["堂客"], [], 1)]
    assert r.household is not None and r.household.total_personal == (755 - 380) + 380
    # 我 followed by a kinship word is still someone else
    r = ask(kb, "乌鲁木齐 我妈是低保 交多少", TODAY)
    assert people(r.members) == 1 and r.answer is not None


# ---- C. umbrella words naming several categories -----------------------------------------------


def test_an_umbrella_word_gives_each_categorys_figure_then_asks(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 我们是困难户 个人出多少", TODAY)
    assert r.answer is None and r.missing == ["identities"] and r.ambiguous  # the choice is offered
    figures = {c.category: c.answer.total_personal for c in r.candidates}
    assert figures == {"tekun": 0, "dibao": 76, "wending_tuopin": 380, "fanpin": 38,
                       "tuopin_buwending": 100, "bianyuan": 100, "tufa": 100}
    reply = ask_reply(kb, r)
    assert "低保：76元" in reply and "返贫致贫：38元" in reply
    assert "📄 依据：屯政办发〔2023〕27号政策解读 五（表）" in reply


def test_unlisted_grades_are_shown_with_the_ordinary_figure(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 残疾的交多少", TODAY)
    assert [(c.category, c.answer.total_personal) for c in r.candidates] == [("canji", 76), ("ordinary", 380)]
    assert "其他等级残疾人（表中未列，按普通人员）：380元" in ask_reply(kb, r)


def test_umbrella_figures_carry_the_care_premium_and_each_tier(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 困难群众医保一个人交多少", TODAY)
    assert {c.category: c.answer.total_personal for c in r.candidates} == {
        "tekun": 0, "dibao": 84, "jiance": 84, "tuopin": 210}
    assert "低保：84元（医保76元）" in ask_reply(kb, r)
    r = ask(kb, "酉阳 残疾人交多少", TODAY)
    canji = next(c for c in r.candidates if c.category == "canji")
    assert [a.total_personal for a in canji.by_tier] == [114, 375]
    data = result_json(kb, "酉阳 残疾人交多少", TODAY)
    AskResponse.model_validate(data, strict=False)
    assert data["candidates"][0]["by_tier"][0]["total_personal"] == 114


def test_a_category_also_named_stays_beside_each_candidate(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留低保又是残疾人咋算钱", TODAY)
    assert {c.answer.total_personal for c in r.candidates} == {76}  # 低保 either way


def test_an_umbrella_word_in_a_question_about_dates_gets_no_figures(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 困难户什么时候交", TODAY)
    assert r.candidates == []


# ---- D. topics ----------------------------------------------------------------------------------


def test_what_the_state_pays_beside_a_categorys_amount_is_its_subsidy(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 低保户自己交多少 国家补多少", TODAY)
    assert r.answer is not None and r.answer.medical.personal == 76 and r.answer.medical.subsidy == 304
    r = ask(kb, "屯留 国家补多少", TODAY)  # no category: the per-person fiscal subsidy, as before
    assert r.understood.topic == "fiscal_subsidy" and r.answer is None


def test_comparing_tiers_gives_both_and_what_the_notice_leaves_unsaid(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 一档跟二档有什么不同", TODAY)
    assert [a.total_personal for a in r.by_tier] == [380, 755] and not r.missing
    assert r.facts and all(not f.stated and f.ask for f in r.facts)
    assert "没有写明各档的待遇" in ask_reply(kb, r)
    r = ask(kb, "乌鲁木齐 一档二档有啥区别", TODAY)
    assert r.answer is not None and "不分档次" in ask_reply(kb, r)


def test_a_day_past_every_window_says_nothing_is_stated_after(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 四月份回来再交行不", TODAY)
    assert r.understood.topic == "deadline" and r.answer is not None and not r.answer.payment_open
    assert r.deadlines is not None and r.deadlines.passed is not None
    assert r.deadlines.passed.end == dt.date(2024, 2, 29)
    assert "之后还能不能交，通知没有写明" in ask_reply(kb, r)


def test_a_newborn_of_a_month_said_gets_the_deadline_answer_when_the_month_agrees(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 外孙女今年9月生的 明年的医保 错过了咋办", TODAY)
    assert r.understood.topic == "deadline" and r.understood.born_month == dt.date(2023, 9, 1)
    assert r.answer is not None and r.answer.total_personal == 380 and r.answer.payment_open
    assert any(f.topic == "newborn" for f in r.facts)  # the rule beside it: the catch-up to 3月底
    assert "2024年3月底" in ask_reply(kb, r)
    # paid in the catch-up window, every day of the month agrees: that window, not "closed"
    r = ask(kb, "屯留 外孙女2023年9月生的 2024年2月10号交还行不", TODAY)
    assert r.answer is not None and r.answer.payment_open and r.answer.total_personal == 380


# ---- E. places and apps -------------------------------------------------------------------------


def test_a_lookalike_place_is_said_to_be_another_place(kb: KnowledgeBase) -> None:
    for text, place, ours in (("乌拉特后旗 低保户交多少", "乌拉特后旗", "乌拉特前旗"),
                              ("长治市区医保交多少", "长治市区", "长治市屯留区")):
        r = ask(kb, text, TODAY)
        assert r.elsewhere == (place, ours) and r.answer is None and not r.missing
        reply = ask_reply(kb, r)
        assert f"{place}不是{ours}" in reply and "不在我这里" in reply
        data = result_json(kb, text, TODAY)
        AskResponse.model_validate(data, strict=False)
        assert data["elsewhere"] == {"place": place, "looks_like": ours}
    r = ask(kb, "户口在乌拉特后旗 人在前旗 交多少", TODAY)  # our region named too: answered
    assert r.elsewhere is None and r.answer is not None


def test_a_province_app_names_the_one_region_under_that_province(kb: KnowledgeBase) -> None:
    r = ask(kb, "在蒙速办上交医保咋操作", TODAY)
    assert r.understood.region == "乌拉特前旗" and r.facts
    # a second region under 内蒙古自治区 on file: the app no longer says which
    front = kb.regions["乌拉特前旗"]
    other = SimpleNamespace(name="乌拉特中旗", parent=front.parent, province_apps=[])
    two = SimpleNamespace(regions={"乌拉特前旗": front, "乌拉特中旗": other})
    assert _by_province_app(two, "蒙速办里咋交") == (None, None)  # type: ignore[arg-type]
    assert _by_province_app(kb, "蒙速办里咋交") == ("乌拉特前旗", "蒙速办")


# ---- F. 新疆 48号 for someone insured in another province ----------------------------------------


def test_recognised_in_xinjiang_insured_in_another_province(kb: KnowledgeBase) -> None:
    for text in ("新疆的低保户 在河南参保 资助能享受不", "喀什认定的特困 在四川参保 资助还有没有"):
        r = ask(kb, text, TODAY)
        assert r.wide is not None and not r.missing
        assert any("跨省参保" in f.text and "申请" in f.text for f in r.facts)
    r = ask(kb, "新疆低保户交多少", TODAY)  # no other province: the city is still asked
    assert r.missing == ["region"]
