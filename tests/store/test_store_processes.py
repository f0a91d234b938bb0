"""Several OS processes on one database, as several bot processes would be: each reminder is
claimed by one of them, a killed process's unsent batch goes to another after its lease, and
a knowledge change is announced to each follower once."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.store import Due, Store

WORKER = Path(__file__).with_name("worker.py")
T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)  # worker.py's "now"
ROWS = 2_000


def start(mode: str, url: str, name: str, go: Path, *args: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), mode, url, name, str(go), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def together(procs: list[subprocess.Popen[str]], names: list[str], go: Path) -> list[dict]:
    """Lets the workers go at one moment, once each is ready; their JSON results."""
    deadline = time.monotonic() + 120
    while not all(Path(f"{go}.{n}.ready").exists() for n in names):
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs if p.poll() is not None]
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.01)
    go.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def fill(url: str, rows: int) -> set[int]:
    store = Store.open(url)
    # 100 chats × 20 reminders, all due, the oldest first
    for chat in range(rows // 20):
        store.schedule(chat, "屯留", f"s{chat}",
                       [Due(f"k{i}", T0 - dt.timedelta(minutes=chat * 20 + i), None) for i in range(20)])
    ids = {d.id for chat in range(rows // 20) for d in store.pending(chat)}
    store.close()
    assert len(ids) == rows
    return ids


def test_two_processes_claim_every_row_exactly_once(store_url: str, tmp_path: Path):
    ids = fill(store_url, ROWS)
    go = tmp_path / "go"
    names = ["a", "b"]
    a, b = together([start("drain", store_url, n, go, 25) for n in names], names, go)
    got_a, got_b = a["ids"], b["ids"]
    assert len(got_a) == len(set(got_a)) and len(got_b) == len(set(got_b))
    assert not set(got_a) & set(got_b)  # no row twice
    assert set(got_a) | set(got_b) == ids  # and none left out
    assert got_a and got_b, "both processes should have had a share"


def test_a_process_killed_mid_batch_leaves_exactly_its_unsent_rows_to_another(store_url: str, tmp_path: Path):
    ids = fill(store_url, 200)
    go = tmp_path / "go"
    proc = start("crash", store_url, "doomed", go, 100, 30)  # claims 100, sends 30, hangs
    deadline = time.monotonic() + 120
    while not Path(f"{go}.doomed.ready").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    go.touch()
    assert proc.stdout is not None
    report = json.loads(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)  # no chance to release anything
    proc.wait()
    claimed, sent = set(report["claimed"]), set(report["sent"])
    assert len(claimed) == 100 and len(sent) == 30

    store = Store.open(store_url)
    try:
        # the batch is still held: another worker gets only the 100 never claimed
        others = store.claim(T0 + dt.timedelta(minutes=1), limit=1000, worker="next")
        assert {d.id for d in others} == ids - claimed
        # after the lease (5 minutes): exactly the 70 claimed but never sent
        late = store.claim(T0 + dt.timedelta(minutes=5), limit=1000, worker="next")
        assert {d.id for d in late} == claimed - sent
    finally:
        store.close()


def test_two_processes_advancing_together_queue_each_alert_once(store_url: str, tmp_path: Path):
    store = Store.open(store_url)
    followers = [-1001, 11, 12, 13]
    for chat in followers:
        store.follow(chat, "酉阳")
    store.follow(99, "屯留")
    steps = 20
    go = tmp_path / "go"
    names = ["a", "b"]
    a, b = together([start("race", store_url, n, go, steps, i) for i, n in enumerate(names)], names, go)
    # each step won by exactly one process
    assert sorted(a["won"] + b["won"]) == list(range(1, steps + 1))
    assert store.seen("酉阳") == (f"f{steps}", f"snapshot {steps}")
    for chat in followers:
        alerts = store.pending(chat)
        # a step queued twice would show as two rows: each process queues at its own time
        assert sorted(d.state for d in alerts) == sorted(f"s{i}" for i in range(1, steps + 1))
        assert all(d.kind == "alert" and d.region == "酉阳" for d in alerts)
    assert store.pending(99) == []
    store.close()


def test_processes_opening_a_new_database_together_migrate_it_once(store_url: str, tmp_path: Path):
    go = tmp_path / "go"
    names = ["a", "b", "c"]
    results = together([start("open", store_url, n, go) for n in names], names, go)
    assert results == [{"opened": True}] * 3
    store = Store.open(store_url)
    assert store.schedule(1, "酉阳", "s", [Due("k", T0, None)]) == 1
    store.close()
