"""The guided household ("加一位家人") in the channel-neutral conversation: adding, changing
and removing members, back and restart on every step, and the limit.

Totals are checked against each member's own single-person answer, worked out by the same
conversation for that person alone, never against numbers written here."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.conversation import wording
from bot.conversation.screens import Kind, Screen, build_screen
from bot.conversation.state import MAX_MEMBERS, Conv, back, choose, members_of, own, settled
from bot.engine.household import payer_shares
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.render import error_text

TODAY = dt.date(2023, 11, 1)
YOUYANG = "酉阳土家族苗族自治县"
PAID = dt.date(2023, 12, 5)
FIRST = Situation(region=YOUYANG, identities=("dibao",), student="none", tier=2, paid_on=PAID)


def press(kb: KnowledgeBase, screen: Screen, kind: Kind, value: str | None = None) -> Screen:
    found = [b for b in screen.buttons if b.kind == kind and (value is None or b.value == value)]
    assert found, (kind, value, [(b.kind, b.value) for b in screen.buttons])
    assert found[0].target is not None
    return build_screen(kb, found[0].target, TODAY)


def answer(kb: KnowledgeBase, s: Situation) -> Screen:
    return build_screen(kb, Conv(s), TODAY)


def alone(kb: KnowledgeBase, member: Situation) -> Screen:
    """That member's answer as one person alone, through the same conversation."""
    screen = build_screen(kb, Conv(member), TODAY)
    assert screen.answer is not None and not screen.conv.is_household
    return screen


def add(kb: KnowledgeBase, screen: Screen, *presses: tuple[Kind, str | None]) -> Screen:
    """Another member: ``presses`` on its questions, then the first option of any still open."""
    screen = press(kb, screen, Kind.ADD_MEMBER)
    for kind, value in presses:
        screen = press(kb, screen, kind, value)
    while screen.slot is not None:
        screen = press(kb, screen, Kind.OPTION)
    return screen


def assert_sums_of_members_alone(kb: KnowledgeBase, screen: Screen) -> None:
    h = screen.household
    assert h is not None
    singles = [alone(kb, m).answer for m in members_of(screen.conv)]
    assert [m.answer for m in h.members] == singles
    total = sum(a.total_personal for a in singles)  # type: ignore[misc]
    assert h.total_personal == total
    assert f"{total}元" in screen.text
    by_payer: dict[str, int] = {}
    for a in singles:
        for c in (a.medical, a.long_term_care):  # type: ignore[union-attr]
            for payer, amount in payer_shares(c):
                by_payer[payer] = by_payer.get(payer, 0) + (amount or 0)
    assert h.by_payer == by_payer


def test_adding_asks_only_the_new_members_own_questions(kb):
    screen = answer(kb, FIRST)
    assert any(b.kind == Kind.ADD_MEMBER for b in screen.buttons)
    screen = press(kb, screen, Kind.ADD_MEMBER)
    assert screen.slot == "identities"  # region and payment day are the household's
    assert screen.conv.situation.region == YOUYANG and screen.conv.situation.paid_on == PAID
    head = wording.screen("summary", region=YOUYANG, identities=None, newborn=None, born_on=None,
                          student=None, tier=None, paid_on=PAID, member=2)
    assert head in screen.text
    asked = []
    screen = press(kb, screen, Kind.ORDINARY)
    while screen.slot is not None:
        asked.append(screen.slot)
        screen = press(kb, screen, Kind.OPTION, {"student": "university", "tier": "1"}[screen.slot])
    assert asked == ["student", "tier"]  # 酉阳 asks students and tiers; never the region or the day again
    assert [m.identities for m in members_of(screen.conv)] == [("dibao",), ()]
    assert_sums_of_members_alone(kb, screen)


def test_a_newborn_member_is_asked_the_birth_day_only(kb):
    screen = press(kb, press(kb, answer(kb, FIRST), Kind.ADD_MEMBER), Kind.NEWBORN, "yes")
    assert screen.slot == "born_on"
    screen = press(kb, screen, Kind.MONTH)  # the first month the picker offers, then its first day
    screen = press(kb, screen, Kind.DAY)
    while screen.slot is not None:
        assert screen.slot == "tier"
        screen = press(kb, screen, Kind.OPTION, "2")
    baby = members_of(screen.conv)[1]
    assert baby.newborn and baby.born_on is not None and baby.student is None
    assert_sums_of_members_alone(kb, screen)


@pytest.mark.parametrize("region", ["乌鲁木齐市", "长治市屯留区", "乌拉特前旗"])
def test_every_region_adds_up_to_its_members_alone(kb, region):
    s = Situation(region=region, identities=("dibao",), paid_on=dt.date(2023, 12, 1))
    screen = answer(kb, s)
    screen = add(kb, screen, (Kind.OPTION, "tekun"))
    screen = add(kb, screen, (Kind.ORDINARY, None))
    assert screen.household is not None and len(screen.household.members) == 3
    assert_sums_of_members_alone(kb, screen)


def household_of_three(kb: KnowledgeBase) -> Screen:
    screen = add(kb, answer(kb, FIRST), (Kind.ORDINARY, None), (Kind.OPTION, "none"), (Kind.OPTION, "1"))
    return add(kb, screen, (Kind.OPTION, "tekun"), (Kind.OPTION, "none"), (Kind.OPTION, "2"))


def test_a_member_is_changed_on_its_own_screen(kb):
    screen = household_of_three(kb)
    before = members_of(screen.conv)
    opened = press(kb, screen, Kind.MEMBER, "3")
    assert opened.answer == alone(kb, before[2]).answer  # its own answer, as alone
    kinds = {(b.kind, b.value) for b in opened.buttons}
    assert (Kind.CHANGE, "region") not in kinds and (Kind.CHANGE, "paid_on") not in kinds  # shared
    assert {(Kind.CHANGE, "identities"), (Kind.REMOVE_MEMBER, None)} <= kinds
    changing = press(kb, opened, Kind.CHANGE, "identities")  # the multi-select, 特困 ticked
    changed = press(kb, press(kb, press(kb, changing, Kind.TICK, "tekun"), Kind.TICK, "dibao"), Kind.DONE)
    assert changed.conv.opened and changed.answer is not None  # back on the member's own screen
    screen = press(kb, changed, Kind.BACK)
    after = members_of(screen.conv)
    assert after[2].identities == ("dibao",)
    assert after[:2] == before[:2]  # the others untouched, in their places
    assert_sums_of_members_alone(kb, screen)


def test_removing_keeps_the_others_in_order(kb):
    screen = household_of_three(kb)
    before = members_of(screen.conv)
    opened = press(kb, screen, Kind.MEMBER, "2")
    screen = press(kb, opened, Kind.REMOVE_MEMBER)
    assert members_of(screen.conv) == (before[0], before[2])
    assert_sums_of_members_alone(kb, screen)
    # down to one person: that person's own answer, as if never a household
    screen = press(kb, press(kb, screen, Kind.MEMBER, "1"), Kind.REMOVE_MEMBER)
    assert screen.conv == Conv(before[2]) and screen.answer == alone(kb, before[2]).answer


def test_back_undoes_one_answer_at_a_time_then_the_member(kb):
    first = answer(kb, FIRST)
    added = press(kb, first, Kind.ADD_MEMBER)
    assert build_screen(kb, back(kb, added.conv), TODAY).conv == first.conv  # nothing answered: not added
    screen = household_of_three(kb)
    last = members_of(screen.conv)[-1]
    asked = []
    step = screen
    for _ in range(3):  # the last member's answers, last first; the shared ones never
        step = press(kb, step, Kind.BACK)
        asked.append(step.slot)
    assert asked == ["tier", "student", "identities"] and step.conv.situation.paid_on == PAID
    step = press(kb, step, Kind.BACK)
    assert step.household is not None and len(step.household.members) == 2  # the member is gone
    assert last not in members_of(step.conv)


def test_restart_and_back_are_on_every_household_step(kb):
    screen = household_of_three(kb)
    screens = [screen, press(kb, screen, Kind.MEMBER, "1"), press(kb, screen, Kind.ADD_MEMBER),
               press(kb, screen, Kind.CHANGE, "paid_on")]
    screens.append(press(kb, screens[1], Kind.CHANGE, "tier"))
    for s in screens:
        kinds = {b.kind: b for b in s.buttons}
        assert kinds[Kind.RESTART].target == Conv()
        assert kinds[Kind.BACK].target is not None


def test_changing_the_shared_day_changes_every_member(kb):
    screen = household_of_three(kb)
    changing = press(kb, screen, Kind.CHANGE, "paid_on")
    assert changing.slot == "paid_on"
    screen = build_screen(kb, choose(kb, changing.conv, "paid_on", dt.date(2024, 2, 1)), TODAY)
    assert all(m.paid_on == dt.date(2024, 2, 1) for m in members_of(screen.conv))
    assert_sums_of_members_alone(kb, screen)


def test_a_member_born_after_a_new_payment_day_is_asked_again(kb):
    born = dt.date(2023, 12, 20)
    baby = Situation(region=YOUYANG, identities=(), newborn=True, born_on=born, tier=1, paid_on=PAID)
    screen = build_screen(kb, settled((baby, FIRST)), TODAY)  # the baby first, the day before its birth
    assert screen.slot == "born_on" and screen.conv.opened and screen.conv.at == 0
    error = error_text(InputError("born_after_payment", born_on=born, paid_on=PAID))
    assert screen.text.startswith(wording.screen("answer_problem", error=error))
    fixed = press(kb, press(kb, screen, Kind.MONTH), Kind.DAY)  # a day the picker offers: before the payment
    assert fixed.conv.opened and fixed.answer is not None


def test_the_limit_is_said_and_no_more_can_be_added(kb):
    screen = answer(kb, FIRST)
    for _ in range(MAX_MEMBERS - 1):
        screen = add(kb, screen, (Kind.OPTION, "tekun"), (Kind.OPTION, "none"))
    assert screen.household is not None and len(screen.household.members) == MAX_MEMBERS
    assert not any(b.kind == Kind.ADD_MEMBER for b in screen.buttons)
    assert f"最多一起算{MAX_MEMBERS}位" in screen.text and "ledger" in screen.text
    assert_sums_of_members_alone(kb, screen)
    # a member removed: adding is offered again, and the note is gone
    fewer = press(kb, press(kb, screen, Kind.MEMBER, "1"), Kind.REMOVE_MEMBER)
    assert any(b.kind == Kind.ADD_MEMBER for b in fewer.buttons) and "ledger" not in fewer.text


def test_the_household_answer_is_one_state_however_reached(kb):
    screen = household_of_three(kb)
    members = members_of(screen.conv)
    assert screen.conv == settled(members)
    reopened = press(kb, press(kb, screen, Kind.MEMBER, "1"), Kind.BACK)
    assert reopened.conv == screen.conv and reopened.text == screen.text
    assert all(own(m).region is None for m in screen.conv.others)
