"""The conversation as plain data, and the moves a button makes on it.

Nothing is kept on the server: every button carries the state it leads to (see codec.py),
so "back" is computed from the data alone: drop the last answered slot (or leave the
slot being changed), never from a history kept in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import IntEnum

from bot.engine.flow import SLOTS, missing_slots
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase

DATE_SLOTS = ("born_on", "paid_on")


class Action(IntEnum):
    SHOW = 0  # show the state the button carries
    TODAY = 1  # fill the date being asked with the day of the press, then show
    SHARE = 2  # send the deep link for this situation


@dataclass(frozen=True)
class Conv:
    situation: Situation = field(default_factory=Situation)
    focus: str | None = None  # a slot re-asked from the answer ("改身份"); None: the next missing one
    picks: tuple[str, ...] = ()  # identities ticked so far on the multi-select
    month: tuple[int, int] | None = None  # (year, month) whose days the date picker shows

    def with_(self, **changes: object) -> Conv:
        return replace(self, **changes)  # type: ignore[arg-type]


def current_slot(kb: KnowledgeBase, conv: Conv) -> str | None:
    """The slot this screen asks for, or None on the answer."""
    if conv.focus is not None:
        return conv.focus
    missing = missing_slots(kb, conv.situation)
    return missing[0] if missing else None


def back(kb: KnowledgeBase, conv: Conv) -> Conv:
    """One step back, from the data alone."""
    if conv.month is not None:
        return conv.with_(month=None)
    if conv.focus is not None:
        return Conv(conv.situation)
    s = conv.situation
    answered = [slot for slot in SLOTS if getattr(s, slot) is not None]
    if not answered:
        return Conv(s)
    last = answered[-1]
    changes: dict[str, object] = {last: None}
    if last in ("region", "identities"):
        changes.update(unlisted=(), assumed=())
    return Conv(s.with_(**changes))


def restart() -> Conv:
    return Conv()


def choose(kb: KnowledgeBase, conv: Conv, slot: str, value: object) -> Conv:
    """The state after answering ``slot`` (from the flow, or while changing it)."""
    s = conv.situation.with_(**{slot: value})
    if slot == "region" and value != conv.situation.region:
        s = s.with_(identities=None, student=None, tier=None, unlisted=(), assumed=())
    if slot == "identities":
        s = s.with_(unlisted=(), assumed=())
    if slot == "newborn" and value != conv.situation.newborn:
        s = s.with_(born_on=None, student=None)
    return Conv(s)


def toggle(conv: Conv, category_id: str) -> Conv:
    picks = list(conv.picks)
    if category_id in picks:
        picks.remove(category_id)
    else:
        picks.append(category_id)
    return conv.with_(picks=tuple(picks))


def change(conv: Conv, slot: str) -> Conv:
    """Re-ask one slot from the answer screen, keeping every other answer."""
    picks = (conv.situation.identities or ()) if slot == "identities" else ()
    return Conv(conv.situation, focus=slot, picks=tuple(picks))


def changeable_slots(kb: KnowledgeBase, s: Situation) -> list[str]:
    """The slots whose answer matters for ``s``: what the answer screen offers to change."""
    return [slot for slot in SLOTS if slot in missing_slots(kb, s.with_(**{slot: None}))]


def fill_date(kb: KnowledgeBase, conv: Conv, day: dt.date) -> Conv | None:
    """Answer the date question on screen with ``day``; None when no date is asked."""
    slot = current_slot(kb, conv)
    if slot not in DATE_SLOTS:
        return None
    return choose(kb, conv, slot, day)
