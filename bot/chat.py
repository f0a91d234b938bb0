"""`python -m bot chat`: the question flow in a terminal (numbered options, 0 back, r restart)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TextIO

from bot.engine.answer import Answer
from bot.engine.flow import Question, next_step
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text
from bot.render import error_text, macro
from bot.understand.ask import AskOutcome, ask, carried


def _apply(kb: KnowledgeBase, s: Situation, q: Question, raw: str, today: dt.date) -> Situation:
    """The situation after answering ``q`` with ``raw``; InputError/ValueError if unusable."""
    text = raw.strip()
    if q.accepts_date:
        day = today if not text else parse_typed_date(text, today)
        return s.with_(**{q.slot: day})
    picks = text.split()
    if q.multi:
        if not picks:
            return s.with_(identities=())
        values = tuple(dict.fromkeys(q.options[int(p) - 1].value for p in picks if _valid(p, q)))
        if len(values) != len(picks):
            raise ValueError(text)
        default = q.context.get("default")
        return s.with_(identities=tuple(v for v in values if v != default))
    if len(picks) != 1 or not _valid(picks[0], q):
        raise ValueError(text)
    value = q.options[int(picks[0]) - 1].value
    if q.slot == "newborn":
        return s.with_(newborn=value == "yes")
    if q.slot == "tier":
        return s.with_(tier=int(value))
    return s.with_(**{q.slot: value})


def _valid(pick: str, q: Question) -> bool:
    return pick.isdigit() and 1 <= int(pick) <= len(q.options)


def parse_typed_date(text: str, today: dt.date) -> dt.date:
    from bot.understand.dates import parse_one_date

    day = parse_one_date(text, today)
    if day is None:
        raise InputError("bad_date", text=text)
    return day


def run_chat(
    kb: KnowledgeBase,
    today: dt.date,
    read: Callable[[], str | None] | None = None,
    out: TextIO | None = None,
    understand: Callable[[KnowledgeBase, str, dt.date], AskOutcome] | None = ask,
) -> int:
    """Drive the flow over stdin/stdout. Typed text that is not a choice goes through the
    understanding step: its reply is shown and the flow carries on from what it understood."""
    out = out or sys.stdout
    read = read or (lambda: _readline())

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    say(macro("chat.j2", "welcome"))
    history: list[Situation] = []
    s = Situation()
    answered = False  # the free-text reply already showed this answer
    while True:
        step = next_step(kb, s, today)
        if isinstance(step, Answer):
            if not answered:
                say("")
                say(answer_text(step))
            say(macro("chat.j2", "again"))
        else:
            _show_question(step, today, say)
        answered = False
        line = read()
        if line is None or line.strip().lower() in ("q", "quit", "exit"):
            say(macro("chat.j2", "bye"))
            return 0
        cmd = line.strip()
        if cmd.lower() == "r":
            history, s = [], Situation()
            continue
        if cmd == "0":
            s = history.pop() if history else Situation()
            continue
        try:
            if isinstance(step, Answer):
                raise ValueError(cmd)
            new = _apply(kb, s, step, line, today)
        except InputError as exc:
            say(error_text(exc))
            continue
        except (ValueError, IndexError):
            if not (understand and cmd and not cmd.replace(" ", "").isdigit()):
                say(macro("chat.j2", "invalid_choice"))
                continue
            result = understand(kb, cmd, today)
            say("")
            say(result.reply)
            new = carried(result)
            answered = result.answer is not None
        history.append(s)
        s = new


def _show_question(q: Question, today: dt.date, say: Callable[[str], None]) -> None:
    say("")
    say(macro("questions.j2", "prompt", slot=q.slot, context=q.context))
    for i, opt in enumerate(q.options, 1):
        say(f"  {i}. {macro('questions.j2', 'option', slot=q.slot, value=opt.value, label=opt.label)}")
    if q.multi:
        say(macro("chat.j2", "multi_hint"))
    if q.accepts_date and q.slot == "paid_on":
        say(macro("chat.j2", "date_hint", today=today.isoformat()))


def _readline() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None
