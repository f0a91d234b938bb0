"""Dates in a question and newborn ages (issue 13, round 13): the families of blind-table
questions about what a date is for and how old a baby is, each tested on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.slots import understand

D = dt.date


# ---- 1. a date said as passed, or as a rule's reference, is not the day paid on ---------------------


@pytest.mark.parametrize(("text", "today", "region_contact"), [
    ("屯留 12月25号都过了 我跟老伴还没交 还能补上不", D(2023, 12, 29), "屯留区医保经办机构"),
    ("屯留区 过了12月25 俺还没交医保 能补不", D(2023, 12, 27), "屯留区医保经办机构"),
    ("余吾镇 25号过了才想起来没交 还能补不", D(2023, 12, 26), "屯留区医保经办机构"),
])
def test_1_a_passed_deadline_is_a_payment_today(kb: KnowledgeBase, text: str, today: dt.date,
                                                region_contact: str) -> None:
    r = ask(kb, text, today)
    assert r.understood.paid_on is None and r.understood.measured_from is not None
    assert r.answer is not None and r.answer.paid_on == today
    assert r.answer.payment_open is False  # 屯留's window closed on 12-25
    reply = ask_reply(kb, r)
    assert "2023年12月25日" in reply and region_contact in reply
    assert not r.is_household  # the window's verdict, not a sum for two


@pytest.mark.parametrize(("text", "today", "paid_on"), [
    ("酉阳 过了12月31号还能交不", D(2023, 12, 10), D(2024, 1, 1)),
    ("乌鲁木齐 12月31号以后再交还行不", D(2023, 12, 20), D(2024, 1, 1)),
    ("屯留 过了12月25号还能交吗", D(2023, 11, 30), D(2023, 12, 26)),
])
def test_1_a_reference_still_to_come_asked_with_a_payment_is_the_day_after(
        kb: KnowledgeBase, text: str, today: dt.date, paid_on: dt.date) -> None:
    r = ask(kb, text, today)
    assert r.answer is not None and r.answer.paid_on == paid_on


@pytest.mark.parametrize(("text", "today"), [
    ("乌鲁木齐 6月30号以后交 是不是要交得多", D(2024, 7, 15)),
    ("米东区 过了6月30号再交医保 会不会交得更多", D(2024, 8, 2)),
    ("天山区 6月30过了 现在交是不是交的多", D(2024, 9, 1)),
])
def test_1_the_notices_rule_date_is_a_reference_with_its_rule_beside(
        kb: KnowledgeBase, text: str, today: dt.date) -> None:
    r = ask(kb, text, today)
    assert r.answer is not None and r.answer.paid_on == today
    assert "一（五）" in [f.source.clause for f in r.facts if f.source]  # 乌医保〔2023〕36号 一（五）


@pytest.mark.parametrize(("text", "today", "born"), [
    ("宝宝7月8号在米东区出生 现在去交医保 过了6月30号是不是要多交钱", D(2024, 7, 25), D(2024, 7, 8)),
    ("娃8月1号在天山区生的 6月30以后交的话是不是交得多", D(2024, 8, 20), D(2024, 8, 1)),
    ("头屯河区 孩子7月30号出生 过了6月30号交是不是要交得多", D(2024, 8, 9), D(2024, 7, 30)),
])
def test_1_a_newborn_past_the_rule_date_pays_the_newborn_price_today(
        kb: KnowledgeBase, text: str, today: dt.date, born: dt.date) -> None:
    r = ask(kb, text, today)
    assert r.understood.born_on == born
    assert r.answer is not None and r.answer.paid_on == today and r.answer.newborn
    assert r.answer.medical.personal == 380  # 一（五）: unchanged for newborns
    assert r.answer.benefit_start == born  # within 90 days: from birth (二（二）)


def test_1_a_month_then_以后_is_still_the_month_paid_in(kb: KnowledgeBase) -> None:
    u = understand(kb, "乌鲁木齐 明年7月以后再交 还是380不", D(2023, 12, 10))
    assert u.paid_on == D(2024, 7, 1) and u.measured_from is None


# ---- 2. "现在" asks about today, whatever day the story names ---------------------------------------


@pytest.mark.parametrize(("text", "today", "start"), [
    ("龚滩镇 过年回来才交医保 现在还交得上不 交了哪天能用", D(2024, 1, 15), D(2024, 2, 1)),
    ("酉阳 本来想腊月再交 现在交还来得及不 啥时候能用", D(2023, 12, 1), D(2024, 1, 1)),
    ("乌鲁木齐 春节回家再交也行吧 这会儿还能交不 哪天起能报", D(2024, 2, 5), D(2024, 3, 1)),
])
def test_2_now_is_the_payment_day(kb: KnowledgeBase, text: str, today: dt.date, start: dt.date) -> None:
    r = ask(kb, text, today)
    assert r.understood.paid_on is None
    assert r.answer is not None and r.answer.paid_on == today and r.answer.payment_open
    assert r.answer.benefit_start == start


def test_2_a_day_with_its_year_said_sets_the_storys_now(kb: KnowledgeBase) -> None:
    u = understand(kb, "屯留 2024年1月10号那会儿 现在交还能交上不", D(2023, 11, 1))
    assert u.paid_on == D(2024, 1, 10)


# ---- 3. a rough age decides the 90-day newborn rule when every reading agrees -----------------------


@pytest.mark.parametrize(("text", "today", "start"), [
    ("达坂城区 娃出生快半年了 现在交医保 交了马上能报销不", D(2023, 11, 25), D(2024, 1, 1)),
    ("乌鲁木齐 宝宝五个多月了 现在交了啥时候能报", D(2024, 5, 10), D(2024, 6, 1)),
    ("新市区 孩子半岁了还没上医保 现在交 哪天开始能用", D(2024, 4, 3), D(2024, 5, 1)),
    ("水磨沟区 娃四个月了 今天交医保 从哪天能报", D(2024, 3, 12), D(2024, 4, 1)),
])
def test_3_surely_past_90_days_is_covered_as_anyone_else(
        kb: KnowledgeBase, text: str, today: dt.date, start: dt.date) -> None:
    r = ask(kb, text, today)
    assert r.understood.newborn and r.understood.born_span is not None
    assert r.answer is not None and r.answer.benefit_start == start
    assert r.answer.born_on is None  # no birth day shown that was not said
    assert "born_on" not in r.missing


@pytest.mark.parametrize(("text", "today"), [
    ("乌鲁木齐 娃刚满月 现在交医保 啥时候能报", D(2024, 5, 10)),
    ("乌拉特前旗 孩子出生二十来天 交了医保从哪天能报", D(2024, 3, 10)),
    ("沙依巴克区 宝宝才一个多月 交了医保哪天开始能用", D(2024, 5, 10)),
])
def test_3_surely_within_90_days_is_covered_from_birth(kb: KnowledgeBase, text: str, today: dt.date) -> None:
    r = ask(kb, text, today)
    span = r.understood.born_span
    assert span is not None and r.answer is not None
    assert span.earliest <= r.answer.benefit_start <= span.latest  # the birth day, whichever it is
    assert "自出生之日起" in ask_reply(kb, r)


@pytest.mark.parametrize("text", [
    "乌鲁木齐 宝宝三个月左右 现在交了啥时候能报",
    "乌拉特前旗 娃快三个月了 交了从哪天能报销",
    "天山区 孩子三个月大 交医保哪天起能用",
])
def test_3_an_age_near_90_days_still_asks_the_day(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, D(2024, 5, 10))
    assert r.answer is None and r.newborn_rule
    assert "born_on" in [slot for slot, value in vars(r.carry).items() if value is None]


def test_3_an_older_child_is_no_newborn(kb: KnowledgeBase) -> None:
    u = understand(kb, "乌拉特前旗 娃两岁了还没上医保 交多少", D(2024, 5, 10))
    assert u.born_span is None and not u.newborn


# ---- 4. a 屯留 baby born this year: this year's rule and next year's payment -------------------------


@pytest.mark.parametrize(("text", "today"), [
    ("屯留 闺女今年9月生的 今年用交医保不 明年的多少钱", D(2023, 11, 1)),
    ("外孙今年7月在屯留出生的 今年的医保钱要不要交 明年呢", D(2023, 10, 20)),
    ("余吾镇 儿子今年8月生的 今年看病要交钱不 明年交多少 啥时候交", D(2023, 12, 1)),
])
def test_4_tunliu_this_year_free_next_year_380_in_the_window(
        kb: KnowledgeBase, text: str, today: dt.date) -> None:
    r = ask(kb, text, today)
    assert r.understood.born_month is not None
    assert r.answer is not None and r.answer.total_personal == 380
    assert r.answer.window["end"] == D(2023, 12, 25)
    reply = ask_reply(kb, r)
    assert "当年不缴费即可享受待遇" in reply  # 解读 三
    assert "2024年3月底" in reply  # the 2023 newborns' late path


@pytest.mark.parametrize(("text", "total"), [
    ("乌鲁木齐 娃今年8月生的 今年交不交 明年的呢", 420),
    ("酉阳 娃今年8月生的 今年要交医保不 明年交多少", 380),
    ("乌拉特前旗 孩子今年8月生的 今年的医保要交不 明年多少", 400),
])
def test_4_elsewhere_no_free_birth_year_is_claimed(kb: KnowledgeBase, text: str, total: int) -> None:
    r = ask(kb, text, D(2023, 10, 10))
    assert r.answer is not None and r.answer.total_personal == total
    assert "当年不缴费" not in ask_reply(kb, r)
