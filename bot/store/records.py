"""What goes in and out of the store: plain values, no database types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class StoreError(Exception):
    """The database cannot be opened or reached; ``str()`` is one line a person can act on."""


@dataclass(frozen=True)
class Due:
    """One message the planner wants sent: its kind, when (aware), and the window's last day."""

    kind: str
    due_at: dt.datetime
    deadline: dt.date | None


@dataclass(frozen=True)
class Delivery:
    """A stored delivery (a row): who, what for, when, and how often sending it failed."""

    id: int
    chat_id: int
    kind: str
    region: str
    state: str
    deadline: dt.date | None
    due_at: dt.datetime
    attempts: int
