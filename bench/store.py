"""Reminder storage cost: the database's time per reminder, schedule + claim + sent.

As the planner and the sender use it: the planner schedules three reminders per chat in one
call (7 days before, 1 day before, a monthly one), the sender claims batches of 100 and marks
each sent (deleted) on its own, one transaction each. Every run starts from an empty
database: a SQLite file in a temporary folder (the default: WAL, synchronous=NORMAL) and a
database on a PostgreSQL server started here with fsync on, as a real one runs
(tests/store/pgserver.py; skipped, with the reason, when none can start). One process, no
network but 127.0.0.1. Prints figures; asserts nothing.

    .venv/bin/python bench/store.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "store"))
from pgserver import PgServer, Unavailable  # noqa: E402

from bot.store import Due, Store  # noqa: E402

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
PER_CHAT = 3
CLAIM_LIMIT = 100


def one_run(url: str, rows: int) -> dict[str, float]:
    """Seconds spent in each phase for ``rows`` reminders."""
    store = Store.open(url)
    chats = rows // PER_CHAT
    end = dt.date(2026, 12, 25)
    t0 = time.perf_counter()
    for chat in range(chats):
        due = [T0 - dt.timedelta(seconds=chat * PER_CHAT + i) for i in range(PER_CHAT)]
        store.schedule(chat, "屯留", f"s{chat % 50}", [Due(f"k{i}", t, end) for i, t in enumerate(due)])
    t1 = time.perf_counter()
    claiming = sending = 0.0
    done = 0
    while True:
        a = time.perf_counter()
        batch = store.claim(T0, limit=CLAIM_LIMIT, worker="bench")
        b = time.perf_counter()
        claiming += b - a
        if not batch:
            break
        for d in batch:
            store.sent(d.id)
        sending += time.perf_counter() - b
        done += len(batch)
    store.close()
    assert done == chats * PER_CHAT, (done, chats * PER_CHAT)
    return {"schedule": t1 - t0, "claim": claiming, "sent": sending}


def report(name: str, runs: list[dict[str, float]], rows: int) -> None:
    per = lambda key: [r[key] / rows * 1e6 for r in runs]  # noqa: E731
    total = [sum(r.values()) / rows * 1e6 for r in runs]
    print(f"{name:10} per reminder: min {min(total):,.0f} µs, median {statistics.median(total):,.0f} µs, "
          f"max {max(total):,.0f} µs  (median schedule {statistics.median(per('schedule')):,.0f} + claim "
          f"{statistics.median(per('claim')):,.0f} + sent {statistics.median(per('sent')):,.0f} µs; "
          f"{statistics.median(total) and 1e6 / statistics.median(total):,.0f} reminders/s)")


def measure(name: str, fresh_url: Callable[[int], str], rows: int, runs: int) -> None:
    one_run(fresh_url(-1), min(rows, 300))  # warm-up: imports, first connections, migrations' code
    report(name, [one_run(fresh_url(i), rows) for i in range(runs)], rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3_000)
    ap.add_argument("--runs", type=int, default=5)
    opts = ap.parse_args()
    rows = opts.rows // PER_CHAT * PER_CHAT
    print(f"{rows:,} reminders a run ({PER_CHAT} per schedule call, claim limit {CLAIM_LIMIT}, "
          f"one sent() each), {opts.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        measure("SQLite", lambda i: f"sqlite:///{Path(tmp) / f'run{i}.sqlite3'}", rows, opts.runs)
    try:
        with PgServer(fsync=True) as pg:
            measure("PostgreSQL", lambda i: pg.create_db(f"bench_{i + 1}"), rows, opts.runs)
    except Unavailable as e:
        print(f"PostgreSQL skipped: {e}")


if __name__ == "__main__":
    main()
