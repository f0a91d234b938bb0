"""Free-text families of round 13 (issue 13), helper branch fam4: a missed day, a birth place
beside a registration, region names typed by sound, a month of school, a department asked,
a payment already made, two questions at once and a household's two tiers; each family
tested on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

D = dt.date


# ---- 1. "没赶上X / 错过X": X is measured from; the child is insured where registered ----------


@pytest.mark.parametrize(("text", "today", "region", "missed"), [
    ("外孙11月在乌鲁木齐生的 户口落在酉阳 没赶上12月31号咋整", D(2023, 12, 20), "酉阳土家族苗族自治县",
     D(2023, 12, 31)),
    ("孙女10月在长治生的 户口上了屯留 今年医保交不交 错过12月25号怎么办", D(2023, 12, 22), "长治市屯留区",
     D(2023, 12, 25)),
    ("闺女9月份在重庆生的 户口在屯留 要是赶不上12月25号会咋样", D(2023, 12, 20), "长治市屯留区",
     D(2023, 12, 25)),
])
def test_1_a_missed_day_is_a_reference_and_registration_names_the_region(
        kb: KnowledgeBase, text: str, today: dt.date, region: str, missed: dt.date) -> None:
    r = ask(kb, text, today)
    u = r.understood
    assert u.region == region
    assert u.measured_from == missed and u.paid_on != missed
    assert u.topic != "cross_region"  # a newborn's 户口 says where it is insured, no move
    assert u.newborn


def test_1_tunliu_newborn_rule_beside(kb: KnowledgeBase) -> None:
    reply = ask_reply(kb, ask(kb, "孙子11月在长治生的 户口落到屯留了 没赶上12月25号咋办", D(2023, 12, 22)))
    assert "当年不缴费即可享受待遇" in reply and "2024年3月底前" in reply
    assert "屯政办发〔2023〕27号政策解读 三" in reply


def test_1_a_birth_place_alone_is_still_the_region(kb: KnowledgeBase) -> None:
    r = ask(kb, "娃11月在乌鲁木齐生的 医保咋交", D(2023, 12, 1))
    assert r.understood.region == "乌鲁木齐市"


# ---- 2. a region's name typed by sound, without common words turning into regions ------------


@pytest.mark.parametrize(("text", "region"), [
    ("友阳 现在还能交今年的医保不", "酉阳土家族苗族自治县"),
    ("又阳县 一档多少钱", "酉阳土家族苗族自治县"),
    ("我们有阳的 低保交多少", "酉阳土家族苗族自治县"),
    ("吞留 今年交多少", "长治市屯留区"),
])
def test_2_a_region_typed_by_sound(kb: KnowledgeBase, text: str, region: str) -> None:
    assert ask(kb, text, D(2024, 3, 5)).understood.region == region


@pytest.mark.parametrize("text", ["有阳光的时候去交医保行不", "又要交医保了 交多少", "有样学样 医保交多少"])
def test_2_common_words_are_no_region(kb: KnowledgeBase, text: str) -> None:
    assert ask(kb, text, D(2023, 11, 5)).understood.region is None


# ---- 3. a month, then going to study: when school starts, not a birth --------------------------


@pytest.mark.parametrize("text", [
    "我们酉阳的娃9月份去重庆上大学 在学校交了医保 啥时候开始管用到啥时候",
    "酉阳 儿子去年9月去成都念大学 学校让交的医保 从哪天开始能用",
    "酉阳县 闺女9月到重庆读大专 在学校交的医保管到哪天",
])
def test_3_a_month_school_starts_is_no_birth(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, D(2024, 3, 5))
    u = r.understood
    assert not u.newborn and u.born_month is None and u.born_span is None
    assert u.student == "university" and u.paid_on is None and u.topic == "student"
    reply = ask_reply(kb, ask(kb, text, D(2024, 3, 5)))
    assert "完成缴费的次日至次年12月31日" in reply and "酉阳医保发〔2023〕52号 三" in reply


def test_3_elsewhere_too(kb: KnowledgeBase) -> None:
    u = ask(kb, "乌鲁木齐 孩子9月到外地读大学 在学校交的医保从哪天管到哪天", D(2024, 3, 5)).understood
    assert not u.newborn and u.topic == "student"


def test_3_a_baby_months_old_is_still_a_newborn(kb: KnowledgeBase) -> None:
    u = ask(kb, "酉阳 娃3个月了 医保咋交", D(2024, 3, 5)).understood
    assert u.newborn and u.born_span is not None


# ---- 4. "哪个部门推给医保局": who sends the subsidised people's details -------------------------


@pytest.mark.parametrize("text", [
    "新疆 低收入人口身份信息是哪个部门推给医保局的",
    "新疆这边 特困供养人员的信息是什么部门推送给医保的",
    "自治区 低保对象名单哪个单位报给医保局",
])
def test_4_who_sends_the_lists(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, D(2024, 10, 5))
    assert r.understood.topic == "identity_lists"
    reply = ask_reply(kb, r)
    assert "自治区民政厅" in reply and "新医保发〔2024〕48号 三" in reply


# ---- 5. "补交的 / 后来交的 / 过了才交的": paid already, on a day not said ----------------------


@pytest.mark.parametrize(("text", "rule"), [
    ("乌市 今年医保我是集中期过了才补交的 今天住院能报吗", "乌医保〔2023〕36号"),
    ("酉阳 医保是后来补交的 现在看病能报不", "酉阳医保发〔2023〕52号 一"),
    ("乌鲁木齐 过了12月31号才交的医保 住院能报销不", "乌医保〔2023〕36号"),
])
def test_5_a_late_payment_made_is_not_today(kb: KnowledgeBase, text: str, rule: str) -> None:
    r = ask(kb, text, D(2024, 2, 15))
    u = r.understood
    assert u.paid_before and u.paid_on is None and u.topic == "benefit_start"
    assert r.paid_windows  # each window's cover, not a payment today
    reply = ask_reply(kb, r)
    assert "缴费次月1日起享受待遇" in reply and rule in reply


# ---- 6. "打工回来了" is the story; a payment's day and "能用" ask its cover -----------------------


@pytest.mark.parametrize(("text", "region"), [
    ("打工回来了 1月20号在酉阳交的医保 啥子时候能用", "酉阳土家族苗族自治县"),
    ("酉阳 务工返乡 1月15号交的医保 哪天开始管用", "酉阳土家族苗族自治县"),
    ("在外头打工刚回来 酉阳县 1月18号交了医保 啥时候能报", "酉阳土家族苗族自治县"),
])
def test_6_back_from_work_is_context(kb: KnowledgeBase, text: str, region: str) -> None:
    r = ask(kb, text, D(2024, 1, 20))
    assert r.understood.region == region and r.understood.topic == "benefit_start"
    assert r.answer is not None and r.answer.benefit_start == D(2024, 2, 1)  # 酉阳 一: 次月1日
    assert "居住证" not in ask_reply(kb, r)


def test_6_a_household_away_is_still_one(kb: KnowledgeBase) -> None:
    assert ask(kb, "户口在酉阳 人在广东打工 医保在哪交", D(2024, 1, 20)).understood.topic == "cross_region"


# ---- 7. an office and an amount asked at once: both answered -------------------------------------


TUNLIU_OFFICES = "屯政办发〔2023〕27号政策解读 六（二）、六（三）"


@pytest.mark.parametrize(("text", "total", "office_clause"), [
    ("吾元镇中学老师 在校学生参保动员归哪个部门管 一个学生交多少", 380, TUNLIU_OFFICES),
    ("屯留 中学生参保归哪个部门负责 一个学生交多少钱", 380, TUNLIU_OFFICES),
    ("乌鲁木齐 在校学生参保动员归哪个部门管 一个娃交多少", 420, "乌医保〔2023〕36号 四（一）、四（三）"),
])
def test_7_office_and_amount(kb: KnowledgeBase, text: str, total: int, office_clause: str) -> None:
    r = ask(kb, text, D(2023, 11, 5))
    assert r.answer is not None and r.answer.total_personal == total
    reply = ask_reply(kb, r)
    assert "教育部门" in reply and office_clause in reply


def test_7_the_office_alone_stays_a_fact(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 在校学生参保动员归哪个部门管", D(2023, 11, 5))
    assert r.answer is None and r.understood.topic == "identity_lists"


# ---- 8. a household asking both tiers gets both totals ------------------------------------------


@pytest.mark.parametrize(("text", "totals"), [
    ("酉阳 家里4口都是普通人 一档一共多少 二档呢", [1520, 3020]),
    ("酉阳县 我们一家三口 交一档一共多少钱 交二档又是多少", [1140, 2265]),
    ("酉阳 我跟老伴两个人 一档二档各要交多少", [760, 1510]),
])
def test_8_both_tiers_for_a_household(kb: KnowledgeBase, text: str, totals: list[int]) -> None:
    r = ask(kb, text, D(2023, 11, 5))
    assert r.is_household
    assert [h.total_personal for h in r.household_by_tier] == totals
    reply = ask_reply(kb, r)
    assert all(f"{t}元" in reply for t in totals)


def test_8_a_tier_each_is_no_choice(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 爷爷一档 我和老婆二档 一共多少", D(2023, 11, 5))
    assert r.household is not None and r.household.total_personal == 1890 and not r.household_by_tier
