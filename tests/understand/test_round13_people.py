"""Round 13, people, dates and places (issue 13): a counted group's kinship noun is not one more
member, a household size said beside more people is said; a month named beside 过年 is the month
paid in; a category every notice gives the same first-tier figure is answered without a region;
a student who says they study in 重庆 gets the 在渝高校 rule whatever home place is named. Sentences
of our own, across regions; every figure is checked against the bot's answer for one such person
in that region, so nothing here stands in for the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.members import people

TODAY = dt.date(2023, 11, 10)


def _each(kb: KnowledgeBase, text: str, today: dt.date = TODAY) -> int:
    r = ask(kb, text, today)
    assert r.answer is not None and r.answer.total_personal is not None, text
    return r.answer.total_personal


# ---- 1. a count before a noun counts that noun's people, never one more ----------------------

@pytest.mark.parametrize(("text", "region", "groups"), [
    ("乌拉特前旗 家里5口 两个大人一个老人两个上学娃 都是普通的 一共交多少", "乌拉特前旗",
     [(2, "普通居民"), (1, "普通居民"), (2, "学生")]),
    ("屯留 三个低保的老人 两个普通的大人 一共多少钱", "屯留", [(3, "低保"), (2, "普通居民")]),
    ("酉阳 屋头4口 两个在读书的孩子 爸妈普通 一档一共好多", "酉阳", [(2, "学生"), (2, "普通居民")]),
    ("乌鲁木齐 两个上学的娃一个老人 医保一共交多少", "乌鲁木齐", [(2, "学生"), (1, "普通居民")]),
])
def test_a_counted_noun_is_the_group_counted(kb: KnowledgeBase, text: str, region: str,
                                             groups: list[tuple[int, str]]) -> None:
    r = ask(kb, text, TODAY)
    assert r.household is not None, text
    assert people(r.members) == sum(n for n, _ in groups)
    assert [m.count for m in r.members] == [n for n, _ in groups]
    alone = {"普通居民": f"{region} 普通居民交多少", "低保": f"{region} 低保交多少",
             "学生": f"{region} 普通 上初中的学生交多少"}
    want = sum(n * _each(kb, alone[kind] + (" 一档" if region == "酉阳" else "")) for n, kind in groups)
    assert r.household.total_personal == want


def test_everyone_said_ordinary_by_a_notice_alias(kb: KnowledgeBase) -> None:
    """"都是普通户": every member named is ordinary, not only the last one."""
    r = ask(kb, "乌拉特前旗 两个大人 一个娃 都是普通户 交多少", TODAY)
    assert all(m.ordinary for m in r.members) and "identities" not in r.assumed


@pytest.mark.parametrize(("text", "said", "counted"), [
    ("乌拉特前旗 家里三口人 两个大人 两个上学的孩子 交多少", 3, 4),
    ("乌鲁木齐 我们家四口 爷爷奶奶 爸妈 一个娃 一共多少钱", 4, 5),
])
def test_a_size_that_disagrees_is_said(kb: KnowledgeBase, text: str, said: int, counted: int) -> None:
    r = ask(kb, text, TODAY)
    assert r.size_said == said and people(r.members) == counted
    assert f"{said}口人" in ask_reply(kb, r)


def test_a_size_that_agrees_is_not_said(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 一家4口 爸妈普通 两个娃读初中 一档交多少", TODAY)
    assert r.size_said is None and people(r.members) == 4


# ---- 2. a month named beside 过年 is the month paid in -----------------------------------------

@pytest.mark.parametrize(("text", "today", "month"), [
    ("酉阳 我元月回家过年才去交医保 啥时候能用", dt.date(2024, 1, 15), (2024, 1)),
    ("酉阳 一月份回来过年了再交 几号开始能报", dt.date(2024, 1, 3), (2024, 1)),
    ("酉阳 过年回来2月份再交 啥时候生效", dt.date(2023, 12, 20), (2024, 2)),
])
def test_a_month_beside_new_year_is_the_payment(kb: KnowledgeBase, text: str, today: dt.date,
                                                 month: tuple[int, int]) -> None:
    r = ask(kb, text, today)
    paid = r.understood.paid_on
    assert paid is not None and (paid.year, paid.month) == month
    assert r.answer is not None and r.answer.payment_open
    # 酉阳 一: paid in the 返乡 window, cover from the month after the payment's
    nxt = dt.date(month[0], month[1] + 1, 1)
    assert r.answer.benefit_start == nxt


def test_lunar_month_beside_new_year_is_the_payment(kb: KnowledgeBase) -> None:
    """腊月 is a lunar month: 腊月 of lunar 2023 began on 2024-01-11."""
    r = ask(kb, "屯留 腊月回去过年的时候交 啥时候生效", dt.date(2024, 1, 5))
    assert r.understood.paid_on == dt.date(2024, 1, 11)


def test_new_year_alone_is_still_the_payment(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 过年回来交 啥时候能用", dt.date(2023, 12, 1))
    assert r.understood.paid_on == dt.date(2024, 2, 10)


# ---- 3. a category every notice gives the same figure, no region -------------------------------

@pytest.mark.parametrize("text", [
    "我爸是特困供养的 医保要自己交钱吗",
    "孤儿医保个人要出钱不",
    "我们村五保户交医保不",
])
def test_same_figure_everywhere_is_answered(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.missing == [] and len(r.same_everywhere) == len(kb.regions)
    for tiers in r.same_everywhere:  # each notice's own first-tier figure, as asked there
        short = tiers[0].region_short
        asked = f"{tiers[0].region} 特困 一档交多少" if len(tiers) > 1 else f"{tiers[0].region} 特困交多少"
        alone = ask(kb, asked, TODAY)
        assert alone.answer is not None and tiers[0].total_personal == alone.answer.total_personal == 0, short
    reply = ask_reply(kb, r)
    assert all(t[0].sources[0].notice in reply for t in r.same_everywhere)
    assert "二档" in reply  # 酉阳's 二档 is not free: said beside it


@pytest.mark.parametrize("text", ["低保户交多少钱", "残疾人医保交多少", "巴彦淖尔市 特困户 医保要交钱吗"])
def test_figures_that_differ_or_a_place_elsewhere_ask_the_region(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert not r.same_everywhere and "region" in r.missing


# ---- 4. a student studying in 重庆 gets 重庆's rule, whatever home is named ---------------------

@pytest.mark.parametrize("text", [
    "我是乌鲁木齐人在重庆读大三 在重庆参保的话 待遇期咋算",
    "屯留的娃在重庆上大学 在学校参保 待遇从啥时候开始",
    "我家乌拉特前旗的 闺女在重庆念研究生 在那边交医保啥时候能用",
])
def test_studying_in_chongqing_gets_its_rule(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.region == "酉阳土家族苗族自治县"
    assert r.understood.region_term == ("province", "重庆市")
    assert any(f.source and f.source.clause == "三" for f in r.facts)


def test_a_local_student_keeps_the_home_region(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 大学生 交了啥时候能用", TODAY)
    assert r.understood.region == "乌鲁木齐市"


# ---- a count after 普通人, and the worker naming the village they answer for -----------------

@pytest.mark.parametrize(("text", "region", "groups"), [
    ("屯留 村里普通人8个 低保2个 个人一共收多少", "屯留", [(8, "普通居民"), (2, "低保")]),
    ("乌拉特前旗 我是嘎查的 普通人6个 低保户3个 个人一共多少", "乌拉特前旗", [(6, "普通居民"), (3, "低保")]),
    ("乌鲁木齐 我是社区的 低保人5个 普通的10个人 一共交多少", "乌鲁木齐", [(5, "低保"), (10, "普通居民")]),
])
def test_a_village_list_counts_its_groups_and_not_the_worker(
    kb: KnowledgeBase, text: str, region: str, groups: list[tuple[int, str]]
) -> None:
    r = ask(kb, text, TODAY)
    assert r.household is not None, text
    assert [m.count for m in r.members] == [n for n, _ in groups]  # no member for 我
    alone = {"普通居民": f"{region} 普通居民交多少", "低保": f"{region} 低保交多少"}
    assert r.household.total_personal == sum(n * _each(kb, alone[kind]) for n, kind in groups)
