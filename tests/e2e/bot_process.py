"""The real bot process (`python -m bot run`) polling the emulator, for tests that kill or
restart it. Its output is added to any failure; its data folder is the test's own."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from emulator_client import EmulatorSession

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def bot_process(emulator: EmulatorSession, **settings: str) -> Iterator[subprocess.Popen[str]]:
    """``settings``: more environment (YIBAO_NOW, YIBAO_DATABASE_URL …) on top of a clean one."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("YIBAO_", "TELEGRAM_")) and "proxy" not in k.lower()}
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryFile(mode="w+") as output:
        env.update(TELEGRAM_BOT_TOKEN=emulator.token, TELEGRAM_API_BASE_URL=emulator.base_url,
                   YIBAO_DATA_DIR=data, PYTHONUNBUFFERED="1", **settings)
        process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                   text=True)
        try:
            yield process
        except BaseException as exc:
            output.seek(0)
            exc.add_note(f"bot output:\n{output.read()[-3000:]}")
            raise
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def kill(process: subprocess.Popen[str]) -> int:
    """SIGKILL, as an OOM killer or a pulled plug would: no shutdown code runs."""
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=10)
