"""The real bot process (`python -m bot run`) killed with SIGKILL mid-conversation.

Nothing is saved anywhere: the state lives in the buttons. A press made while the bot is
down waits at the Bot API; the restarted process picks it up and the conversation ends on
the right answer, in the same message.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from pathlib import Path

import pytest
from bot_process import bot_process, kill
from emulator_client import BotMessage, EmulatorClient, EmulatorSession, TgUser

from bot.engine.answer import Answer
from bot.engine.flow import next_step
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2023, 11, 1)
STARTUP = 30.0  # a cold start: imports, knowledge, lint, first poll
TEST_TIMEOUT = 90.0
RESIDENT = TgUser(id=630001, first_name="老马")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


async def tap(client: EmulatorClient, message: BotMessage, label: str) -> BotMessage:
    await client.press(message, message.button(label)["callback_data"], user=RESIDENT)
    return await client.wait_for_edit(message)


async def test_sigkill_mid_conversation_then_restart_answers_the_old_buttons(emulator: EmulatorSession, kb):
    client = emulator.client
    want = Situation(region="乌鲁木齐市", identities=("dibao",), newborn=None, student=None,
                     paid_on=dt.date(2023, 12, 15))
    expected = next_step(kb, want, TODAY)
    assert isinstance(expected, Answer)

    async def scenario() -> tuple[BotMessage, BotMessage, int]:
        with bot_process(emulator, YIBAO_AS_OF=TODAY.isoformat()) as first:
            await client.send_text("/start", user=RESIDENT)
            msg = await client.wait_for_bot_message(RESIDENT.id, timeout=STARTUP)
            msg = await tap(client, msg, "乌鲁木齐市")
            asked = await tap(client, msg, "低保")
            assert "哪天缴费" in asked.text
            code = kill(first)
        # the bot is gone; the resident answers the question on screen anyway
        await client.press(asked, asked.button("2023年12月")["callback_data"], user=RESIDENT)
        await asyncio.sleep(0.3)
        assert (await client.get_message(asked.chat_id, asked.message_id)).edit_count == asked.edit_count
        # a new process: nothing in memory, nothing of the conversation on disk
        with bot_process(emulator, YIBAO_AS_OF=TODAY.isoformat()):
            msg = await client.wait_for_edit(asked, timeout=STARTUP)  # the press made while down
            assert "已选：乌鲁木齐市 · 低保" in msg.text and "2023年12月几日缴费" in msg.text
            final = await tap(client, msg, "15日")
        return asked, final, code

    asked, final, code = await asyncio.wait_for(scenario(), TEST_TIMEOUT)
    assert code == -signal.SIGKILL
    assert final.message_id == asked.message_id  # the same message, edited into the answer
    assert final.text == answer_text(expected)
