"""`python -m bot chat`: the conversation in a terminal.

The same screens as every other channel (bot/conversation): a screen's buttons are shown
numbered, ``0`` is its back button and ``r`` its restart; a date question also takes a typed
date (Enter = today), the identity question several numbers at once (Enter = an ordinary
resident), and anything else typed is a question for the understanding step.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from typing import TextIO

from bot.conversation.free_text import Understand, reply_screen, reply_to
from bot.conversation.screens import Button, Kind, Screen, build_screen, typed_date_screen
from bot.conversation.state import Action, Conv, back, fill_date, pick_identities, restart
from bot.engine.slots import slot as slot_row
from bot.knowledge.base import KnowledgeBase
from bot.render import macro
from bot.understand.dates import looks_like_date

# 0 / r, links the console cannot open, and reminders it cannot send (it pushes nothing)
_NOT_NUMBERED = (Kind.BACK, Kind.RESTART, Kind.SHARE)


def choices(screen: Screen) -> list[Button]:
    """The buttons the console numbers 1, 2, 3 …"""
    return [b for b in screen.buttons if b.kind not in _NOT_NUMBERED]


def run_chat(
    kb: KnowledgeBase,
    today: dt.date,
    read: Callable[[], str | None] | None = None,
    out: TextIO | None = None,
    understand: Understand | None = reply_to,
) -> int:
    """Drive the conversation over stdin/stdout until ``q`` or the end of input."""
    out = out or sys.stdout
    if read is None:
        _forgiving_stdin()
        read = _readline

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    say(macro("chat.j2", "welcome"))
    screen = build_screen(kb, Conv(), today)
    while True:
        _show(screen, today, say)
        line = read()
        if line is None or line.strip().lower() in ("q", "quit", "exit"):
            say(macro("chat.j2", "bye"))
            return 0
        screen = _next(kb, screen, line.strip(), today, understand, say) or screen


def _next(
    kb: KnowledgeBase,
    screen: Screen,
    cmd: str,
    today: dt.date,
    understand: Understand | None,
    say: Callable[[str], None],
) -> Screen | None:
    """The screen after typing ``cmd`` on ``screen``; None (after saying why) to show it again."""
    conv = screen.conv
    if cmd.lower() == "r":
        return build_screen(kb, restart(), today)
    if cmd == "0":
        return build_screen(kb, back(kb, conv), today)
    kind = slot_row(screen.slot).kind if screen.slot else None
    numbers = cmd.split()
    numbered = bool(numbers) and all(n.isdigit() for n in numbers)
    offered = len(choices(screen))
    picked = [p for p in map(_option_number, numbers) if p is not None and 1 <= p <= offered]
    if numbers and len(picked) == len(numbers):
        return _press(kb, screen, picked, today, say)
    if kind == "date" and not cmd:  # Enter: today
        return build_screen(kb, fill_date(kb, conv, today) or conv, today)
    if kind == "date" and looks_like_date(cmd):
        return typed_date_screen(kb, conv, cmd, today)
    if kind == "multi" and not cmd:  # Enter: an ordinary resident
        return build_screen(kb, pick_identities(conv, ()), today)
    if numbered or understand is None or not cmd:
        say(macro("chat.j2", "invalid_choice"))
        return None
    # After an answer, typed text follows it up ("那乌拉特前旗呢"): the answer is its context.
    reply = understand(kb, cmd, today, conv.situation if screen.answer is not None else None)
    say("")
    say(reply.text)
    after = reply_screen(kb, reply, Conv(reply.carry), today)
    if reply.answer is None or reply.assumed:  # ask what is missing, or what the answer assumed
        return build_screen(kb, after.conv, today)
    return Screen("", after.rows, after.conv, after.slot, after.answer)  # the reply showed the answer


def _option_number(word: str) -> int | None:
    """An option number, in any script's decimal digits ("3", "３"); None for anything else.
    "²" and "①" are digits to str.isdigit but not numbers to int(), and int() refuses a
    number of more than 4,300 digits: no screen has 10,000 options."""
    return int(word) if word.isdecimal() and len(word) <= 4 else None


def _press(
    kb: KnowledgeBase, screen: Screen, numbers: list[int], today: dt.date, say: Callable[[str], None]
) -> Screen | None:
    pressed = [choices(screen)[n - 1] for n in numbers]
    if len(pressed) > 1 or pressed[0].kind == Kind.TICK:
        # Several numbers on the identity question: those categories at once (ticked and 完成).
        categories = all(b.kind in (Kind.TICK, Kind.OPTION, Kind.ORDINARY) for b in pressed)
        if len(set(numbers)) != len(numbers) or not categories or screen.slot != "identities":
            say(macro("chat.j2", "invalid_choice"))
            return None
        # In the order the screen lists them, as a button carries them (not the order typed).
        ids = tuple(b.value for b in choices(screen) if b in pressed and b.kind != Kind.ORDINARY and b.value)
        return build_screen(kb, pick_identities(screen.conv, ids), today)
    button = pressed[0]
    assert button.target is not None
    target = button.target
    if button.action == Action.TODAY:
        target = fill_date(kb, target, today) or target
    return build_screen(kb, target, today)


def _show(screen: Screen, today: dt.date, say: Callable[[str], None]) -> None:
    if screen.text:
        say("")
        say(screen.text)
    for i, b in enumerate(choices(screen), 1):
        say(f"  {i}. {b.label}")
    kind = slot_row(screen.slot).kind if screen.slot else None
    if kind == "multi":
        say(macro("chat.j2", "multi_hint"))
    elif kind == "date":
        say(macro("chat.j2", "date_hint", today=today.isoformat()))
    elif screen.slot is None:
        say(macro("chat.j2", "again"))


def _forgiving_stdin() -> None:
    """Bytes on stdin that are not UTF-8 (a GBK terminal or a pasted GBK file) are read as
    U+FFFD, which the chat then does not understand, instead of raising UnicodeDecodeError
    (Python's stdin is strict in a UTF-8 locale such as zh_CN.UTF-8)."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")


def _readline() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None
