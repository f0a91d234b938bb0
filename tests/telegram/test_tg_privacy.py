"""ID and phone numbers typed to the bot never come back in what it sends (issue 12 item 2)."""

from __future__ import annotations

import json

import pytest
from tg_harness import ALICE, Bot

from bot.conversation import wording

PHONE = "13812345678"
ID = "320583195708119054"


def _everything_sent(bot: Bot) -> str:
    """The text of every message sent or edited, every answer and alert: all the API saw."""
    return json.dumps([c.params for c in bot.api.calls], ensure_ascii=False, default=str)


@pytest.mark.parametrize("typed", [PHONE, f"身份证号：{ID}", "138 1234 5678", "１３８１２３４５６７８"])
async def test_a_number_typed_at_the_date_prompt_is_not_echoed(kb, typed: str) -> None:
    async with Bot(kb) as bot:
        await bot.send("/start")
        for label in ("乌鲁木齐市", wording.button("ordinary")):
            await bot.press(bot.api.last_message(ALICE.id), label)
        assert "哪天缴费" in bot.api.last_message(ALICE.id).text
        await bot.send(typed)
    sent = _everything_sent(bot)
    for secret in (PHONE, ID, "138 1234 5678", "１３８１２３４５６７８"):
        assert secret not in sent


async def test_the_bad_date_message_still_says_what_was_wrong(kb) -> None:
    async with Bot(kb) as bot:
        await bot.send("/start")
        for label in ("乌鲁木齐市", wording.button("ordinary")):
            await bot.press(bot.api.last_message(ALICE.id), label)
        await bot.send(PHONE)
    assert '日期"[手机号]"不对' in bot.api.last_message(ALICE.id).text
