"""What is asked for one person (issue 13, round 13): the families of topics, dates, newborns,
students and payers that blind tables exposed, each tested on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.slots import understand

TODAY = dt.date(2023, 11, 10)


# ---- 1. 长护险 named in a how-much / must-I-pay question: both premiums worked out ---------------


@pytest.mark.parametrize("text", [
    "米东区 医保和护理险两样加起来 一个人总共多少",
    "乌鲁木齐 医保带上长护险 合计要多少钱",
    "天山区 长期护理保险跟医保是不是都要交",
])
def test_1_care_money_gives_both_premiums_and_the_total(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.long_term_care is not None
    a = r.answer
    assert (a.medical.personal, a.long_term_care.personal, a.total_personal) == (380, 40, 420)
    # the care insurance's paragraph follows the figures
    assert "三（一）" in [f.source.clause.split("、")[0] for f in r.facts if f.source]


@pytest.mark.parametrize("text", [
    "乌鲁木齐 我婶子是特困供养 护理险那40块还用自己掏不",
    "沙依巴克区 孤儿参保 医保跟长护险个人还要出钱吗",
    "乌市 特困户的长户险 也得交吗",
])
def test_1_fully_funded_pay_nothing_for_either(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.long_term_care is not None
    assert (r.answer.medical.personal, r.answer.long_term_care.personal) == (0, 0)
    assert "个人0元" in ask_reply(kb, r)


def test_1_where_the_notice_has_no_care_insurance_it_says_so_beside_the_figure(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 长护险也要交不", TODAY)
    assert r.answer is not None and r.answer.long_term_care is None
    assert "未提及长期护理保险" in ask_reply(kb, r)


def test_1_care_without_money_stays_the_fact(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 长护险是干啥的", TODAY)
    assert r.answer is None and [f.topic for f in r.facts] == ["long_term_care"]


# ---- 2. newborns: the birth day and the cover from birth -----------------------------------------


@pytest.mark.parametrize(("text", "born"), [
    ("闺女11月2号在妇幼医院生的 乌鲁木齐 生下来住院那几天的钱能报吗", dt.date(2023, 11, 2)),
    ("头屯河区 孙子10月30号在家附近医院生了 现在办医保 出生时候的花费报不报", dt.date(2023, 10, 30)),
    ("乌拉特前旗 娃10月28日在旗医院生下 当时住院的钱能报吗", dt.date(2023, 10, 28)),
])
def test_2_a_place_between_the_day_and_the_birth_is_still_the_birth_day(
    kb: KnowledgeBase, text: str, born: dt.date,
) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.born_on == born and r.understood.paid_on is None
    assert "90天" in ask_reply(kb, r)


@pytest.mark.parametrize("text", [
    "水磨沟区 娃今年4月生的 到现在没上医保 生孩子那时候的费用能报吗",
    "乌鲁木齐 小孩3月份生的 一直没办医保 这会儿去交 生孩子的时候住院花的能报不",
])
def test_2_beyond_90_days_cover_starts_as_anyone_elses_and_back_paying_is_unstated(
    kb: KnowledgeBase, text: str,
) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.topic == "benefit_start"
    assert r.answer is not None and r.answer.benefit_start == dt.date(2024, 1, 1)
    assert "未写明" in ask_reply(kb, r) and "补缴" in ask_reply(kb, r)


def test_2_giving_birth_with_no_child_named_is_still_the_mothers_maternity(kb: KnowledgeBase) -> None:
    assert understand(kb, "乌鲁木齐 生孩子住院能报多少", TODAY).topic == "other_benefits"


@pytest.mark.parametrize("text", [
    "乌拉特前旗 儿媳妇刚生了 娃多少天内上医保 出生那几天的钱能报不",
    "先锋镇 老婆前天生娃了 几天之内给娃办医保 从出生就能报吗",
    "乌鲁木齐 我媳妇在坐月子 娃多少天里要参保",
])
def test_2_the_mother_who_just_gave_birth_is_context_not_a_member(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert not r.is_household
    assert r.understood.newborn and "90" in ask_reply(kb, r)


# ---- 3. paid already, the day unsaid or said relative to today ----------------------------------


def test_3_paid_on_an_unsaid_day_gives_each_windows_cover(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 医保已经交了 哪天起能报", dt.date(2024, 2, 10))
    assert r.answer is None and r.understood.paid_on is None
    kinds = {p.window.name: (p.window.benefit_kind, p.window.benefit_date) for p in r.paid_windows}
    assert kinds == {"集中参保期": ("fixed", dt.date(2024, 1, 1)), "返乡参保期": ("next_month", None)}
    text = ask_reply(kb, r)
    assert "2024年1月1日起" in text and "次月1日" in text and "酉阳医保发〔2023〕52号" in text


def test_3_a_closed_single_window_is_its_cover_not_a_payment_today(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 医保交过了 啥时候能用", dt.date(2024, 2, 10))
    assert [p.window.benefit_date for p in r.paid_windows] == [dt.date(2024, 1, 1)]
    assert "不能缴费" not in ask_reply(kb, r)


def test_3_an_open_window_with_a_fixed_start_answers_as_today(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 我交了医保 几号开始能报销", TODAY)
    assert r.answer is not None and r.answer.benefit_start == dt.date(2024, 1, 1) and not r.paid_windows


@pytest.mark.parametrize(("text", "paid"), [
    ("乌鲁木齐 我上周把医保交了 啥时候能看病报销", dt.date(2024, 2, 3)),
    ("酉阳 上个礼拜交的医保 几号开始管用", dt.date(2024, 2, 3)),
    ("乌鲁木齐 前几天刚交的医保 哪天能用", dt.date(2024, 2, 7)),
])
def test_3_a_payment_day_said_relative_to_today(kb: KnowledgeBase, text: str, paid: dt.date) -> None:
    r = ask(kb, text, dt.date(2024, 2, 10))
    assert r.understood.paid_on == paid
    assert r.answer is not None and r.answer.benefit_start == dt.date(2024, 3, 1)


def test_3_last_week_before_something_else_is_not_a_payment(kb: KnowledgeBase) -> None:
    assert understand(kb, "屯留 退费上周就申请了 多久到账", TODAY).paid_on is None


# ---- 4. can I pay on a named day, a channel named ------------------------------------------------


@pytest.mark.parametrize("text", [
    "屯留 今天27号 去税务局大厅交能交上吗",
    "余吾镇 我现在用微信交医保 能交不",
    "屯留区 28号去银行交医保 可以交吗",
])
def test_4_can_pay_with_a_channel_is_the_verdict(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, dt.date(2023, 11, 27))
    assert r.understood.topic == "deadline"
    assert r.answer is not None and r.answer.payment_open is False
    assert "1日至25日" in ask_reply(kb, r) and "2023年12月1日" in ask_reply(kb, r)


def test_4_how_or_where_with_a_channel_stays_the_channel(kb: KnowledgeBase) -> None:
    assert understand(kb, "酉阳 医保去哪交 微信上能交不", TODAY).topic == "how_to_pay"
    assert understand(kb, "乌鲁木齐 税务app能不能交医保", TODAY).topic == "how_to_pay"


# ---- 5. the per-person fiscal subsidy -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "屯留 国家一个人补多少",
    "屯留区 医保政府每个人补助多少钱",
    "长治屯留 今年财政一人补多少 比去年多了吗",
])
def test_5_the_fiscal_subsidy_per_person(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.topic == "fiscal_subsidy"
    assert "640元" in ask_reply(kb, r) and "30元" in ask_reply(kb, r)
    assert ("屯政办发〔2023〕27号政策解读", "五") in r.sources


def test_5_where_the_notice_states_none_it_says_so(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 国家一个人补多少", TODAY)
    assert r.understood.topic == "fiscal_subsidy" and "640" not in ask_reply(kb, r)


@pytest.mark.parametrize(("text", "subsidy", "personal"), [
    ("米东区 稳定脱贫户 政府补多少 自己出多少", 190, 190),
    ("屯留 低保户 国家补多少", 304, 76),
    ("乌市 低保的 政府给补助多少", 304, 76),
])
def test_5_a_category_named_is_asked_its_own_subsidy(
    kb: KnowledgeBase, text: str, subsidy: int, personal: int
) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None
    assert (r.answer.medical.subsidy, r.answer.medical.personal) == (subsidy, personal)
    assert "640" not in ask_reply(kb, r)


def test_5_a_category_asked_the_per_person_figure_gets_it(kb: KnowledgeBase) -> None:
    assert "640元" in ask_reply(kb, ask(kb, "屯留 低保户 国家人均补多少", TODAY))


# ---- 6. who pays a subsidised person's premium ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "乌拉特前旗 优抚对象医保谁给代缴",
    "前旗 优抚人员的医保费是哪个部门代交的",
    "乌拉特前旗 优抚对象的医保钱谁掏",
])
def test_6_who_pays_names_the_department(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None
    payers = r.answer.medical.subsidy_payers
    assert payers == ["乌拉特前旗退役军人事务局"] and "退役军人事务局" in ask_reply(kb, r)


def test_6_which_office_for_a_category_in_another_region(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 特困人员的医保是哪个单位出钱", TODAY)
    assert r.answer is not None and r.answer.total_personal == 0
    assert "医疗救助" in ask_reply(kb, r)


# ---- 7. 酉阳 clause 三: a school year paid, then the calendar year --------------------------------


@pytest.mark.parametrize(("text", "today"), [
    ("酉阳 孩子9月份在学校交的学年医保 管到什么时候", TODAY),
    ("酉阳县 娃在重庆上大学 去年9月交了一个学年的医保 改自然年以后能用到哪天", dt.date(2024, 3, 5)),
    ("酉阳 学生娃今年秋季开学交的学年医保 啥时候到期", TODAY),
])
def test_7_a_school_year_paid_is_covered_to_december_next_year(
    kb: KnowledgeBase, text: str, today: dt.date,
) -> None:
    r = ask(kb, text, today)
    assert r.understood.topic == "student" and r.understood.paid_on is None
    assert "2023年9月到2024年12月" in ask_reply(kb, r)
    assert ("酉阳医保发〔2023〕52号", "三") in r.sources


# ---- 8. a category alias whose last noun is a word for a child -----------------------------------


@pytest.mark.parametrize("text", [
    "屯留 事实无人抚养的小孩 医保交多少",
    "屯留区 事实无人抚养孩子参保要钱不",
    "屯留 儿童福利机构收留抚养的娃 医保自己出多少",
])
def test_8_child_tails_name_the_category(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.situation.identities == ("tekun",)
    assert r.answer is not None and r.answer.total_personal == 0


@pytest.mark.parametrize("text", [
    "屯留 宝宝上礼拜才生的 咋上医保", "酉阳 娃前几天刚出生 医保要交不", "乌市 孙子上周出生的 医保咋办",
])
def test_3_a_rough_time_ago_is_never_taken_as_the_birth_day(kb: KnowledgeBase, text: str) -> None:
    u = ask(kb, text, TODAY).understood
    assert u.newborn and u.born_on is None  # the 90-day rule counts from a day the resident must say


@pytest.mark.parametrize("text", [
    "乌鲁木齐 长护险 失能老人咋申请", "乌市 长期护理保险上门护理能报不", "长护险住养老院能给报多少",
])
def test_1_what_care_insurance_pays_out_is_not_in_the_notice(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.topic == "other_benefits" and r.answer is None
    reply = ask_reply(kb, r)
    premium = reply.find("40元")
    assert "未写明" in reply and (premium < 0 or reply.index("未写明") < premium)  # the silence comes first
