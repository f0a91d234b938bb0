"""The real bot Application, polling the Bot API emulator over HTTP.

A full guided conversation per region ends at the answer the engine gives for the same
situation (read from `python -m bot answer … --json`, not written down here), and a bot
restarted mid-conversation carries on from the buttons of the old message.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from emulator_client import BotMessage, EmulatorClient, EmulatorSession, TgUser, running

from bot.conversation import wording
from bot.knowledge.base import KnowledgeBase
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2023, 11, 1)
TEST_TIMEOUT = 40.0
RESIDENT = TgUser(id=620001, first_name="老李")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _app(emulator: EmulatorSession, kb: KnowledgeBase):
    config = BotConfig(token=emulator.token, api_base_url=emulator.base_url)
    return build_application(kb, config, today=lambda: TODAY)


def engine_answer(region: str, identities: list[str], paid_on: str, tier: int | None = None) -> dict:
    argv = [sys.executable, "-m", "bot", "answer", "--region", region, "--paid-on", paid_on,
            "--as-of", TODAY.isoformat(), "--json"]
    for word in identities:
        argv += ["--identity", word]
    if tier is not None:
        argv += ["--tier", str(tier)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


async def tap(client: EmulatorClient, message: BotMessage, label: str) -> BotMessage:
    await client.press(message, message.button(label)["callback_data"], user=RESIDENT)
    return await client.wait_for_edit(message)


def assert_matches_engine(text: str, expected: dict) -> None:
    assert text.startswith(f"📋 {expected['region']} · {expected['policy_year']}年度")
    medical = expected["medical"]
    assert f"标准{medical['standard']}元" in text
    if expected["total_personal"] is not None:
        assert f"个人要交：{expected['total_personal']}元" in text
        if medical["subsidy"]:
            assert f"资助{medical['subsidy']}元" in text
    else:  # the notice leaves the amount open: each identity's own figure is shown
        assert "个人要交：通知未写明" in text
        assert expected["alternatives"]
        for alt in expected["alternatives"]:
            assert f"{alt['identity']}：个人{alt['total_personal']}元" in text
    assert f"缴费日期：{dt.date.fromisoformat(expected['paid_on']):%Y年%-m月%-d日}" in text
    assert expected["identity"] in text


CASES = [
    # region, identity buttons (and the same words for the CLI), later buttons, date, tier
    ("乌鲁木齐市", ["低保"], [], ("2023年12月", "15日"), None),
    ("长治市屯留区", ["特困", "低保"], [], "2023-12-20", None),
    ("乌拉特前旗", [], [], ("2023年10月", "8日"), None),
    ("酉阳土家族苗族自治县", ["低保"], ["不是", "二档"], ("2024年1月", "5日"), 2),
]


@pytest.mark.parametrize(("region", "identities", "later", "date", "tier"), CASES,
                         ids=["wulumuqi", "tunliu", "wulateqianqi", "youyang"])
async def test_full_conversation(emulator: EmulatorSession, kb, region, identities, later, date, tier):
    app = _app(emulator, kb)
    client = emulator.client

    async def scenario() -> BotMessage:
        async with running(app):
            await app.post_init(app)  # setMyCommands in the background, as run_polling does
            try:
                await client.send_text("/start", user=RESIDENT)
                msg = await client.wait_for_bot_message(RESIDENT.id)
                assert msg.text.endswith("您在哪个地区参保？")
                msg = await tap(client, msg, region)
                if len(identities) == 1:
                    msg = await tap(client, msg, identities[0])  # one identity: one press
                elif not identities:
                    msg = await tap(client, msg, wording.button("ordinary"))
                else:
                    done = wording.button("done", count=len(identities))
                    for label in [wording.button("several"), *identities, done]:
                        msg = await tap(client, msg, label)
                for label in later:
                    msg = await tap(client, msg, label)
                assert "哪天缴费" in msg.text
                if isinstance(date, tuple):
                    for label in date:
                        msg = await tap(client, msg, label)
                    return msg
                await client.send_text(date, user=RESIDENT)  # typed instead of picked
                return await client.wait_for_bot_message(RESIDENT.id)
            finally:
                await app.post_stop(app)  # cancels it if still trying, as run_polling does

    answer = await asyncio.wait_for(scenario(), TEST_TIMEOUT)
    paid_on = date if isinstance(date, str) else _picked(date)
    assert_matches_engine(answer.text, engine_answer(region, identities, paid_on, tier))
    assert wording.button("share") in [b["text"] for row in answer.buttons for b in row]


def _picked(labels: tuple[str, str]) -> str:
    month, day = labels
    y, m = month.rstrip("月").split("年")
    return dt.date(int(y), int(m), int(day.rstrip("日"))).isoformat()


async def test_restart_mid_conversation(emulator: EmulatorSession, kb):
    client = emulator.client

    async def first_run() -> BotMessage:
        async with running(_app(emulator, kb)):
            await client.send_text("/start", user=RESIDENT)
            msg = await client.wait_for_bot_message(RESIDENT.id)
            msg = await tap(client, msg, "乌鲁木齐市")
            return await tap(client, msg, "低保")

    async def second_run(old: BotMessage) -> BotMessage:
        async with running(_app(emulator, kb)):  # a new process: nothing in memory
            msg = await tap(client, old, "2023年12月")
            assert "已选：乌鲁木齐市 · 低保" in msg.text and "2023年12月几日缴费" in msg.text
            return await tap(client, msg, "15日")

    old = await asyncio.wait_for(first_run(), TEST_TIMEOUT)
    assert "哪天缴费" in old.text
    answer = await asyncio.wait_for(second_run(old), TEST_TIMEOUT)
    assert answer.message_id == old.message_id
    assert_matches_engine(answer.text, engine_answer("乌鲁木齐市", ["低保"], "2023-12-15"))
