"""/reload: admins refresh the knowledge without a restart; a broken edit keeps the bot serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tg_fakeapi import TOKEN
from tg_harness import ALICE, BOB, Bot

from bot.conversation import wording
from bot.knowledge.holder import KnowledgeHolder
from bot.knowledge.loader import DEFAULT_DIR
from bot.telegram import texts
from bot.telegram.config import BotConfig
from bot.telegram.deps import KEY

SHILI_2025 = DEFAULT_DIR.parent / "tests" / "fixtures" / "maintain" / "2025-shilixian.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_DIR, tmp_path / "knowledge"))


def reloadable(holder: KnowledgeHolder) -> Bot:
    bot = Bot(lambda: holder.kb, config=BotConfig(token=TOKEN, admin_ids=(ALICE.id,)))
    bot.app.bot_data[KEY].reload = holder.reload
    return bot


async def test_admin_reload_picks_up_a_new_notice(folder):
    holder = KnowledgeHolder.load(folder)
    async with reloadable(holder) as bot:
        await bot.send("/regions")
        assert "示例县" not in bot.api.last_message(ALICE.id).text
        shutil.copy(SHILI_2025, folder)
        await bot.send("/reload")
        report = bot.api.last_message(ALICE.id).text
        assert report.startswith("✅") and f"{len(holder.kb.notices)} 个通知" in report
        await bot.send("/regions")
        assert "示例县" in bot.api.last_message(ALICE.id).text


async def test_broken_edit_is_reported_with_file_and_line_and_the_bot_keeps_answering(folder):
    holder = KnowledgeHolder.load(folder)
    before = holder.kb
    path = folder / "2024-wulumuqi.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  - standard: 380"))
    lines[at] = lines[at].replace("standard", "standerd")
    path.write_text("".join(lines), encoding="utf-8")
    async with reloadable(holder) as bot:
        await bot.send("/reload")
        report = bot.api.last_message(ALICE.id).text
        assert report.startswith("❌") and f"2024-wulumuqi.yaml:{at + 1}" in report
        assert holder.kb is before
        await bot.send("/start wulumuqi-dibao")
        assert "乌鲁木齐市" in bot.api.last_message(ALICE.id).text


async def test_reload_is_refused_to_residents(folder):
    holder = KnowledgeHolder.load(folder)
    async with reloadable(holder) as bot:
        shutil.copy(SHILI_2025, folder)
        await bot.send("/reload", BOB)
        assert bot.api.last_message(BOB.id).text == texts.message("reload_refused")
    assert holder.generation == 0


def test_reload_is_not_advertised_in_the_command_menu():
    from bot.telegram.handlers.commands import COMMANDS

    assert "reload" not in COMMANDS


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="SIGHUP is POSIX")
async def test_sighup_reloads_and_tells_the_admins(folder):
    import asyncio
    import os
    import signal

    from bot.telegram.app import install_reload_signal

    holder = KnowledgeHolder.load(folder)
    async with reloadable(holder) as bot:
        install_reload_signal(bot.app, holder)
        try:
            shutil.copy(SHILI_2025, folder)
            os.kill(os.getpid(), signal.SIGHUP)
            for _ in range(200):  # the reload runs in an executor thread
                if bot.api.sent_to(ALICE.id):
                    break
                await asyncio.sleep(0.02)
        finally:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        assert holder.generation == 1 and "示例县" in holder.kb.regions
        assert bot.api.last_message(ALICE.id).text.startswith("✅")


async def test_a_corrected_figure_keeps_older_buttons_working_with_the_new_figure(folder):
    """A reload that only corrects figures leaves every button's numbers meaning the same
    regions and categories: the old answer's buttons still work and answer from the
    corrected notice. (Adding a region or category makes them say "start again":
    test_tg_restart, test_tg_security.)"""
    holder = KnowledgeHolder.load(folder)
    async with reloadable(holder) as bot:
        await bot.send("/start wulumuqi")
        await bot.press(bot.api.last_message(ALICE.id), wording.button("ordinary"))
        await bot.send("2023-11-01")
        answer = bot.api.last_message(ALICE.id)
        assert "标准380元" in answer.text
        path = folder / "2024-wulumuqi.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  - standard: 380\n", "  - standard: 390\n", 1), encoding="utf-8")
        await bot.send("/reload")
        assert bot.api.last_message(ALICE.id).text.startswith("✅")
        await bot.press(answer, wording.button("change", slot="paid_on"))  # edits the answer
        assert "哪天缴费" in bot.api.messages[(ALICE.id, answer.message_id)].text
        await bot.send("2023-11-02")
    corrected = bot.api.last_message(ALICE.id).text
    assert "标准390元" in corrected and "缴费日期：2023年11月2日" in corrected


async def test_each_process_picks_up_a_new_notice_on_its_own(folder, caplog):
    """With several processes behind one webhook, /reload reaches one of them: each also
    looks at the folder itself (YIBAO_RELOAD_EVERY). Logged, not sent to the admins."""
    import asyncio
    import logging
    import signal

    from bot.telegram.app import reloading

    caplog.set_level(logging.INFO, logger="bot.knowledge.holder")
    holder = KnowledgeHolder.load(folder)
    async with reloadable(holder) as bot:
        init, stop = reloading(holder, 0.02)
        await init(bot.app)
        try:
            shutil.copy(SHILI_2025, folder)
            for _ in range(500):
                if holder.generation:
                    break
                await asyncio.sleep(0.02)
        finally:
            await stop(bot.app)
            if hasattr(signal, "SIGHUP"):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        assert holder.generation == 1 and "knowledge files changed: reloaded" in caplog.text
        assert not bot.api.sent_to(ALICE.id)  # nothing to the admin
        (folder / SHILI_2025.name).unlink()
        await asyncio.sleep(0.1)
        assert holder.generation == 1  # stopped with the application
        await bot.send("/regions")
        assert "示例县" in bot.api.last_message(ALICE.id).text
