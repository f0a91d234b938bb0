"""/start with deep links, /help, /regions, /cancel, and setMyCommands at start-up."""

from __future__ import annotations

import asyncio

from tg_harness import ALICE, Bot

from bot.conversation import wording
from bot.telegram import texts


async def test_deep_link_prefills_region_and_identity(kb):
    async with Bot(kb) as bot:
        await bot.send("/start wulumuqi-dibao")
        msg = bot.api.last_message(ALICE.id)
    assert "已选：乌鲁木齐市 · 低保" in msg.text
    assert "哪天缴费" in msg.text  # the first question not answered by the link
    assert texts.message("greeting") in msg.text


async def test_deep_link_with_region_only_asks_identity(kb):
    async with Bot(kb) as bot:
        await bot.send("/start youyang")
        msg = bot.api.last_message(ALICE.id)
        assert "您属于哪类人员" in msg.text and "计生特别扶助" in msg.labels
        await bot.press(msg, wording.button("back"))
        assert bot.api.last_message(ALICE.id).text == "您在哪个地区参保？"


async def test_bad_deep_link_starts_from_the_beginning(kb):
    async with Bot(kb) as bot:
        await bot.send("/start nowhere-xyz")
        msg = bot.api.last_message(ALICE.id)
    assert texts.message("bad_link") in msg.text and msg.text.endswith("您在哪个地区参保？")


async def test_help_names_regions_and_policy_year(kb):
    async with Bot(kb) as bot:
        await bot.send("/help")
        msg = bot.api.last_message(ALICE.id)
    for name in kb.regions:
        assert name in msg.text
    assert "2024" in msg.text and "@yibao_test_bot" in msg.text


async def test_regions_lists_regions_with_buttons_that_start_there(kb):
    async with Bot(kb) as bot:
        await bot.send("/regions")
        msg = bot.api.last_message(ALICE.id)
        assert msg.labels == list(kb.regions)
        assert "乌市" in msg.text
        await bot.press(msg, "乌拉特前旗")
        msg = bot.api.last_message(ALICE.id)
    assert "已选：乌拉特前旗" in msg.text and "您属于哪类人员" in msg.text


async def test_cancel_ends_and_typing_a_date_afterwards_is_free_text(kb):
    async with Bot(kb) as bot:
        await bot.send("/start")
        for label in ("乌鲁木齐市", wording.button("ordinary")):
            await bot.press(bot.api.last_message(ALICE.id), label)
        await bot.send("/cancel")
        assert bot.api.last_message(ALICE.id).text == texts.message("cancelled")
        await bot.send("2023-12-01")
        msg = bot.api.last_message(ALICE.id)
    assert not msg.text.startswith("📋")  # not taken as the answer to the old question


async def test_post_init_registers_the_commands(kb):
    async with Bot(kb) as bot:
        await bot.app.post_init(bot.app)  # in the background: start-up does not wait for it
        for _ in range(100):
            if bot.api.of("setMyCommands"):
                break
            await asyncio.sleep(0.01)
        await bot.app.post_stop(bot.app)
    (call,) = bot.api.of("setMyCommands")
    names = [c["command"] for c in call.params["commands"]]
    assert names == ["start", "help", "regions", "remind", "reminders", "follow", "stop", "ledger", "cancel"]
    assert all(c["description"] for c in call.params["commands"])
