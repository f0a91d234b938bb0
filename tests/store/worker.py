"""One bot process, as the process tests start it: ``python worker.py MODE URL [ARGS]``.

Each waits, once its store is open, for the file GO to appear, so that two of them start
their work at the same moment; then prints what it got as JSON on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from bot.store import Store

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def wait_for(go: Path) -> None:
    while not go.exists():
        time.sleep(0.001)


def drain(store: Store, name: str, limit: int, go: Path) -> dict:
    """The sender's loop: claim a batch, send (delete) each, until nothing is due. After its
    first claim a worker waits (a few seconds at most) for the others' first claims, so that on a
    loaded machine one worker cannot drain everything before another is even scheduled."""
    got: list[int] = []
    first = True
    while batch := store.claim(T0, limit=limit, worker=name):
        if first:
            _claimed_together(go, name)
            first = False
        for d in batch:
            got.append(d.id)
            store.sent(d.id)
    return {"ids": got}


def _claimed_together(go: Path, name: str) -> None:
    Path(f"{go}.{name}.claimed").touch()
    workers = len(list(go.parent.glob(f"{go.name}.*.ready")))
    deadline = time.monotonic() + 10
    while len(list(go.parent.glob(f"{go.name}.*.claimed"))) < workers and time.monotonic() < deadline:
        time.sleep(0.005)


def crash(store: Store, name: str, limit: int, send: int) -> dict:
    """Claims a batch, sends only the first ``send``, says so, and waits to be killed."""
    batch = store.claim(T0, limit=limit, worker=name)
    for d in batch[:send]:
        store.sent(d.id)
    print(json.dumps({"claimed": [d.id for d in batch], "sent": [d.id for d in batch[:send]]}), flush=True)
    time.sleep(600)
    return {}


def race(store: Store, name: str, steps: int, offset_s: int) -> dict:
    """Moves region 酉阳 through fingerprints f1…fN, as every process does when it reloads."""
    now = T0 + dt.timedelta(seconds=offset_s)  # each process its own time: a double queue shows
    won = [i for i in range(1, steps + 1)
           if store.advance("酉阳", f"f{i - 1}" if i > 1 else None, f"f{i}", f"snapshot {i}", f"s{i}", now)]
    return {"won": won}


def main() -> None:
    mode, url, name, go = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
    args = [int(a) for a in sys.argv[5:]]
    if mode == "open":  # several processes migrating one new database at the same moment
        Path(f"{go}.{name}.ready").touch()
        wait_for(go)
        Store.open(url).close()
        print(json.dumps({"opened": True}), flush=True)
        return
    store = Store.open(url)
    Path(f"{go}.{name}.ready").touch()
    wait_for(go)
    if mode == "drain":
        result = drain(store, name, *args, go=go)
    else:
        result = {"crash": crash, "race": race}[mode](store, name, *args)
    store.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
