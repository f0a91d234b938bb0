"""The reminder button is a channel's choice: screens built for every channel carry none, and a
channel that can push (Telegram with a store) adds it where a window is open or coming."""

from __future__ import annotations

import datetime as dt

from bot.conversation.screens import Kind, Screen, build_screen, offer_reminder
from bot.conversation.state import Action, Conv, open_member
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase

OPEN = dt.date(2023, 11, 1)  # 酉阳's window is open
CLOSED = dt.date(2025, 3, 1)  # every window on file has closed
YOUYANG = "酉阳土家族苗族自治县"
ONE = Situation(region=YOUYANG, identities=("dibao",), student="none", tier=2, paid_on=dt.date(2023, 12, 5))


def kinds(screen: Screen) -> list[list[Kind]]:
    return [[b.kind for b in row] for row in screen.rows]


def household(kb: KnowledgeBase) -> Screen:
    screen = build_screen(kb, Conv(ONE), OPEN)
    add = next(b for b in screen.buttons if b.kind == Kind.ADD_MEMBER)
    screen = build_screen(kb, add.target, OPEN)  # type: ignore[arg-type]
    while screen.slot is not None:
        first = next(b for b in screen.buttons if b.kind in (Kind.OPTION, Kind.ORDINARY))
        screen = build_screen(kb, first.target, OPEN)  # type: ignore[arg-type]
    assert screen.household is not None
    return screen


def test_screens_for_every_channel_carry_no_reminder(kb):
    assert Kind.REMIND not in [b.kind for b in build_screen(kb, Conv(ONE), OPEN).buttons]
    assert Kind.REMIND not in [b.kind for b in household(kb).buttons]


def test_a_pushing_channel_gets_it_beside_share_for_the_same_answer(kb):
    plain = build_screen(kb, Conv(ONE), OPEN)
    offered = offer_reminder(kb, plain, OPEN)
    share_row = next(row for row in kinds(offered) if Kind.SHARE in row)
    assert share_row == [Kind.SHARE, Kind.REMIND]
    remind = next(b for b in offered.buttons if b.kind == Kind.REMIND)
    assert remind.target == plain.conv and remind.action == Action.REMIND
    assert len(offered.buttons) == len(plain.buttons) + 1
    assert offered.text == plain.text and offered.answer == plain.answer


def test_none_once_every_window_has_closed(kb):
    plain = build_screen(kb, Conv(ONE), CLOSED)
    assert offer_reminder(kb, plain, CLOSED) == plain


def test_a_household_gets_one_beside_its_payment_day_and_a_member_alone_none(kb):
    screen = household(kb)
    offered = offer_reminder(kb, screen, OPEN)
    assert [Kind.CHANGE, Kind.REMIND] in kinds(offered)
    assert [b.kind for b in offered.buttons].count(Kind.REMIND) == 1
    member = build_screen(kb, open_member(screen.conv, 1), OPEN)
    assert member.answer is not None and offer_reminder(kb, member, OPEN) == member


def test_a_question_screen_is_left_alone(kb):
    question = build_screen(kb, Conv(Situation(region=YOUYANG)), OPEN)
    assert question.slot is not None and offer_reminder(kb, question, OPEN) == question
