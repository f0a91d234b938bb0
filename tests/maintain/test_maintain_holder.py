"""KnowledgeHolder: reload without restart; a broken edit keeps the last good knowledge."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from maintain_helpers import SHILI_2025, copy_knowledge

from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.knowledge.errors import KnowledgeLoadError
from bot.knowledge.holder import KnowledgeHolder, ReloadResult, install_sighup, watch_folder
from bot.knowledge.staleness import stale_warnings

posix_only = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX")
TODAY = dt.date(2024, 10, 8)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path / "knowledge")


@pytest.fixture
def holder(folder: Path) -> KnowledgeHolder:
    return KnowledgeHolder.load(folder, today=lambda: TODAY)


def _break(folder: Path) -> int:
    """Misspell a key in 2024-wulumuqi.yaml; return its line."""
    path = folder / "2024-wulumuqi.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  - standard: 380"))
    lines[at] = lines[at].replace("standard", "standerd")
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def test_good_reload_swaps_in_the_new_knowledge(holder, folder):
    before = holder.kb
    assert "示例县" not in before.regions and holder.generation == 0
    shutil.copy(SHILI_2025, folder)
    result = holder.reload()
    assert result.ok and result.errors == () and result.generation == holder.generation == 1
    assert holder.kb is not before and "示例县" in holder.kb.regions
    notices, regions = len(before.notices) + 1, len(before.regions) + 1
    assert (result.notices, result.regions) == (notices, regions) and 2025 in result.policy_years
    assert result.summary().startswith(f"reloaded {folder}: {notices} notices, {regions} regions")
    assert result.warnings == tuple(stale_warnings(holder.kb, TODAY))
    answer = calculate(holder.kb, Situation(region="示例县", identities=("dibao",), newborn=False,
                                            student="none", paid_on=TODAY))
    assert answer.total_personal == 100
    assert holder.last_result is result


def test_broken_edit_keeps_the_old_knowledge_and_names_file_and_line(holder, folder):
    shutil.copy(SHILI_2025, folder)
    assert holder.reload().ok
    good = holder.kb
    line = _break(folder)
    result = holder.reload()
    assert not result.ok
    assert holder.kb is good and holder.generation == 1  # still answering from the last good one
    assert result.notices == len(good.notices) and "示例县" in holder.kb.regions
    assert all(e.file.endswith("2024-wulumuqi.yaml") and e.line == line for e in result.errors)
    assert any(m.endswith(f"2024-wulumuqi.yaml:{line}: standards[0].standerd: unknown key (check the "
                          "spelling; unknown keys are not allowed)") for m in result.messages)
    assert result.summary().startswith("not reloaded: 2 error(s)")
    assert f"2024-wulumuqi.yaml:{line}:" in result.summary()


def test_lint_errors_also_block_the_swap(holder, folder):
    path = folder / "2024-wulumuqi.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    default: true\n", "    default: false\n", 1), encoding="utf-8")
    result = holder.reload()
    assert not result.ok and "exactly one category needs `default: true`" in result.messages[0]
    assert holder.generation == 0


def test_a_missing_folder_or_a_loader_crash_keeps_serving(holder, folder):
    shutil.rmtree(folder)
    result = holder.reload()
    assert not result.ok and "no such folder" in result.messages[0]

    def crash(_folder):
        raise RuntimeError("disk on fire")

    h = KnowledgeHolder(holder.kb, folder, loader=crash)
    result = h.reload()
    assert not result.ok and result.errors[0].message == "RuntimeError: disk on fire"
    assert h.kb is holder.kb


def test_load_refuses_broken_knowledge_at_start(folder):
    _break(folder)
    with pytest.raises(KnowledgeLoadError):
        KnowledgeHolder.load(folder)


def test_default_folder_follows_the_environment(folder, monkeypatch):
    monkeypatch.setenv("YIBAO_KNOWLEDGE_DIR", str(folder))
    h = KnowledgeHolder.load()
    assert h.folder == folder
    shutil.copy(SHILI_2025, folder)
    assert h.reload().ok and "示例县" in h.kb.regions


def test_readers_always_see_a_complete_knowledge_base(holder, folder):
    n = len(holder.kb.regions)
    shutil.copy(SHILI_2025, folder)
    seen: set[int] = set()
    stop = threading.Event()
    failures: list[BaseException] = []

    def read() -> None:
        while not stop.is_set():
            kb = holder.kb
            try:
                assert len(kb.regions) in (n, n + 1) and all(r.notices for r in kb.regions.values())
                seen.add(len(kb.regions))
                time.sleep(0.001)
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    reloads = [threading.Thread(target=holder.reload) for _ in range(3)]
    for t in reloads:
        t.start()
    for t in reloads:
        t.join(timeout=30)
    stop.set()
    for t in readers:
        t.join(timeout=30)
    assert not failures
    assert holder.generation == 3 and len(holder.kb.regions) == n + 1


@posix_only
def test_sighup_triggers_a_reload(holder, folder):
    shutil.copy(SHILI_2025, folder)
    done = threading.Event()
    results: list[ReloadResult] = []

    def on_result(result: ReloadResult) -> None:
        results.append(result)
        done.set()

    before = signal.getsignal(signal.SIGHUP)
    uninstall = install_sighup(holder, on_result)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        assert done.wait(timeout=30), "no reload after SIGHUP"
    finally:
        uninstall()
    assert results[0].ok and "示例县" in holder.kb.regions
    assert signal.getsignal(signal.SIGHUP) == before


@posix_only
def test_sighup_on_a_broken_edit_reports_and_keeps(holder, folder):
    line = _break(folder)
    done = threading.Event()
    results: list[ReloadResult] = []
    uninstall = install_sighup(holder, lambda r: (results.append(r), done.set()))
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        assert done.wait(timeout=30)
    finally:
        uninstall()
    assert not results[0].ok and results[0].errors[0].line == line
    assert holder.generation == 0


@posix_only
def test_uninstall_restores_the_previous_handler(holder):
    def mine(signum, frame):  # pragma: no cover - never delivered
        pass

    previous = signal.signal(signal.SIGHUP, mine)
    try:
        uninstall = install_sighup(holder)
        assert signal.getsignal(signal.SIGHUP) is not mine
        uninstall()
        assert signal.getsignal(signal.SIGHUP) is mine
    finally:
        signal.signal(signal.SIGHUP, previous)


@posix_only
def test_sighup_with_an_asyncio_loop(holder, folder):
    shutil.copy(SHILI_2025, folder)

    async def scenario() -> ReloadResult:
        loop = asyncio.get_running_loop()
        got: asyncio.Future[ReloadResult] = loop.create_future()
        caller: list[int] = []

        def on_result(result: ReloadResult) -> None:
            caller.append(threading.get_ident())
            got.set_result(result)

        uninstall = install_sighup(holder, on_result, loop=loop)
        try:
            os.kill(os.getpid(), signal.SIGHUP)
            result = await asyncio.wait_for(got, timeout=30)
        finally:
            uninstall()
        assert caller == [threading.get_ident()]  # called in the loop's thread
        return result

    result = asyncio.run(scenario())
    assert result.ok and holder.generation == 1


# -- watching the folder (how several processes all pick up a new notice) --------------------


class Ticks:
    """A ``sleep`` for watch_folder that runs the given step before each look, and stops the
    watcher after the last one."""

    def __init__(self, *steps) -> None:
        self.steps = list(steps)
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        if not self.steps:
            raise asyncio.CancelledError
        self.steps.pop(0)()


def _touch_later(path: Path) -> None:
    """Save ``path`` again, its content the same (a maintainer's editor does that)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def _watch(holder: KnowledgeHolder, ticks: Ticks) -> list[ReloadResult]:
    results: list[ReloadResult] = []
    with pytest.raises(asyncio.CancelledError):
        await watch_folder(holder, 30, results.append, sleep=ticks)
    return results


async def test_the_watcher_reloads_only_when_a_file_changes(holder, folder):
    nothing = lambda: None  # noqa: E731
    ticks = Ticks(nothing, lambda: shutil.copy(SHILI_2025, folder), nothing, nothing,
                  lambda: _touch_later(folder / "2024-youyang.yaml"), nothing)
    results = await _watch(holder, ticks)
    assert ticks.asked == [30] * 7
    assert [r.ok for r in results] == [True, True]  # the new notice, then the re-saved file
    assert holder.generation == 2 and "示例县" in holder.kb.regions


async def test_the_watcher_reports_a_broken_file_once_and_waits_for_the_next_save(holder, folder):
    good = holder.kb
    line = 0

    def break_it() -> None:
        nonlocal line
        line = _break(folder)

    ticks = Ticks(break_it, lambda: None, lambda: None, lambda: shutil.copy(SHILI_2025, folder))
    results = await _watch(holder, ticks)
    assert [r.ok for r in results] == [False, False]  # the broken file; then with 示例县 added
    assert any(f"2024-wulumuqi.yaml:{line}:" in m for m in results[0].messages)
    assert holder.kb is good and holder.generation == 0  # never served the broken files


def test_a_reload_by_hand_is_not_repeated_by_the_watcher(holder, folder):
    shutil.copy(SHILI_2025, folder)
    assert holder.files_changed()
    assert holder.reload().ok
    assert not holder.files_changed()
    (folder / "2025-shilixian.yaml").unlink()
    assert holder.files_changed()


def test_an_unreadable_folder_counts_as_a_change_and_the_reload_reports_it(tmp_path, folder):
    holder = KnowledgeHolder.load(folder, today=lambda: TODAY)
    shutil.rmtree(folder)
    assert holder.files_changed()
    result = holder.reload()
    assert not result.ok and holder.kb.regions  # still serving what it had
    assert not holder.files_changed()  # reported once, not again on every look


def test_a_symlink_loop_is_reported_and_does_not_blind_the_watcher(holder, folder):
    (folder / "loop.yaml").symlink_to("loop.yaml")
    assert holder.files_changed()
    result = holder.reload()
    assert not result.ok and "loop.yaml: symbolic link loop" in result.summary()
    assert not holder.files_changed()
    shutil.copy(SHILI_2025, folder)  # an edit beside the loop is still seen
    assert holder.files_changed()
