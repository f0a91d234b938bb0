"""Free text -> what was understood. Uses bot.understand.ask when it exists.

The result has the fields of ``bot.understand.ask.AskResult``: ``situation``, ``missing``,
``answer`` and ``reply``. Until that module exists, :func:`fallback` matches region and
identity words and hands over to the guided flow with a polite line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.engine.answer import Answer
from bot.engine.flow import missing_slots
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.telegram import texts
from bot.telegram.match import identity_options, regions_in
from bot.telegram.screens import build_screen
from bot.telegram.state import Conv


class Understood(Protocol):
    situation: Situation
    missing: list[str]
    answer: Answer | None
    reply: str


Understand = Callable[[KnowledgeBase, str, dt.date], Any]


@dataclass(frozen=True)
class Fallback:
    situation: Situation
    missing: list[str]
    answer: Answer | None = None
    reply: str = field(default="")


def default_understand(kb: KnowledgeBase, text: str, today: dt.date) -> Understood:
    try:
        from bot.understand.ask import ask  # type: ignore[import-not-found]
    except ImportError:
        return fallback(kb, text, today)
    return ask(kb, text, today)


def fallback(kb: KnowledgeBase, text: str, today: dt.date) -> Fallback:
    regions = regions_in(kb, text)
    s = Situation()
    if len(regions) == 1:
        s = Situation(region=regions[0])
        readings = identity_options(kb, regions[0], text, today)
        if len(readings) == 1 and readings[0]:
            s = s.with_(identities=readings[0])
    intro = texts.message("free_text", prefilled=s.region is not None)
    reply = f"{intro}\n\n{build_screen(kb, Conv(s), today).text}"
    return Fallback(s, missing_slots(kb, s), None, reply)
