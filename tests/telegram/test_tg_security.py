"""Forged, truncated, outdated and foreign callback_data: a polite restart, never a traceback."""

from __future__ import annotations

import base64

import pytest
from tg_fakeapi import TOKEN, BotMessage
from tg_harness import ALICE, BOB, GROUP, Bot

from bot.conversation import wording
from bot.conversation.state import Conv
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.index import KnowledgeIndex
from bot.telegram import texts
from bot.telegram.codec import CallbackCodec
from bot.telegram.config import BotConfig

REGION_PROMPT = "您在哪个地区参保？"


async def _answer_on_screen(bot: Bot, chat_id: int = ALICE.id) -> BotMessage:
    await bot.send("/start", chat_id=chat_id)
    for label in ("乌鲁木齐市", "低保", "2023年12月", "1日"):
        await bot.press(bot.api.last_message(chat_id), label)
    return bot.api.last_message(chat_id)


def _flip(data: str, at: int) -> str:
    raw = bytearray(base64.urlsafe_b64decode(data + "=="))
    raw[at] ^= 0x40
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


@pytest.mark.parametrize("how", ["truncated", "flipped", "garbage", "empty-ish", "not-base64"])
async def test_bad_data_restarts_politely(kb, how):
    async with Bot(kb) as bot:
        answer = await _answer_on_screen(bot)
        data = answer.button(wording.button("change", slot="identities"))["callback_data"]
        bad = {"truncated": data[:20], "flipped": _flip(data, 12), "garbage": "hello",
               "empty-ish": "=", "not-base64": "!!!!" * 9}[how]
        await bot.press_data(answer, bad)
        msg = bot.api.last_message(ALICE.id)
    assert msg.text.startswith(texts.message("start_again", reason="malformed"))
    assert msg.text.endswith(REGION_PROMPT) and msg.labels == list(kb.regions)
    assert "低保" not in msg.text
    assert bot.api.of("answerCallbackQuery")[-1].params["text"] == texts.message("start_again_toast")


async def test_data_from_another_secret_is_refused(kb):
    async with Bot(kb) as bot:
        answer = await _answer_on_screen(bot)
    other = CallbackCodec(KnowledgeIndex(kb), b"another-secret-another-secret!!")
    forged = other.encode(Conv(Situation(region="乌鲁木齐市", identities=("tekun",))), ALICE.id)
    async with Bot(kb, bot.api) as again:
        await again.press_data(answer, forged)
    msg = bot.api.last_message(ALICE.id)
    assert "特困" not in msg.text and msg.text.endswith(REGION_PROMPT)


async def test_buttons_made_for_other_knowledge_say_the_data_changed(kb):
    older = KnowledgeBase.from_notices(kb.notices[:-1])
    async with Bot(older) as old_bot:
        await old_bot.send("/start")
        msg = old_bot.api.last_message(ALICE.id)
    async with Bot(kb, old_bot.api) as new_bot:
        await new_bot.press(msg, msg.labels[0])
    msg = new_bot.api.last_message(ALICE.id)
    assert msg.text.startswith(texts.message("start_again", reason="outdated"))
    assert msg.text.endswith(REGION_PROMPT)


async def test_a_token_change_with_no_callback_secret_invalidates_buttons(kb, api):
    async with Bot(kb, api) as bot:
        msg = await _answer_on_screen(bot)
    other = BotConfig(token=TOKEN.replace("TEST", "ROTATED"))
    async with Bot(kb, api, config=other) as rotated:
        await rotated.press(msg, wording.button("change", slot="region"))
    assert api.last_message(ALICE.id).text.endswith(REGION_PROMPT)


async def test_someone_else_pressing_gets_an_alert_and_nothing_changes(kb):
    async with Bot(kb) as bot:
        answer = await _answer_on_screen(bot, chat_id=GROUP)
        before = (answer.text, answer.edits)
        await bot.press(answer, wording.button("change", slot="identities"), user=BOB)
        alert = bot.api.of("answerCallbackQuery")[-1].params
        after = bot.api.last_message(GROUP)
    assert alert["show_alert"] is True and "/start" in alert["text"]
    assert (after.text, after.edits) == before
