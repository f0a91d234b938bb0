"""Regression tests per question (Smart Answers style): what is asked, in what order, when skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.answer import Answer
from bot.engine.flow import Question, next_step
from bot.engine.situation import Situation
from bot.engine.slots import missing_slots

TODAY = dt.date(2023, 10, 1)


def test_region_is_asked_first_with_every_region(kb):
    q = next_step(kb, Situation(), TODAY)
    assert isinstance(q, Question) and q.slot == "region"
    assert {o.value for o in q.options} == set(kb.regions)


def test_identity_options_come_from_the_region_notice(kb):
    q = next_step(kb, Situation(region="乌拉特前旗"), TODAY)
    assert q.slot == "identities" and q.multi
    assert {o.value for o in q.options} == {c.id for c in kb.regions["乌拉特前旗"].latest().model.categories}
    assert q.context["default"] == "ordinary"


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        # newborn is offered, not asked (answer first: most people are not newborns)
        ("乌鲁木齐市", ["identities", "paid_on"]),
        ("长治市屯留区", ["identities", "paid_on"]),
        ("乌拉特前旗", ["identities", "paid_on"]),
        ("酉阳土家族苗族自治县", ["identities", "student", "tier", "paid_on"]),
    ],
)
def test_questions_skip_what_cannot_change_the_answer(kb, region, expected):
    assert missing_slots(kb, Situation(region=region)) == expected


def test_newborn_yes_asks_birth_date_and_skips_student(kb):
    s = Situation(region="酉阳土家族苗族自治县", identities=(), newborn=True)
    assert missing_slots(kb, s) == ["born_on", "tier", "paid_on"]


def test_fixed_tier_category_skips_tier(kb):
    s = Situation(region="酉阳土家族苗族自治县", identities=("youfu_fuyuan",), newborn=False, student="none")
    assert missing_slots(kb, s) == ["paid_on"]


def test_tier_options_show_standards(kb):
    s = Situation(region="酉阳土家族苗族自治县", identities=(), newborn=False, student="none")
    q = next_step(kb, s, TODAY)
    assert q.slot == "tier" and [o.value for o in q.options] == ["1", "2"]
    assert q.context["standards"] == {1: 380, 2: 755}


def test_paid_on_offers_today_and_windows(kb):
    s = Situation(region="长治市屯留区", identities=(), newborn=False)
    q = next_step(kb, s, TODAY)
    assert q.slot == "paid_on" and q.accepts_date
    assert q.options[0].value == TODAY.isoformat()
    assert q.context["windows"][0]["end"] == dt.date(2023, 12, 25)


def test_complete_situation_gives_an_answer(kb):
    s = Situation(region="长治市屯留区", identities=("dibao",), newborn=False, paid_on=TODAY)
    a = next_step(kb, s, TODAY)
    assert isinstance(a, Answer) and a.total_personal == 76
