"""Groups: commands, mentions and replies get answers; other chatter is ignored."""

from __future__ import annotations

import datetime as dt

from tg_fakeapi import BOT_USERNAME
from tg_harness import ALICE, BOB, GROUP, Bot

from bot.conversation import wording
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.present import answer_text
from bot.telegram import texts


async def test_start_with_the_bot_name_works_in_a_group(kb):
    async with Bot(kb) as bot:
        await bot.send(f"/start@{BOT_USERNAME}", chat_id=GROUP)
        msg = bot.api.last_message(GROUP)
        assert msg.text.endswith("您在哪个地区参保？")
        sent = bot.api.of("sendMessage")[-1].params
        assert "reply_parameters" in sent  # quotes the asker, so the group sees who it is for


async def test_commands_for_another_bot_and_chatter_are_ignored(kb):
    async with Bot(kb) as bot:
        await bot.send("/start@some_other_bot", chat_id=GROUP)
        await bot.send("今天下午开会", chat_id=GROUP)
        await bot.send("乌鲁木齐 低保 多少钱", chat_id=GROUP, user=BOB)
    assert [c.method for c in bot.api.calls] == ["getMe"]


async def test_a_mention_is_answered(kb):
    async with Bot(kb) as bot:
        await bot.send(f"@{BOT_USERNAME} 乌鲁木齐 低保", chat_id=GROUP, user=BOB)
        msg = bot.api.last_message(GROUP)
    assert msg.labels
    assert "乌鲁木齐市" in msg.text


async def test_a_reply_to_the_bot_is_answered(kb):
    async with Bot(kb) as bot:
        await bot.send(f"/help@{BOT_USERNAME}", chat_id=GROUP)
        help_msg = bot.api.last_message(GROUP)
        await bot.send("酉阳 特困", chat_id=GROUP, user=BOB, reply_to=help_msg)
        msg = bot.api.last_message(GROUP)
    assert msg.message_id != help_msg.message_id and "酉阳" in msg.text


async def test_a_reply_to_someone_else_is_ignored(kb):
    async with Bot(kb) as bot:
        other = {"message_id": 1, "date": 0, "chat": {"id": GROUP, "type": "supergroup", "title": "群"},
                 "from": BOB.api(), "text": "大家好"}
        await bot.send("收到", chat_id=GROUP, reply_to=other)
    assert [c.method for c in bot.api.calls] == ["getMe"]


async def test_two_people_in_one_group_keep_their_own_answers(kb):
    async with Bot(kb) as bot:
        await bot.send(f"/start@{BOT_USERNAME}", chat_id=GROUP, user=ALICE)
        alice_msg = bot.api.last_message(GROUP)
        await bot.send(f"/start@{BOT_USERNAME}", chat_id=GROUP, user=BOB)
        bob_msg = bot.api.last_message(GROUP)
        await bot.press(alice_msg, "乌鲁木齐市", user=ALICE)
        await bot.press(bob_msg, "酉阳土家族苗族自治县", user=BOB)
        await bot.press(bot.api.messages[(GROUP, alice_msg.message_id)], "低保", user=BOB)  # refused
        await bot.press(bot.api.messages[(GROUP, alice_msg.message_id)], "特困", user=ALICE)
        alice_now = bot.api.messages[(GROUP, alice_msg.message_id)]
        bob_now = bot.api.messages[(GROUP, bob_msg.message_id)]
    assert "已选：乌鲁木齐市 · 特困" in alice_now.text  # her own press counted, Bob's did not
    assert "乌鲁木齐市" in alice_now.text and "酉阳" in bob_now.text
    alerts = [c.params for c in bot.api.of("answerCallbackQuery") if c.params.get("show_alert")]
    assert len(alerts) == 1 and alerts[0]["text"] == texts.message("foreign_alert")


async def test_the_group_answer_is_self_contained(kb):
    async with Bot(kb) as bot:
        await bot.send(f"/start@{BOT_USERNAME}", chat_id=GROUP)
        for label in ("乌鲁木齐市", "低保", "2023年12月", "1日"):
            await bot.press(bot.api.last_message(GROUP), label)
        msg = bot.api.last_message(GROUP)
    for part in ("乌鲁木齐市", "低保", "2023年12月1日", "个人要交", "依据"):
        assert part in msg.text


async def test_a_bare_mention_starts_the_questions(kb):
    async with Bot(kb) as bot:
        await bot.send(f"@{BOT_USERNAME}", chat_id=GROUP, user=BOB)
        msg = bot.api.last_message(GROUP)
    assert msg.text.endswith("您在哪个地区参保？") and msg.labels == list(kb.regions)


async def test_a_typed_date_in_reply_to_ones_own_question_in_a_group(kb):
    async with Bot(kb) as bot:
        await bot.send(f"/start@{BOT_USERNAME}", chat_id=GROUP)
        for label in ("乌鲁木齐市", wording.button("ordinary")):
            await bot.press(bot.api.last_message(GROUP), label)
        question = bot.api.last_message(GROUP)
        await bot.send("2023-12-03", chat_id=GROUP, user=BOB, reply_to=question)  # not Bob's question
        bob_reply = bot.api.last_message(GROUP)
        await bot.send("2023-12-03", chat_id=GROUP, user=ALICE, reply_to=question)
        alice_reply = bot.api.last_message(GROUP)
    assert not bob_reply.text.startswith("📋")  # Bob does not get Alice's answer
    assert "缴费日期：2023年12月3日" in alice_reply.text and "普通城乡居民" in alice_reply.text


async def test_a_reply_to_an_answer_changes_only_what_it_says(kb):
    # Issue 13: "那乌拉特前旗呢" in reply to the bot's answer keeps what that answer was about.
    async with Bot(kb) as bot:
        await bot.send(f"/start@{BOT_USERNAME}", chat_id=GROUP)
        for label in ("乌鲁木齐市", "低保", "2023年12月", "1日"):
            await bot.press(bot.api.last_message(GROUP), label)
        answer = bot.api.last_message(GROUP)
        await bot.send("那乌拉特前旗呢", chat_id=GROUP, user=BOB, reply_to=answer)
        follow_up = bot.api.last_message(GROUP)
    expected = calculate(kb, Situation(region="乌拉特前旗", identities=("dibao",), newborn=False,
                                       student="none", paid_on=dt.date(2023, 12, 1)))
    assert answer_text(expected) in follow_up.text  # same identity and day, the new region
