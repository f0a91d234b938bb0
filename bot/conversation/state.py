"""The conversation as plain data, and the moves a press or a typed answer makes on it.

Nothing here is kept per person: a channel carries the ``Conv`` (Telegram signs it into
each button, see bot/telegram/codec.py; the console holds the one on screen), so "back" is
computed from the data alone (drop the last answered slot, or leave the slot being
changed), never from a history. Every channel therefore goes back the same way.

A household (several people paid for together, "加一位家人") is the same ``Conv``: the
member on screen is ``situation``; the others wait in ``others`` (their own answers only:
region and payment date are the household's, held once in ``situation``) and ``at`` says
where the one on screen stands among them. ``others`` empty is one person, as before.
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
# People in one guided household: the most that every Telegram button can carry in its 64
# bytes (bot/telegram/codec.py: 4 others of up to 5 bytes each). More: the ledger.
MAX_MEMBERS = 5
SHARED = ("region", "paid_on")  # the household's answers, the same for every member


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
    others: tuple[Situation, ...] = ()  # the household's other members, their own answers only
    at: int = 0  # where the member on screen stands among ``others`` (0: first)
    opened: bool = False  # a household member opened on its own, to change or remove it

    def with_(self, **changes: object) -> Conv:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_household(self) -> bool:
        return bool(self.others)

    def moved(self, situation: Situation, **changes: object) -> Conv:
        """``situation`` answered, with the household and the member view kept."""
        return Conv(situation, others=self.others, at=self.at, opened=self.opened).with_(**changes)


def own(s: Situation) -> Situation:
    """A member's own answers, without what the household shares."""
    return s.with_(region=None, paid_on=None, unlisted=(), assumed=())


def members_of(conv: Conv) -> tuple[Situation, ...]:
    """Everyone in the conversation, in order, each with the shared region and payment date."""
    s = conv.situation
    joined = [m.with_(region=s.region, paid_on=s.paid_on) for m in conv.others]
    return (*joined[: conv.at], s, *joined[conv.at :])


def settled(members: tuple[Situation, ...]) -> Conv:
    """The answer for ``members``: one person's, or the household's with its last member on
    screen (one canonical state, so every way to the household answer is the same button)."""
    *rest, last = members
    return Conv(last, others=tuple(own(m) for m in rest), at=len(rest))


def can_add(conv: Conv) -> bool:
    return len(members_of(conv)) < MAX_MEMBERS


def add_member(conv: Conv) -> Conv:
    """Another person, sharing region and payment date; their own questions come next."""
    s = conv.situation
    everyone = tuple(own(m) for m in members_of(conv))
    return Conv(Situation(region=s.region, paid_on=s.paid_on), others=everyone, at=len(everyone))


def open_member(conv: Conv, i: int) -> Conv:
    """Member ``i`` on screen on its own (its answer, what can change, remove)."""
    everyone = members_of(conv)
    rest = tuple(own(m) for n, m in enumerate(everyone) if n != i)
    return Conv(everyone[i], others=rest, at=i, opened=True)


def remove_member(conv: Conv) -> Conv:
    """The household without the member on screen."""
    everyone = members_of(conv)
    return settled(everyone[: conv.at] + everyone[conv.at + 1 :])


def close_member(conv: Conv) -> Conv:
    return settled(members_of(conv))


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
        return conv.moved(conv.situation)
    s = conv.situation
    if conv.opened and not missing_slots(kb, s):
        return close_member(conv)  # the member's own screen: back to the household
    # In a household only the member's own answers go back, one at a time; with none left,
    # the member goes (a member just added and not yet answered: the household as it was).
    answered = [slot for slot in SLOTS if getattr(s, slot) is not None
                and not (conv.is_household and slot in SHARED)]
    if not answered:
        return remove_member(conv) if conv.is_household else Conv(s)
    last = answered[-1]
    changes: dict[str, object] = {last: None}
    if last in ("region", "identities"):
        changes.update(unlisted=(), assumed=())
    return conv.moved(s.with_(**changes))


def restart() -> Conv:
    return Conv()


def choose(kb: KnowledgeBase, conv: Conv, slot: str, value: object) -> Conv:
    """The state after answering ``slot`` (from the flow, or while changing it)."""
    return conv.moved(answer_slot(conv.situation, slot, value))


def pick_identities(conv: Conv, ids: tuple[str, ...]) -> Conv:
    """Answer the identity question with ``ids`` (() = an ordinary resident)."""
    return conv.moved(answer_slot(conv.situation, "identities", ids))


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
    return conv.moved(conv.situation, focus=slot, picks=tuple(picks))


def changeable_slots(kb: KnowledgeBase, s: Situation) -> list[str]:
    """The slots whose answer matters for ``s``: what the answer screen offers to change."""
    return [slot for slot in SLOTS if slot in missing_slots(kb, s.with_(**{slot: None}))]


def own_changeable(kb: KnowledgeBase, s: Situation) -> list[str]:
    """What one household member can change alone (region and payment date are shared)."""
    return [slot for slot in changeable_slots(kb, s) if slot not in SHARED]


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
