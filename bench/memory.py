"""Memory: RSS of the running bot after 10,000 conversations.

Drives the real ``Application`` (``bot.telegram.app.build_application``) in-process with
``Application.process_update``; its HTTP layer is a lean fake Bot API that answers every
call and keeps only each chat's newest bot message (what the next button press needs),
dropped when the conversation ends, so what grows is the bot, not the fake.

10,000 distinct users each hold one conversation, rotating through six scripts: four full
button conversations (one per region, as in tests/telegram/test_tg_private.py), one
deep link + a few presses, one free-text question + a press. Prints RSS (VmRSS), peak
(VmHWM, ru_maxrss) at checkpoints and the growth per conversation.

    .venv/bin/python bench/memory.py [--users N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeapi import TOKEN, Driver, LeanBotAPI

from bot.conversation import wording
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.index import KnowledgeIndex
from bot.telegram import deeplink
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig

TODAY = dt.date(2023, 11, 1)
TARGET_MB = 100
FIRST_USER = 10_000_000


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def memory_line(label: str) -> str:
    rss, hwm = status_kb("VmRSS"), status_kb("VmHWM")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return (f"  {label:34s} VmRSS {rss / 1024:6.1f} MiB   VmHWM {hwm / 1024:6.1f}   "
            f"ru_maxrss {maxrss / 1024:6.1f}")


def scripts(kb: KnowledgeBase) -> list[tuple[str, list[tuple[str, str]]]]:
    """(name, [(kind, text)]) where kind is "send" (a message) or "press" (a button label)."""
    ordinary = wording.button("ordinary")
    today = wording.button("today", day=TODAY)
    link = deeplink.encode(KnowledgeIndex(kb), Situation(region="乌鲁木齐市", identities=("dibao",)))
    start = [("send", "/start")]
    return [
        ("乌鲁木齐 低保, picked date", start + [("press", x) for x in
                                          ("乌鲁木齐市", "低保", "2023年12月", "15日")]),
        ("屯留 特困, today", start + [("press", x) for x in ("长治市屯留区", "特困", today)]),
        ("乌拉特前旗 ordinary", start + [("press", x) for x in
                                      ("乌拉特前旗", ordinary, "2023年10月", "8日")]),
        ("酉阳 低保 二档", start + [("press", x) for x in
                                ("酉阳土家族苗族自治县", "低保", "不是", "二档",
                                 "2024年1月", "5日")]),
        (f"deep link /start {link}", [("send", f"/start {link}"),
                                      ("press", "2023年12月"), ("press", "15日")]),
        ("free text + share", [("send", "乌鲁木齐低保户交多少钱"), ("press", wording.button("share"))]),
    ]


async def run(users: int) -> int:
    print(memory_line("after imports (PTB, bot, jinja2…)"))
    kb = KnowledgeBase.load()
    api = LeanBotAPI()
    app = build_application(kb, BotConfig(token=TOKEN), request=api, today=lambda: TODAY)
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    print(memory_line("app built and initialized"))
    plan = scripts(kb)
    driver = Driver(app, api)
    checkpoints = {len(plan), 100, 1000, users // 2, users}
    t0 = time.perf_counter()
    after_warm = None
    for n in range(users):
        user = FIRST_USER + n
        name, steps = plan[n % len(plan)]
        for kind, text in steps:
            if kind == "send":
                await driver.send(user, text)
            else:
                await driver.press(user, text)
        if kind == "press" and name.startswith("free"):
            pass  # the share sends a new message with the link; the answer was the one before
        elif not driver.answered(user):
            raise AssertionError(f"conversation {name!r} did not end on an answer: "
                                 f"{api.last[user]['text'][:80]!r}")
        api.last.pop(user, None)
        if errors:
            raise AssertionError(f"handlers raised: {errors!r}")
        if n + 1 in checkpoints:
            gc.collect()
            print(memory_line(f"after {n + 1:,} conversations"))
            if n + 1 == len(plan):
                after_warm = status_kb("VmRSS")
    elapsed = time.perf_counter() - t0
    gc.collect()
    rss, hwm = status_kb("VmRSS"), status_kb("VmHWM")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n{users:,} conversations, {driver.updates:,} updates, {api.calls:,} Bot API calls "
          f"in {elapsed:.1f} s ({driver.updates / elapsed:,.0f} updates/s in-process)")
    print(f"chat_data entries: {len(app.chat_data):,}, user_data entries: {len(app.user_data):,}")
    if after_warm is not None:
        per = (rss - after_warm) * 1024 / max(1, users - len(plan))
        print(f"growth after the first {len(plan)} conversations: {(rss - after_warm) / 1024:.1f} MiB "
              f"≈ {per:,.0f} bytes per conversation")
    print(f"final: VmRSS {rss / 1024:.1f} MiB, VmHWM {hwm / 1024:.1f} MiB, ru_maxrss {maxrss / 1024:.1f} MiB")
    verdict = "met" if max(rss, maxrss) / 1024 <= TARGET_MB else "NOT met"
    print(f"target ≤ {TARGET_MB} MB (peak RSS): {verdict}")
    await app.shutdown()
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=10_000)
    args = p.parse_args()
    return asyncio.run(run(args.users))


if __name__ == "__main__":
    sys.exit(main())
