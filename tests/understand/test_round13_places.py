"""Round 13, places: which region or notice a question is about.

1. A term only one notice on file has picks that region when no place is named, and the reply
   says so (understand/region_terms.py); a word several notices list never does.
2. 新疆's county-level places by their bare names (尼勒克, 和布克赛尔) and glued after their
   prefecture; 乌鲁木齐's districts by their everyday names (沙区).
3. A topic whose answer does not depend on the region (who sends the lists) is answered from
   every notice that states it; "新疆这边" answers from 新医保发〔2024〕48号.
4. A steady job where the community also asks is where one lives; employee-insurance people
   are outside resident insurance in every notice.
5. A university student in 重庆 is answered from 酉阳's notice quoting the 重庆市 rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.places import bare
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.slots import understand

TODAY = dt.date(2024, 10, 20)
WLMQ, QQ, YY, TL = "乌鲁木齐市", "乌拉特前旗", "酉阳土家族苗族自治县", "长治市屯留区"
XJ = "新疆维吾尔自治区"


# ---- 1. a region from a term only one notice has -------------------------------------------

@pytest.mark.parametrize("text", [
    "长护险一个人交多少钱",
    "护理保险今年个人要交多少",
    "我家老人长期护理这个险种一年收多少",
])
def test_a_component_only_one_notice_has_picks_its_region(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region == WLMQ and r.understood.region_term == ("component", "长期护理保险")
    assert r.answer is not None and r.answer.long_term_care is not None
    reply = ask_reply(kb, r)
    assert "只有乌鲁木齐市的通知有长期护理保险" in reply and "请说地区" in reply
    assert "地区：乌鲁木齐市" not in reply  # not "understood": it was taken, and the line says how


def test_the_care_premium_adds_up_over_several_people(kb: KnowledgeBase) -> None:
    r = ask(kb, "村里4个稳定脱贫户 医保加长护险个人一共交多少", TODAY)
    assert r.understood.region == WLMQ and r.household is not None
    one = ask(kb, "乌鲁木齐 稳定脱贫户 医保加长护险个人交多少", TODAY).answer
    assert one is not None and one.total_personal is not None
    assert r.household.total_personal == 4 * one.total_personal
    assert "只有乌鲁木齐市的通知有长期护理保险" in ask_reply(kb, r)


@pytest.mark.parametrize("text", [
    "单纯低保户5个 普通的10个 个人一共收多少",
    "单纯脱贫享受政策人员个人交多少",
    "脱贫低保户今年自己出多少钱",
])
def test_a_category_only_one_notice_lists_picks_its_region(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region == QQ and r.understood.region_term is not None
    assert r.understood.region_term[0] == "category"
    assert "只有乌拉特前旗的通知有" in ask_reply(kb, r)


def test_the_household_figure_follows_the_region_taken(kb: KnowledgeBase) -> None:
    r = ask(kb, "单纯低保户2个人 普通居民3个人 个人一共多少", TODAY)
    named = ask(kb, "乌拉特前旗 单纯低保户2个人 普通居民3个人 个人一共多少", TODAY)
    assert r.household is not None and named.household is not None
    assert r.household.total_personal == named.household.total_personal


@pytest.mark.parametrize("text", [
    "低保户交多少", "特困人员个人要交钱吗", "城乡居民医保交多少", "嘎查的普通牧民交多少",
    "退役军人交医保多少钱", "独生子女家庭交多少",
])
def test_a_word_several_notices_list_or_a_national_category_picks_none(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region is None and r.understood.region_term is None


def test_a_term_never_overrides_a_place_named(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 长护险交多少", TODAY)
    assert r.understood.region == TL and r.understood.region_term is None
    assert ask(kb, "浙江 单纯低保户交多少", TODAY).understood.region is None


@pytest.mark.parametrize("text", ["二档多少钱一年", "居民医保交一档的话多少", "参二档 个人出多少"])
def test_a_tier_named_points_to_the_only_tiered_notice(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    tiered = [n for n in kb.regions if kb.notice_for(n, TODAY).tiers]
    assert tiered == [YY] and r.understood.region == YY and r.understood.region_from_tiers
    assert r.answer is not None and "请说地区" in ask_reply(kb, r)


# ---- 2. places by the names residents type ---------------------------------------------------

@pytest.mark.parametrize(("name", "stem"), [
    ("尼勒克县", "尼勒克"), ("和布克赛尔蒙古自治县", "和布克赛尔"), ("巴里坤哈萨克自治县", "巴里坤"),
    ("克孜勒苏柯尔克孜自治州", "克孜勒苏"), ("高昌区", "高昌"), ("阿图什市", "阿图什"), ("县", None),
])
def test_a_county_name_without_its_ending(name: str, stem: str | None) -> None:
    assert bare(name) == stem


@pytest.mark.parametrize(("text", "place"), [
    ("尼勒克 低保户退出了 资助要退吗", "尼勒克"),
    ("和布克赛尔县的 资助参保的钱从哪出的", "和布克赛尔"),
    ("我是巴里坤的 过了缴费期才评上低保 还给资助吗", "巴里坤"),
    ("吐鲁番高昌区 医保什么时候开始收", "高昌区"),
    ("伊犁尼勒克县 资助钱从哪出的", "尼勒克县"),
])
def test_xinjiang_places_by_short_and_glued_names(kb: KnowledgeBase, text: str, place: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region is None and r.understood.wide_region == XJ
    assert r.understood.wide_place == place and r.missing == [] and r.facts


def test_collection_opening_is_a_deadline_question(kb: KnowledgeBase) -> None:
    r = ask(kb, "喀什 今年医保还没开始收吗", TODAY)
    assert r.understood.topic == "deadline" and any("9月1日" in f.text for f in r.facts)


@pytest.mark.parametrize("text", ["温泉 医保交多少", "新星 医保交多少"])
def test_a_bare_name_that_is_a_common_word_is_not_a_place(kb: KnowledgeBase, text: str) -> None:
    assert understand(kb, text, TODAY).wide_place is None


def test_every_listed_xinjiang_place_is_read_by_its_official_name(kb: KnowledgeBase) -> None:
    rules = next(n for n in kb.notices if n.model.kind == "regional_rules")
    assert rules.model.region.places is not None
    for name in rules.model.region.places.names:
        u = understand(kb, f"{name} 资助参保的钱从哪出的", TODAY)
        assert u.wide_region == XJ and u.wide_place is not None, name


def test_a_bare_form_another_file_names_is_dropped(kb: KnowledgeBase) -> None:
    """托里县 (塔城) and 托里乡 (乌鲁木齐县): 托里 alone could be either."""
    assert "托里" not in kb.place_words(XJ) and "尼勒克" in kb.place_words(XJ)


@pytest.mark.parametrize(("text", "region"), [
    ("沙区的 医保交了明年啥时候能用", WLMQ),
    ("我们水区社区让交医保 多少钱", WLMQ),
    ("头区的低保户交多少", WLMQ),
    ("丁市镇的 低保交多少", YY),
    ("我是丰宜的 普通居民交多少", TL),
])
def test_everyday_names_of_a_regions_places(kb: KnowledgeBase, text: str, region: str) -> None:
    assert understand(kb, text, TODAY).region == region


# ---- 3. answers that do not depend on the region --------------------------------------------

@pytest.mark.parametrize("text", [
    "新疆这边 困难群众的身份信息谁推送给医保局",
    "我们新疆 低保的身份信息由谁推给医保",
    "自治区的规定 低收入人口的身份信息是谁推过来的",
])
def test_xinjiang_lists_question_answered_from_the_rules(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.wide is not None and r.missing == []
    assert any("民政厅" in f.text and f.source and "48号" in f.source.notice for f in r.facts)


@pytest.mark.parametrize("text", [
    "低保特困的身份信息是谁推送的",
    "困难群众名单谁提供给医保局",
    "特困人员的身份信息谁推给医保",
])
def test_lists_question_without_a_place_quotes_every_notice_stating_it(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.missing == [] and len(r.facts) >= 2 and all(f.place and f.source for f in r.facts)
    assert all("民政" in f.text for f in r.facts)
    assert "不用分地区" in ask_reply(kb, r)


# ---- 4. work place and home ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我在乌鲁木齐单位上班 交着职工医保 社区又叫我交居民医保",
    "在屯留单位工作 有职工医保 村里让交居民医保 还要交吗",
])
def test_a_steady_job_where_the_community_asks_is_home(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region is not None and r.understood.topic == "scope" and r.facts


def test_employee_insurance_question_without_a_place_needs_no_region(kb: KnowledgeBase) -> None:
    r = ask(kb, "交着职工医保 社区又让交居民医保 要交吗", TODAY)
    assert r.missing == [] and {f.place for f in r.facts} >= {"乌市", "酉阳"}


def test_a_migrants_work_place_is_still_not_home(kb: KnowledgeBase) -> None:
    assert understand(kb, "去乌鲁木齐打工了 社区让交医保 交多少", TODAY).region is None


# ---- 5. 重庆 university students ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "孩子在重庆上大学 医保按自然年交吗 啥时候能用",
    "明年考上重庆的大学 入学时交了医保哪天起能用",
    "在渝高校读研究生 医保待遇期从什么时候开始",
])
def test_university_student_in_chongqing_answered_from_the_rule_youyang_quotes(
    kb: KnowledgeBase, text: str
) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region == YY and r.understood.region_term == ("province", "重庆市")
    assert any(f.source and f.source.clause == "三" and "在渝高校" in f.text for f in r.facts)
    reply = ask_reply(kb, r)
    assert "酉阳土家族苗族自治县的通知转述了它" in reply


@pytest.mark.parametrize("text", ["重庆 大学生医保交多少", "重庆 低保交多少", "重庆 医保什么时候交"])
def test_other_chongqing_questions_still_ask_the_county(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region is None and "region" in r.missing
