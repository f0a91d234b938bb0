"""Free text -> what was understood: the pure understanding step, injectable for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.knowledge.base import KnowledgeBase
from bot.understand.ask import AskOutcome, ask

Understand = Callable[[KnowledgeBase, str, dt.date], AskOutcome]


def default_understand(kb: KnowledgeBase, text: str, today: dt.date) -> AskOutcome:
    return ask(kb, text, today)
