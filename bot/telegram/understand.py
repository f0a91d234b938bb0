"""Free text -> what was understood: the pure understanding step, injectable for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from bot.engine.answer import Answer
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.ask import ask


class Understood(Protocol):
    situation: Situation
    missing: list[str]
    answer: Answer | None
    reply: str


Understand = Callable[[KnowledgeBase, str, dt.date], Any]


def default_understand(kb: KnowledgeBase, text: str, today: dt.date) -> Understood:
    return ask(kb, text, today)
