"""`python -m bot … | head -1`: a reader that goes away ends every sub-command quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CUT_SHORT = 141  # as a shell reports a program SIGPIPE ended: the output was not all read
COMMANDS = {
    "ask": (["ask", "乌鲁木齐低保户交多少钱"], CUT_SHORT),
    "ask-json": (["ask", "乌鲁木齐低保户交多少钱", "--json"], CUT_SHORT),
    "answer": (["answer", "--region", "乌市", "--identity", "低保户", "--paid-on", "2023-10-01"], CUT_SHORT),
    "knowledge-check": (["knowledge", "check"], CUT_SHORT),
    "chat": (["chat", "--as-of", "2023-11-01"], CUT_SHORT),
    "help": (["--help"], 0),  # argparse ignores a failed write of its own help
}


@pytest.mark.parametrize(("args", "expected"), list(COMMANDS.values()), ids=list(COMMANDS))
def test_a_pipe_closed_before_the_output_ends_the_command_quietly(args, expected):
    """The reading end is closed before the process writes (``head`` gone already): the
    first write meets a closed pipe, every time, without a race."""
    env = {**os.environ}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    try:
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=60)
    finally:
        process.kill()
        process.stderr.close()
    assert stderr == "" and code == expected


def test_head_keeps_the_first_line_and_nothing_else_is_said():
    """The shell line from the issue, as it is typed."""
    command = f'"{sys.executable}" -m bot ask "乌鲁木齐低保户交多少钱" --json | head -1'
    result = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "{\n" and result.stderr == ""
