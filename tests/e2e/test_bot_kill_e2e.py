"""The real bot process (`python -m bot run`) killed with SIGKILL mid-conversation.

Nothing is saved anywhere: the state lives in the buttons. A press made while the bot is
down waits at the Bot API; the restarted process picks it up and the conversation ends on
the right answer, in the same message.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
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


@contextlib.contextmanager
def bot_process(emulator: EmulatorSession) -> Iterator[subprocess.Popen[str]]:
    """`python -m bot run` polling the emulator; its output is added to any failure."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("YIBAO_", "TELEGRAM_")) and "proxy" not in k.lower()}
    env.update(TELEGRAM_BOT_TOKEN=emulator.token, TELEGRAM_API_BASE_URL=emulator.base_url,
               YIBAO_AS_OF=TODAY.isoformat(), PYTHONUNBUFFERED="1")
    with tempfile.TemporaryFile(mode="w+") as output:
        process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                   text=True)
        try:
            yield process
        except BaseException as exc:
            output.seek(0)
            exc.add_note(f"bot output:\n{output.read()[-3000:]}")
            raise
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def kill(process: subprocess.Popen[str]) -> int:
    """SIGKILL, as an OOM killer or a pulled plug would: no shutdown code runs."""
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=10)


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
        with bot_process(emulator) as first:
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
        with bot_process(emulator):  # a new process: nothing in memory, nothing on disk
            msg = await client.wait_for_edit(asked, timeout=STARTUP)  # the press made while down
            assert "已选：乌鲁木齐市 · 低保" in msg.text and "2023年12月几日缴费" in msg.text
            final = await tap(client, msg, "15日")
        return asked, final, code

    asked, final, code = await asyncio.wait_for(scenario(), TEST_TIMEOUT)
    assert code == -signal.SIGKILL
    assert final.message_id == asked.message_id  # the same message, edited into the answer
    assert final.text == answer_text(expected)
