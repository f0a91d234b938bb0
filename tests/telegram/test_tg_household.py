"""The guided household over Telegram: several bot processes taking turns (one webhook) and a
restart carry it in the buttons alone, every button within 64 bytes, up to the limit."""

from __future__ import annotations

import datetime as dt

from tg_harness import ALICE, BOB, TODAY, Bot

from bot.conversation import wording
from bot.conversation.screens import build_screen
from bot.conversation.state import MAX_MEMBERS, settled
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.telegram.codec import MAX_CHARS

REGION = "乌鲁木齐市"
ADD = wording.button("add_member")


def members(*ids: tuple[str, ...]) -> tuple[Situation, ...]:
    return tuple(Situation(region=REGION, identities=i, paid_on=dt.date(2023, 12, 1)) for i in ids)


async def test_bots_taking_turns_and_a_restart_build_one_household(kb, api):
    async with Bot(kb, api) as one, Bot(kb, api) as two:
        await one.send("/start")
        for i, label in enumerate([REGION, "低保", "2023年12月", "1日", ADD, "特困"]):
            await (one, two)[i % 2].press(api.last_message(ALICE.id), label)
        old = api.last_message(ALICE.id)  # the household of two, answered by process two
    async with Bot(kb, api) as restarted:  # nothing kept in memory: the button holds it all
        await restarted.press(old, ADD)
        await restarted.press(api.last_message(ALICE.id), wording.button("ordinary"))
        msg = api.last_message(ALICE.id)
    expected = build_screen(kb, settled(members(("dibao",), ("tekun",), ())), TODAY)
    assert msg.text == expected.text
    total = sum(calculate(kb, s).total_personal or 0 for s in members(("dibao",), ("tekun",), ()))
    assert expected.household is not None and expected.household.total_personal == total
    assert all(len(b["callback_data"].encode()) <= MAX_CHARS for b in msg.buttons if "callback_data" in b)


async def test_the_limit_is_said_in_telegram_and_a_household_is_its_owners(kb, api):
    async with Bot(kb, api) as bot:
        await bot.send("/start")
        for label in (REGION, "低保", "2023年12月", "1日"):
            await bot.press(api.last_message(ALICE.id), label)
        for _ in range(MAX_MEMBERS - 1):
            await bot.press(api.last_message(ALICE.id), ADD)
            await bot.press(api.last_message(ALICE.id), "特困")
        msg = api.last_message(ALICE.id)
        assert ADD not in msg.labels and f"最多一起算{MAX_MEMBERS}位" in msg.text
        assert all(len(b["callback_data"]) <= MAX_CHARS for b in msg.buttons)
        # someone else pressing Alice's household gets the usual "not yours", nothing changes
        first = wording.button("member", n=1, identity="")
        member = next(label for label in msg.labels if label.startswith(first))
        await bot.press(msg, member, BOB)
        assert api.last_message(ALICE.id).text == msg.text
        await bot.press(msg, member)
        opened = api.last_message(ALICE.id)
        await bot.press(opened, wording.button("remove_member", n=1))
        assert ADD in api.last_message(ALICE.id).labels
