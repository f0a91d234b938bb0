"""The channel-free sender over a real store: one process sends at a time, a stand-by takes over
when the sender stops, and each outcome settles its row (sent, a chat gone, a retry, given up)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.reminders.sender import Outcome, Sender
from bot.store import Delivery, Due, Store

T0 = dt.datetime(2023, 12, 24, 2, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2023, 12, 31)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield s
    s.close()


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> dt.datetime:
        return self.at


def sender(store: Store, clock: Clock, worker: str, outcomes: dict[int, Outcome] | None = None
           ) -> tuple[Sender, list[int]]:
    """A sender whose channel answers ``outcomes[chat]`` (sent when not listed)."""
    got: list[int] = []

    async def send(row: Delivery) -> Outcome:
        got.append(row.chat_id)
        return (outcomes or {}).get(row.chat_id, Outcome.SENT)

    return Sender(store, send, clock, worker, every=15.0), got


def due(store: Store, chats: range) -> None:
    for chat in chats:
        store.schedule(chat, "酉阳", f"s{chat}", [Due("week_before@collection", T0, DEADLINE)])


async def test_one_process_sends_the_other_stands_by_until_the_sender_goes(store):
    clock = Clock()
    due(store, range(1, 151))
    a, sent_a = sender(store, clock, "a")
    b, sent_b = sender(store, clock, "b")
    assert await a.once() == 100 and await b.once() == 0  # b waits: one sender keeps the rate
    stop = asyncio.Event()
    stop.set()
    await a.run(stop)  # a stops: it lets go of the lease
    assert await b.once() == 50
    assert sorted(sent_a + sent_b) == list(range(1, 151))  # every one once


async def test_a_sender_that_died_is_replaced_when_its_lease_runs_out(store):
    clock = Clock()
    due(store, range(1, 11))
    a, _ = sender(store, clock, "a")
    b, sent_b = sender(store, clock, "b")
    assert await a.once() == 10
    due(store, range(11, 21))
    assert await b.once() == 0  # a is silent (killed) but its lease runs
    clock.at += a.lease_for
    assert await b.once() == 10 and sent_b == list(range(11, 21))


async def test_a_gone_chat_is_forgotten_and_a_failing_one_given_up_after_its_attempts(store):
    clock = Clock()
    due(store, range(1, 3))
    store.follow(1, "酉阳")
    s, tries = sender(store, clock, "a", {1: Outcome.GONE, 2: Outcome.LATER})
    await s.once()
    assert store.pending(1) == [] and store.following(1) == []  # blocked: everything of it goes at once
    assert [d.attempts for d in store.pending(2)] == [1]  # kept for a retry
    for _ in range(s.max_attempts - 1):
        clock.at += dt.timedelta(hours=2)  # past each retry time, within the deadline
        await s.once()
    assert tries == [1] + [2] * s.max_attempts and store.pending(2) == []
