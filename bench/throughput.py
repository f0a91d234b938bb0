"""Throughput over HTTP: our bot beside a trivial echo bot, both polling the Bot API emulator.

Starts the emulator the way tests/e2e/conftest.py does (``node launcher.js 0`` in
tests/e2e/emulator, ``npm ci`` first when node_modules is missing), then for each bot:

  1. builds the Application against the emulator (ours: ``build_application``, which talks
     to the Bot API through aiohttp; echo: a PTB Application with PTB's defaults, httpx
     included, and one MessageHandler that replies the text; echo/aiohttp: the same echo
     bot on our aiohttp transport, for reference);
  2. queues N text messages (default 2,000; from 200 users) in the emulator, all of which
     the bot answers with one message each;
  3. starts polling and times until the emulator holds all N replies, as its
     user-side client sees them (``POST /e2e/count`` every 20 ms); the bot-side figure
     (its handler for the last update returned, so the reply was stored) and the CPU time
     of the bot's process per update (steadier than wall time on a noisy host) are
     printed beside it.

Then the same texts go through both Applications in-process with no HTTP (the fake Bot API
of fakeapi.py), to show what each update costs the bot itself.

The emulator has no long polling (``poll_interval`` 0.05 s, as the e2e tests use) and
hands over every queued update in one ``getUpdates``. Each round runs the three bots,
each going first in turn; the target ratio is ours ÷ echo (median updates/s). Prints
figures; asserts nothing.

    .venv/bin/python bench/throughput.py [--updates N] [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
E2E = ROOT / "tests" / "e2e"
EMULATOR_DIR = E2E / "emulator"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(E2E))

from emulator_client import EmulatorClient, EmulatorServer, TgUser, new_token  # noqa: E402
from fakeapi import TOKEN as FAKE_TOKEN  # noqa: E402
from fakeapi import Driver, LeanBotAPI  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, TypeHandler, filters  # noqa: E402

from bot.knowledge.base import KnowledgeBase  # noqa: E402
from bot.telegram.app import build_application, warm_up  # noqa: E402
from bot.telegram.config import BotConfig  # noqa: E402
from bot.telegram.transport import AiohttpRequest  # noqa: E402

PINNED_VERSION = "4.2.1"
READY_PREFIX = "EMULATOR_READY "
TODAY = dt.date(2023, 11, 1)
POLL_INTERVAL = 0.05
COUNT_POLL = 0.02  # how often the client asks the emulator how many replies it holds
TARGET_RATIO = 0.9
USERS = 200
# Messages our bot answers with one message each: /start and free-text questions.
TEXTS = [
    "/start",
    "乌鲁木齐低保户交多少钱",
    "长治屯留特困人员今年交多少",
    "酉阳二档低保交多少钱",
    "乌拉特前旗普通居民医保交多少",
]


# -- the emulator (as tests/e2e/conftest.py starts it) ------------------------------------

def _installed_version() -> str | None:
    package_json = EMULATOR_DIR / "node_modules" / "telegram-test-api" / "package.json"
    if not package_json.exists():
        return None
    return json.loads(package_json.read_text(encoding="utf-8")).get("version")


def ensure_node_modules() -> None:
    if _installed_version() == PINNED_VERSION:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is not installed: the emulator needs Node.js 18+ and npm")
    command = [npm, "ci" if (EMULATOR_DIR / "package-lock.json").exists() else "install",
               "--no-audit", "--no-fund"]
    print(f"running {' '.join(command)} in {EMULATOR_DIR} …", flush=True)
    subprocess.run(command, cwd=EMULATOR_DIR, check=True, timeout=300)


class Emulator:
    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            sys.exit("node is not installed: the emulator needs Node.js 18+")
        ensure_node_modules()
        env = {**os.environ, "EMULATOR_EXIT_ON_STDIN_CLOSE": "1"}
        self.process = subprocess.Popen([node, "launcher.js", "0"], cwd=EMULATOR_DIR, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=lambda: [lines.put(x) for x in self.process.stdout],
                                       daemon=True)
        self.reader.start()
        deadline, base_url = time.monotonic() + 20, None
        while base_url is None and time.monotonic() < deadline and self.process.poll() is None:
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if line.startswith(READY_PREFIX):
                base_url = line[len(READY_PREFIX):].strip()
        if base_url is None:
            self.stop()
            sys.exit("the emulator did not get ready within 20 s")
        self.server = EmulatorServer(base_url=base_url, process=self.process)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdin:
            self.process.stdin.close()
        self.reader.join(timeout=2)


# -- the two bots -----------------------------------------------------------------------

def our_bot(server: EmulatorServer, token: str, kb: KnowledgeBase) -> Application:
    config = BotConfig(token=token, api_base_url=server.base_url)
    warm_up(kb)  # as run_bot does before it starts polling
    return build_application(kb, config, today=lambda: TODAY)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def echo_bot(server: EmulatorServer, token: str, kb: KnowledgeBase) -> Application:
    app = server.application_builder(token).build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


def echo_bot_aiohttp(server: EmulatorServer, token: str, kb: KnowledgeBase) -> Application:
    """The echo bot on our transport (bot/telegram/transport.py) instead of PTB's httpx: not
    the target's baseline, printed so the part the transport plays is in plain view."""
    app = (server.application_builder(token).request(AiohttpRequest(256))
           .get_updates_request(AiohttpRequest(1)).build())
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


BOTS = [("echo", echo_bot), ("ours", our_bot), ("echo/aiohttp", echo_bot_aiohttp)]


# -- one measurement ---------------------------------------------------------------------

async def wait_for_count(client: EmulatorClient, want: int, timeout: float) -> tuple[float, int]:
    """When the emulator holds ``want`` bot messages for this token, and how many polls it took.

    Polls ``/e2e/count`` (one number) every ``COUNT_POLL`` s: fetching the whole state
    instead cost megabytes of JSON per poll for our bot's long replies, parsed in the bot's
    own process, which slowed the bot being measured and saw its end up to a second late.
    """
    t0 = time.perf_counter()
    polls = 0
    while True:
        have = await client.message_count()
        polls += 1
        now = time.perf_counter()
        if have >= want:
            return now, polls
        if now - t0 > timeout:
            raise TimeoutError(f"only {have} of {want} bot messages after {timeout:.0f} s")
        await asyncio.sleep(COUNT_POLL)


async def queue_messages(client: EmulatorClient, texts: list[tuple[TgUser, str]]) -> None:
    chunk = 50
    for i in range(0, len(texts), chunk):
        await asyncio.gather(*(client.send_text(text, user=user) for user, text in texts[i:i + chunk]))


async def measure(kind: str, make, server: EmulatorServer, kb: KnowledgeBase, n: int) -> dict[str, Any]:
    token = new_token()
    app = make(server, token, kb)
    errors: list[BaseException] = []
    done: list[float] = []  # when each update's handlers had finished (its reply was stored)

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    async def finished(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        done.append(time.perf_counter())

    app.add_error_handler(record)
    app.add_handler(TypeHandler(Update, finished), group=99)  # runs after the bot's own handler
    users = [TgUser(id=800_000 + i, first_name=f"居民{i}") for i in range(USERS)]
    work = [(users[i % USERS], TEXTS[i % len(TEXTS)]) for i in range(n)]
    async with server.client(token) as client:
        await app.initialize()
        await app.start()
        try:
            # Everything is queued before polling starts: stopping and restarting the updater
            # between a warm-up and the timed run raced with PTB's final getUpdates against
            # the emulator (which ignores offsets) and could lose updates.
            await queue_messages(client, work)
            done.clear()
            t0, cpu0 = time.perf_counter(), time.process_time()
            await app.updater.start_polling(poll_interval=POLL_INTERVAL)
            t1, polls = await wait_for_count(client, n, 600)
            cpu = time.process_time() - cpu0
            replies = (await client.state())["messages"]
        finally:
            if app.updater.running:
                await app.updater.stop()
            await app.stop()
            await app.shutdown()
    if errors:
        raise RuntimeError(f"{kind} bot handlers raised: {errors[:3]!r}")
    chars = statistics.mean(len(r["message"]["text"]) for r in replies)
    return {"elapsed": t1 - t0, "rate": n / (t1 - t0), "bot_side": n / (max(done) - t0),
            "polls": polls, "reply_chars": chars, "cpu_ms": cpu * 1e3 / n}


async def in_process_cost(kb: KnowledgeBase, per_text: int = 50) -> dict[str, dict[str, float]]:
    """ms per update for each text with no HTTP at all (the fake Bot API of fakeapi.py)."""
    out: dict[str, dict[str, float]] = {}
    for kind in ("echo", "ours"):
        api = LeanBotAPI()
        if kind == "ours":
            app = build_application(kb, BotConfig(token=FAKE_TOKEN), request=api, today=lambda: TODAY)
        else:
            app = Application.builder().token(FAKE_TOKEN).request(api).get_updates_request(api).build()
            app.add_handler(MessageHandler(filters.TEXT, _echo))
        await app.initialize()
        driver = Driver(app, api)
        for i, text in enumerate(TEXTS):
            await driver.send(1 + i, text)  # warm-up
        out[kind] = {}
        for text in TEXTS:
            t0 = time.perf_counter()
            for i in range(per_text):
                await driver.send(100 + i, text)
            out[kind][text] = (time.perf_counter() - t0) * 1e3 / per_text
        await app.shutdown()
    return out


async def run(n: int, rounds: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    # Stopping the echo bot's updater, PTB's last getUpdates (to confirm the offset) can
    # find httpx's one polling connection still held by the cancelled poll and log a pool
    # timeout with its traceback; every reply has been counted by then.
    logging.getLogger("telegram.ext.Updater").setLevel(logging.CRITICAL)
    kb = KnowledgeBase.load()
    emulator = Emulator()
    try:
        print(f"emulator {emulator.server.base_url}; {n:,} updates per run from {USERS} users, "
              f"poll_interval {POLL_INTERVAL} s, {rounds} round(s), alternating which bot goes first")
        print("  updates/s as the emulator client saw the last reply (bot side: when the bot's "
              "handler for the last update returned)")
        results: dict[str, list[float]] = {kind: [] for kind, _ in BOTS}
        bot_side: dict[str, list[float]] = {kind: [] for kind, _ in BOTS}
        cpu: dict[str, list[float]] = {kind: [] for kind, _ in BOTS}
        for r in range(rounds):
            for kind, make in BOTS[r % len(BOTS):] + BOTS[:r % len(BOTS)]:  # each goes first in turn
                m = await measure(kind, make, emulator.server, kb, n)
                results[kind].append(m["rate"])
                bot_side[kind].append(m["bot_side"])
                cpu[kind].append(m["cpu_ms"])
                print(f"  round {r + 1} {kind:12s}: {n:,} replies in {m['elapsed']:6.2f} s = "
                      f"{m['rate']:6.1f} updates/s (bot side {m['bot_side']:6.1f}; bot process CPU "
                      f"{m['cpu_ms']:.2f} ms/update; {m['polls']} polls; replies {m['reply_chars']:.0f} "
                      "chars on average)", flush=True)
    finally:
        emulator.stop()
    rate = {kind: statistics.median(v) for kind, v in results.items()}
    side = {kind: statistics.median(v) for kind, v in bot_side.items()}
    print("median updates/s seen by the client: "
          + ", ".join(f"{kind} {rate[kind]:.1f}" for kind, _ in BOTS)
          + f"; ratio ours/echo {rate['ours'] / rate['echo']:.2f}")
    print("median updates/s bot side:           "
          + ", ".join(f"{kind} {side[kind]:.1f}" for kind, _ in BOTS)
          + f"; ratio ours/echo {side['ours'] / side['echo']:.2f}")
    print("median bot process CPU, ms/update:   "
          + ", ".join(f"{kind} {statistics.median(cpu[kind]):.2f}" for kind, _ in BOTS))
    verdict = "met" if rate["ours"] / rate["echo"] >= TARGET_RATIO else "NOT met"
    print(f"target ratio ≥ {TARGET_RATIO} (client-seen, against PTB's default echo bot): {verdict}")
    print(f"for reference, ours ÷ the echo bot on the same aiohttp transport: "
          f"{rate['ours'] / rate['echo/aiohttp']:.2f}")

    cost = await in_process_cost(kb)
    print("\nin-process cost per update, no HTTP (fakeapi.LeanBotAPI), ms:   echo    ours")
    for text in TEXTS:
        print(f"  {text:28s} {cost['echo'][text]:6.2f}  {cost['ours'][text]:6.2f}")
    mean_echo, mean_ours = (statistics.mean(cost[k].values()) for k in ("echo", "ours"))
    print(f"  {'mean of the mix':28s} {mean_echo:6.2f}  {mean_ours:6.2f}")
    print(f"over HTTP (bot side): echo {1e3 / side['echo']:.2f} ms/update, ours "
          f"{1e3 / side['ours']:.2f} ms/update (difference {1e3 / side['ours'] - 1e3 / side['echo']:.2f} "
          f"ms; in-process difference {mean_ours - mean_echo:.2f} ms)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--updates", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    asyncio.run(run(args.updates, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
