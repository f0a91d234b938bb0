"""One long console session of hostile lines (issue 12): the chat never breaks, never echoes
an ID or phone number, and still answers correctly afterwards.

The lines come from hostile_lines.py (deterministic from a seed; ``HOSTILE_SEED=n`` runs
another one). bench/console_hostile.py times the same lines.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

from hostile_lines import FAMILIES, HostileFeed, hostile_feed, quits

from bot.chat import run_chat
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("HOSTILE_SEED", "12"))
TODAY = dt.date(2023, 11, 1)
BYE = "再见！"

_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])[ \-\u200b\u200c\u200d\u2060\ufeff\u00ad]+(?=[0-9X])")


def as_read(text: str) -> str:
    """``text`` as a person reads a number in it: full-width digits as digits, the spaces,
    dashes and invisible characters between digits gone."""
    return _BETWEEN_DIGITS.sub("", text.translate(_DIGITS))


def leaked(feed: HostileFeed, output: str) -> list[str]:
    seen = as_read(output)
    return sorted(n for n in feed.secrets if n in seen)


def test_the_feed_is_what_the_session_test_assumes():
    feed = hostile_feed(SEED, 1_500)
    assert feed.lines == hostile_feed(SEED, 1_500).lines  # the same seed, the same lines
    assert len(feed.lines) == 1_500 and feed.lines[-1] == "q"
    assert not any(quits(line) for line in feed.lines[:-1])
    assert set(feed.kinds) == FAMILIES, FAMILIES - set(feed.kinds)
    assert not any("\n" in line or "\r" in line.removesuffix("\r") for line in feed.lines)
    assert any(len(line) >= 100_000 for line in feed.lines)
    # Every number fed in is found again by as_read in the line that carried it, so an echo of
    # that line, in any of the forms typed, would be caught by `leaked`.
    typed = as_read("\n".join(feed.lines))
    assert len(feed.secrets) > 20 and all(n in typed for n in feed.secrets)


def test_one_session_of_1500_hostile_lines_then_a_clean_walk_to_the_right_answer(kb: KnowledgeBase):
    feed = hostile_feed(SEED, 1_500)
    hostile = feed.lines[:-1]
    paid_on = dt.date(2023, 12, 15)
    walk = ["r", "@乌鲁木齐市", "@低保", paid_on.isoformat(), "q"]
    out = io.StringIO()
    screens: list[int] = []  # where the output stood at each read: screen n is out[screens[n-1]:screens[n]]

    def read() -> str | None:
        screens.append(out.tell())
        n = len(screens) - 1
        if n < len(hostile):
            return hostile[n]
        step = walk[n - len(hostile)]  # past the final q: IndexError, the chat did not stop
        if step.startswith("@"):
            return option_number(out.getvalue()[screens[-2]:], step[1:])
        return step

    assert run_chat(kb, TODAY, read=read, out=out) == 0
    assert len(screens) == len(hostile) + len(walk)  # it returned at the q, and only there
    output = out.getvalue()
    assert output.rstrip().endswith(BYE) and output.count(BYE) == 1

    found = leaked(feed, output)
    assert found == []
    # The session went through the conversation, not around it.
    hostile_part = output[: screens[len(hostile)]]
    assert "没看懂，请输入上面列出的编号" in hostile_part  # out-of-range numbers
    assert "晚于缴费日期" in hostile_part  # a newborn born after the day of payment
    assert re.search(r'日期"[^"\n]+"(不对|不存在)', hostile_part)  # a date typed and refused
    assert hostile_part.count("个人要交") > 10  # answers, by buttons and by questions

    expected = calculate(kb, Situation(region="乌鲁木齐市", identities=("dibao",), newborn=False,
                                       student="none", paid_on=paid_on))
    last_screen = output[screens[-2]:screens[-1]]
    assert answer_text(expected) in last_screen
    assert "个人要交：84元" in last_screen  # 76 medical + 8 long-term care, 乌医保〔2023〕36号


def option_number(screen: str, label: str) -> str:
    for line in screen.splitlines():
        number, _, text = line.strip().partition(". ")
        if number.isdigit() and text == label:
            return number
    raise AssertionError(f"{label!r} not offered in:\n{screen[-2000:]}")


def test_hostile_lines_through_the_real_console_process():
    feed = hostile_feed(SEED + 1, 300)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict stdin, as a UTF-8 locale gives
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("YIBAO_AS_OF", None)
    p = subprocess.run([sys.executable, "-m", "bot", "chat", "--as-of", "2023-11-01"],
                       input=feed.stdin().encode("utf-8"), cwd=ROOT, env=env, capture_output=True,
                       timeout=300)
    out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
    assert p.returncode == 0, err[-3000:]
    assert "Traceback" not in err and err == "", err[-3000:]
    assert out.rstrip().endswith(BYE) and out.count(BYE) == 1
    assert out.count("> ") >= len(feed.lines)  # one prompt a line: nothing ended it early
    found = leaked(feed, out)
    assert found == []
