"""Sending due reminders: how long 100,000 take at Telegram's rate, and what each costs here.

A real Application (the bot's own build_application) over a simulated Bot API (fakeapi.py's
LeanBotAPI, each call answered after ``--latency`` ms), the real Sender (claim 100, word each
reminder from the knowledge with the answer of that day, send, settle its row) and a real store
(a SQLite file by default; ``--database-url postgresql://…`` for another). Two runs:

1. capacity: ``--count`` due reminders (default 100,000) sent with no pacing: wall time,
   reminders/s, the time spent inside store calls per reminder, peak RSS;
2. pacing: ``--sample`` more (default 900, about 30 s) sent through the Application's own rate
   limiter at Telegram's limits (bot.telegram.app.telegram_limits: 30 messages/s): the rate
   achieved. 100,000 at Telegram's rate take count / that rate.

Prints figures; asserts nothing.

    .venv/bin/python bench/reminders.py [--count N] [--sample N] [--latency MS] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from fakeapi import TOKEN, LeanBotAPI  # noqa: E402

from bot.clock import BEIJING  # noqa: E402
from bot.engine.situation import Situation  # noqa: E402
from bot.knowledge.base import KnowledgeBase  # noqa: E402
from bot.knowledge.index import KnowledgeIndex  # noqa: E402
from bot.reminders.sender import Sender  # noqa: E402
from bot.store import Due, Store  # noqa: E402
from bot.telegram import deeplink  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402
from bot.telegram.config import BotConfig  # noqa: E402
from bot.telegram.reminding import REMINDING, sender_for  # noqa: E402

NOW = dt.datetime(2023, 12, 24, 10, 0, 1, tzinfo=BEIJING)  # 7 days before most windows close
SITUATIONS = [  # what people set reminders for, across the four regions
    Situation(region="乌鲁木齐市", identities=("dibao",), newborn=False, student="none"),
    Situation(region="乌鲁木齐市", identities=(), newborn=False, student="none"),
    Situation(region="长治市屯留区", identities=(), newborn=False, student="none"),
    Situation(region="乌拉特前旗", identities=(), newborn=False, student="none"),
    Situation(region="酉阳土家族苗族自治县", identities=(), newborn=False, student="none", tier=1),
]


class SlowBotAPI(LeanBotAPI):
    """LeanBotAPI answering each call after a fixed delay, as a round trip to Telegram would."""

    def __init__(self, latency: float) -> None:
        super().__init__()
        self.latency = latency

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        await asyncio.sleep(self.latency)
        answered = await super().do_request(*args, **kwargs)
        self.last.clear()  # a reminder is never pressed: keeping 100,000 messages would measure the fake
        return answered


class TimedStore:
    """The store, with the time spent inside its calls added up (from the worker threads)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        call = getattr(self.store, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t

        return timed


def fill(store: Store, index: KnowledgeIndex, count: int, first_chat: int) -> None:
    payloads = [(s.region, deeplink.encode(index, s)) for s in SITUATIONS]
    due = NOW.astimezone(dt.UTC) - dt.timedelta(minutes=1)
    for chat, (region, payload) in zip(range(first_chat, first_chat + count), itertools.cycle(payloads),
                                       strict=False):
        store.schedule(chat, region, payload, [Due("week_before@collection", due, dt.date(2023, 12, 25))])


async def drain(sender: Sender) -> int:
    sent = 0
    while claimed := await sender.once():
        sent += claimed
    return sent


async def run(args: argparse.Namespace, url: str) -> None:
    kb = KnowledgeBase.load()
    index = KnowledgeIndex(kb)
    store = Store.open(url)
    timed = TimedStore(store)
    config = BotConfig(token=TOKEN)
    results: dict[str, float] = {}
    for label, count, limiter in (("capacity", args.count, None), ("paced", args.sample, "telegram")):
        api = SlowBotAPI(args.latency / 1000)
        app = build_application(kb, config, request=api, store=timed,  # type: ignore[arg-type]
                                now=lambda: NOW.astimezone(dt.UTC), rate_limiter=limiter)
        t = time.perf_counter()
        fill(store, index, count, first_chat=1 if label == "capacity" else 10_000_000)
        filled = time.perf_counter() - t
        async with app:
            sender = sender_for(app, app.bot_data[REMINDING])
            timed.seconds = 0.0
            t = time.perf_counter()
            sent = await drain(sender)
            wall = time.perf_counter() - t
        assert sent == count and api.calls >= count, (sent, api.calls)
        results[f"{label}_rate"] = count / wall
        print(f"{label}: {count:,} reminders sent in {wall:.1f} s = {count / wall:,.0f}/s "
              f"(scheduling them took {filled:.1f} s); inside store calls "
              f"{timed.seconds / count * 1e6:,.0f} µs per reminder")
    store.close()
    at_rate = 100_000 / results["paced_rate"]
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
          f"store {store.backend}; simulated Bot API latency {args.latency:g} ms")
    print(f"100,000 at Telegram's rate: {at_rate:,.0f} s = {at_rate / 60:.1f} min "
          f"(paced rate {results['paced_rate']:.1f}/s; unpaced capacity {results['capacity_rate']:,.0f}/s)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, default=100_000)
    p.add_argument("--sample", type=int, default=900)
    p.add_argument("--latency", type=float, default=40.0, help="ms per simulated Bot API call")
    p.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        asyncio.run(run(args, url))


if __name__ == "__main__":
    main()
