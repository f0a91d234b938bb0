"""A household is its members' own answers added up: each member's figures are exactly what
calculate() gives that one person, and the totals are the sums (None when a part is unstated)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.calculator import calculate
from bot.engine.household import Member, household
from bot.present import household_json

PAID = dt.date(2023, 10, 1)


def check_each_member_is_its_own_answer(kb, region, paid_on, members):
    h = household(kb, region, paid_on, members)
    assert len(h.members) == len(members)
    for m in h.members:
        alone = calculate(kb, m.member.situation(region, paid_on))
        assert m.answer == alone
    return h


def test_urumqi_family_mixing_categories(kb):
    members = [
        Member(identities=("dibao",), count=2, label="爷爷奶奶"),
        Member(count=2, label="爸妈"),
        Member(newborn=True, born_on=dt.date(2023, 8, 10), label="宝宝"),
    ]
    h = check_each_member_is_its_own_answer(kb, "乌鲁木齐市", PAID, members)
    dibao, parents, baby = h.members
    assert dibao.answer.total_personal == 84 and dibao.subtotal == 168
    assert parents.answer.total_personal == 420 and parents.subtotal == 840
    assert h.total_personal == 168 + 840 + baby.answer.total_personal
    # 低保: 304 medical aid + 32 city for LTC, per person, twice.
    assert h.by_payer == {"医疗救助资助参保": 608, "市财政": 64}
    assert h.totals.people == 5


def test_json_shape(kb):
    h = household(kb, "乌鲁木齐市", PAID, [Member(identities=("dibao",), count=2), Member(label="妈妈")])
    data = household_json(h)
    assert set(data) >= {"members", "total_personal", "by_payer"}
    first = data["members"][0]
    assert set(first) == {"label", "count", "identity", "medical", "long_term_care", "total_personal",
                          "subtotal"}
    assert first["count"] == 2 and first["total_personal"] == 84 and first["subtotal"] == 168
    assert data["total_personal"] == 168 + 420 and data["missing"] == []


def test_tunliu_two_dibao_one_tekun_are_three_people(kb):
    members = [Member(identities=("dibao",), count=2), Member(identities=("tekun",))]
    h = check_each_member_is_its_own_answer(kb, "长治市屯留区", PAID, members)
    assert [m.answer.identity_id for m in h.members] == ["dibao", "tekun"]
    assert h.total_personal == 2 * h.members[0].answer.total_personal + h.members[1].answer.total_personal
    assert h.totals.people == 3


def test_one_person_with_several_identities_stays_one_person_and_the_total_is_unstated(kb):
    members = [Member(identities=("dibao", "tekun"), label="奶奶"), Member(label="我")]
    h = check_each_member_is_its_own_answer(kb, "乌鲁木齐市", PAID, members)
    grandma = h.members[0]
    assert grandma.answer.total_personal is None and grandma.answer.alternatives
    assert h.total_personal is None
    assert [m.member.label for m in h.missing] == ["奶奶"]
    assert household_json(h)["missing"] == [0]


@pytest.mark.parametrize(("born_on", "paid_on"), [
    (dt.date(2024, 3, 1), dt.date(2024, 4, 15)),   # inside the 90 days
    (dt.date(2024, 1, 5), dt.date(2024, 6, 30)),   # past them
])
def test_youyang_newborn_inside_and_after_the_window(kb, born_on, paid_on):
    members = [Member(newborn=True, born_on=born_on, tier=1, label="宝宝"), Member(tier=1, label="妈妈")]
    h = check_each_member_is_its_own_answer(kb, "酉阳土家族苗族自治县", paid_on, members)
    baby = h.members[0].answer
    within = (paid_on - born_on).days <= 90
    if within:
        assert baby.payment_open is True
    assert (baby.payment_reason == "newborn_within_days") is within


@pytest.mark.parametrize("region", ["长治市屯留区", "乌拉特前旗", "乌鲁木齐市", "酉阳土家族苗族自治县"])
def test_newborn_per_region_sums(kb, region):
    members = [Member(newborn=True, born_on=dt.date(2023, 9, 1)), Member(identities=("tekun",)),
               Member(count=3)]
    h = check_each_member_is_its_own_answer(kb, region, PAID, members)
    parts = [m.subtotal for m in h.members]
    assert h.total_personal == (None if None in parts else sum(parts))


def test_youyang_university_student(kb):
    members = [Member(student="university", tier=1, label="大学生"), Member(identities=("dibao",), tier=2)]
    h = check_each_member_is_its_own_answer(kb, "酉阳土家族苗族自治县", PAID, members)
    student, dibao = h.members
    assert student.answer.student == "university"
    assert dibao.answer.medical.personal == 375
    assert h.total_personal == student.answer.total_personal + 375
