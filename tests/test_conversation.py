"""The channel-neutral conversation (bot/conversation) without any channel."""

from __future__ import annotations

import datetime as dt

from bot.conversation.picker import picker_months
from bot.conversation.screens import Kind, build_screen
from bot.conversation.state import Conv
from bot.engine.situation import Situation

TODAY = dt.date(2023, 11, 1)


def test_a_window_with_no_stated_end_offers_only_the_months_it_surely_covers(kb):
    # 乌拉特前旗 states when collection starts but not when it ends (三): the picker does not
    # invite a date in mid-2024 whose answer can only be "not stated".
    s = Situation(region="乌拉特前旗", identities=())
    assert picker_months(kb, s, "paid_on", TODAY)[-1] == (2023, 12)
    screen = build_screen(kb, Conv(s), TODAY)
    assert "通知未写明截止日期" in screen.text
    # where every window states its end, the picker runs to the last of them
    tunliu = Situation(region="长治市屯留区", identities=())
    assert picker_months(kb, tunliu, "paid_on", TODAY)[-1] == (2024, 3)


def test_every_question_screen_can_go_back_and_restart(kb):
    s = Situation(region="酉阳土家族苗族自治县")
    conv = Conv(s)
    while (screen := build_screen(kb, conv, TODAY)).slot is not None:
        kinds = {b.kind for b in screen.buttons}
        assert {Kind.BACK, Kind.RESTART} <= kinds, screen.slot
        conv = next(b.target for b in screen.buttons
                    if b.kind in (Kind.OPTION, Kind.ORDINARY, Kind.TODAY) and b.target is not None)
        if conv == screen.conv:  # "today" carries the question; the channel fills the day
            conv = conv.with_(situation=conv.situation.with_(paid_on=TODAY))
    assert screen.answer is not None
