"""No state in memory: a restarted bot, or two bots taking turns, carry one conversation."""

from __future__ import annotations

from tg_harness import ALICE, Bot

from bot.conversation import wording
from bot.telegram import texts


async def test_a_button_on_an_old_message_works_after_a_restart(kb, api):
    async with Bot(kb, api) as before:
        await before.send("/start")
        for label in ("酉阳土家族苗族自治县", "低保"):
            await before.press(api.last_message(ALICE.id), label)
        old = api.last_message(ALICE.id)
    async with Bot(kb, api) as after:  # a new Application: empty bot_data, chat_data, user_data
        await after.press(old, "不是")  # not a university student
        msg = api.last_message(ALICE.id)
        assert "已选：酉阳土家族苗族自治县 · 低保" in msg.text and "您选哪一档" in msg.text
        await after.press(msg, wording.button("back"))
        assert "大学生" in api.last_message(ALICE.id).text


async def test_two_applications_fed_alternately_hold_one_conversation(kb, api):
    async with Bot(kb, api) as one, Bot(kb, api) as two:
        bots = [one, two]
        await one.send("/start")
        steps = ["乌拉特前旗", wording.button("several"), "特困", "单纯低保户", "✅ 特困",
                 wording.button("done", count=1), "2023年11月", wording.button("back"),
                 "2023年12月", "5日"]
        for i, label in enumerate(steps):
            await bots[(i + 1) % 2].press(api.last_message(ALICE.id), label)
        msg = api.last_message(ALICE.id)
    assert msg.text.startswith("📋 乌拉特前旗")
    assert "低保" in msg.text and "特困" not in msg.text.split("\n")[1]
    assert "缴费日期：2023年12月5日" in msg.text
    assert len(api.of("sendMessage")) == 1


async def test_knowledge_reloaded_in_a_running_bot_turns_old_buttons_into_a_restart(kb, api):
    from bot.knowledge.base import KnowledgeBase

    current = {"kb": kb}
    async with Bot(lambda: current["kb"], api) as bot:
        await bot.send("/start")
        old = api.last_message(ALICE.id)
        current["kb"] = KnowledgeBase.from_notices(kb.notices)  # a reload: same files, new object
        await bot.press(old, "乌鲁木齐市")
        assert "您属于哪类人员" in api.last_message(ALICE.id).text  # same content: still valid
        current["kb"] = KnowledgeBase.from_notices(kb.notices[:-1])  # the content changed
        await bot.press(api.last_message(ALICE.id), "低保")
        msg = api.last_message(ALICE.id)
    assert msg.text.startswith(texts.message("start_again", reason="outdated"))
