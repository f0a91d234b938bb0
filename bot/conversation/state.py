"""The conversation as plain data, and the moves a press or a typed answer makes on it.

Nothing here is kept per person: a channel carries the ``Conv`` (Telegram signs it into
each button, see bot/telegram/codec.py; the console holds the one on screen), so "back" is
computed from the data alone (drop the last answered slot, or leave the slot being
changed), never from a history. Every channel therefore goes back the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import IntEnum

from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.engine.slots import DATE_SLOTS, SLOTS, answer_slot, missing_slots
from bot.knowledge.base import KnowledgeBase

# The days a Conv can hold: what a button carries (16-bit days since 1970, bot/telegram/codec.py).
FIRST_DAY, LAST_DAY = dt.date(1970, 1, 1), dt.date(2149, 6, 1)


class Action(IntEnum):
    SHOW = 0  # show the state the button carries
    TODAY = 1  # fill the date being asked with the day of the press, then show
    SHARE = 2  # send a link to this situation
    REMIND = 3  # remind this chat before the payment window closes (channels that can push)


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


def asks_date(kb: KnowledgeBase, conv: Conv) -> bool:
    return current_slot(kb, conv) in DATE_SLOTS


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
    return Conv(answer_slot(conv.situation, slot, value))


def pick_identities(conv: Conv, ids: tuple[str, ...]) -> Conv:
    """Answer the identity question with ``ids`` (() = an ordinary resident)."""
    return Conv(answer_slot(conv.situation, "identities", ids))


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


def holdable(day: dt.date, text: str) -> dt.date:
    """``day`` if a conversation can carry it, else the same InputError as an unreadable date."""
    if not FIRST_DAY <= day < LAST_DAY:
        raise InputError("bad_date", text=text)
    return day
