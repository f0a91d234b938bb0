"""Blind table 7, families 3 and 4: "最晚几号交" names every window still to come for this
resident (酉阳's 返乡参保期 after its 集中 one), a day past them all says until when the notice
allowed it, and "过年回去交" is the coming Spring Festival (正月初一)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand import dates
from bot.understand.ask import ask

TODAY = dt.date(2023, 10, 15)


def test_the_later_window_is_named_with_its_cover(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳医保最晚几号交", TODAY)
    assert r.deadlines is not None
    assert [(w.name, w.end, w.benefit_kind) for w in r.deadlines.ahead] == [
        ("返乡参保期", dt.date(2024, 2, 29), "next_month")]
    reply = ask_reply(kb, r)
    assert "2023年12月31日" in reply and "2024年2月29日" in reply


def test_a_window_already_open_is_not_listed_again(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 1月10号交还来得及不", TODAY)
    assert r.answer is not None and r.answer.window_name == "返乡参保期"
    assert r.deadlines is None  # nothing comes after it


def test_a_day_past_every_window_says_until_when(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 3月5号了还能交吗", TODAY)
    assert r.answer is not None and r.answer.payment_open is False
    assert r.deadlines is not None and not r.deadlines.ahead
    assert r.deadlines.passed is not None and r.deadlines.passed.end == dt.date(2024, 2, 29)
    assert "2024年2月29日" in ask_reply(kb, r)


def test_a_conditional_window_says_its_condition(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐医保最晚几号交", TODAY)
    assert r.deadlines is not None
    conditional = [w for w in r.deadlines.ahead if w.conditional]
    assert conditional and conditional[0].end == dt.date(2024, 1, 31)


def test_only_deadline_questions_list_them(kb: KnowledgeBase) -> None:
    assert ask(kb, "酉阳医保交多少", TODAY).deadlines is None


@pytest.mark.parametrize(("today", "festival"), [
    (dt.date(2023, 10, 15), dt.date(2024, 2, 10)),
    (dt.date(2024, 11, 1), dt.date(2025, 1, 29)),
    (dt.date(2024, 2, 20), dt.date(2024, 2, 10)),  # just after it: the one just past
])
def test_spring_festival_is_the_nearest_first_day_of_the_first_lunar_month(
        today: dt.date, festival: dt.date) -> None:
    found = [m for m in dates.parse_dates("过年回去交医保", today) if m.date]
    assert [m.date for m in found] == [festival]


def test_going_home_for_spring_festival_lands_in_the_returning_window(kb: KnowledgeBase) -> None:
    r = ask(kb, "户口酉阳 在广东打工 过年回去交医保还来得及不", TODAY)
    assert r.understood.paid_on == dt.date(2024, 2, 10)
    assert r.answer is not None and r.answer.payment_open and r.answer.window_name == "返乡参保期"
    assert r.answer.benefit_start == dt.date(2024, 3, 1)


def test_a_named_day_beats_spring_festival_as_the_payment_day(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳在外打工过年回来，1月20号交还行不", TODAY)
    assert r.understood.paid_on == dt.date(2024, 1, 20)


@pytest.mark.parametrize(("text", "paid"), [
    ("乌鲁木齐 娃2024年3月1号出生 7月10号才去交医保 交多少", dt.date(2024, 7, 10)),
    ("酉阳 宝宝2023年12月20号出生的 1月5号去交", dt.date(2024, 1, 5)),
    ("酉阳 宝宝2023年9月20号出生的 10月5号去交", dt.date(2023, 10, 5)),  # already after it
])
def test_a_payment_day_without_a_year_follows_the_birth(kb: KnowledgeBase, text: str, paid: dt.date) -> None:
    r = ask(kb, text, TODAY)
    assert r.understood.paid_on == paid and r.understood.born_on is not None
    assert r.understood.paid_on >= r.understood.born_on and r.error is None


def test_a_payment_year_said_is_kept(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 娃2024年3月1号出生 2023年7月10号交的 交多少", TODAY)
    assert r.understood.paid_on == dt.date(2023, 7, 10)
    assert r.answer is None and r.error is not None  # the order is reported, not silently changed


def test_the_worked_out_newborn_answer_after_the_birth(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 娃2024年3月1号出生 7月10号才去交医保 交多少 啥时候能报", TODAY)
    assert r.answer is not None and r.answer.medical.personal == 380
    assert r.answer.benefit_start == dt.date(2024, 8, 1)  # 131 days after birth: cover from next month
