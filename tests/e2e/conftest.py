"""Fixtures that run the Bot API emulator (tests/e2e/emulator) for end-to-end tests.

* ``telegram_emulator`` (session): one Node process for the whole run, on a free
  127.0.0.1 port. Fails loudly, never skips, when node/npm are missing.
* ``emulator`` (per test): an :class:`emulator_client.EmulatorSession`: a fresh bot token,
  its URLs for PTB and a user-side :class:`emulator_client.EmulatorClient`, closed after
  the test.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from emulator_client import EmulatorServer, EmulatorSession, new_token

EMULATOR_DIR = Path(__file__).parent / "emulator"
PINNED_VERSION = "4.2.1"
READY_PREFIX = "EMULATOR_READY "
START_TIMEOUT = 20.0
INSTALL_TIMEOUT = 300.0


def _installed_version() -> str | None:
    package_json = EMULATOR_DIR / "node_modules" / "telegram-test-api" / "package.json"
    if not package_json.exists():
        return None
    return json.loads(package_json.read_text(encoding="utf-8")).get("version")


def _ensure_node_modules() -> None:
    if _installed_version() == PINNED_VERSION:
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: the e2e tests need Node.js 18+ and npm", pytrace=False)
    command = [npm, "ci", "--no-audit", "--no-fund"]
    if not (EMULATOR_DIR / "package-lock.json").exists():
        command[1] = "install"
    try:
        result = subprocess.run(
            command,
            cwd=EMULATOR_DIR,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`{' '.join(command)}` took over {INSTALL_TIMEOUT:.0f} s", pytrace=False)
    if result.returncode != 0 or _installed_version() != PINNED_VERSION:
        pytest.fail(
            f"`{' '.join(command)}` in {EMULATOR_DIR} failed ({result.returncode}):\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}",
            pytrace=False,
        )


def _read_lines(stream: object, lines: queue.Queue[str]) -> None:
    # Drains the child's stdout for its whole life so the pipe never fills up.
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


def _stop(process: subprocess.Popen[str], reader: threading.Thread) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    reader.join(timeout=2)  # it ends at EOF, once the process is gone
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            pipe.close()


@pytest.fixture(scope="session")
def telegram_emulator() -> Iterator[EmulatorServer]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not installed: the e2e tests run a Bot API emulator on Node.js 18+ "
            "(install nodejs and npm)",
            pytrace=False,
        )
    _ensure_node_modules()

    with tempfile.TemporaryFile(mode="w+") as stderr:
        env = {**os.environ, "EMULATOR_EXIT_ON_STDIN_CLOSE": "1"}
        process = subprocess.Popen(
            [node, "launcher.js", "0"],  # port 0: the OS picks a free port, no race
            cwd=EMULATOR_DIR,
            stdin=subprocess.PIPE,  # closed when we die, so the emulator exits too
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
        )
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
        reader.start()
        try:
            base_url = None
            deadline = time.monotonic() + START_TIMEOUT
            while base_url is None and time.monotonic() < deadline:
                try:
                    line = lines.get(timeout=0.1)
                except queue.Empty:
                    if process.poll() is not None:
                        break
                    continue
                if line.startswith(READY_PREFIX):
                    base_url = line[len(READY_PREFIX) :].strip()
            if base_url is None:
                stderr.seek(0)
                pytest.fail(
                    f"the emulator did not get ready within {START_TIMEOUT:.0f} s "
                    f"(exit code {process.poll()}):\n{stderr.read()[-3000:]}",
                    pytrace=False,
                )
            yield EmulatorServer(base_url=base_url, process=process)
        finally:
            _stop(process, reader)


@pytest.fixture
async def emulator(telegram_emulator: EmulatorServer) -> AsyncIterator[EmulatorSession]:
    token = new_token()
    async with telegram_emulator.client(token) as client:
        yield EmulatorSession(server=telegram_emulator, token=token, client=client)
