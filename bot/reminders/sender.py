"""Sending what has fallen due: claim a batch, send each, settle each row.

Channel-free: the channel hands in ``send`` (one delivery → an Outcome). Rows are the schedule
(bot/store/), so a restart loses nothing and several processes share the work: each claims
its own rows in a transaction. A row is deleted once sent (nothing kept after it served). A
process that dies between the send and the delete leaves its claim to run out (the lease) and
another process sends that row again: a crash can repeat a reminder, never lose one, and only
the rows in flight at that instant (the batch is settled row by row, not at its end).

One process sends at a time: each round it takes or renews the "sender" lease in the store,
and the others stand by. The Bot API rate limiter of a process counts only its own calls, so
two processes sending together would send at twice Telegram's limit; one sender keeps the
bot at it. A sender that dies stops renewing; another takes over when the lease runs out
(``lease_for``: three looks, at least a few seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.store import Delivery, Store

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    SENT = "sent"  # delivered: the row goes
    GONE = "gone"  # the chat blocked the bot or no longer exists: everything for it goes
    LATER = "later"  # the Bot API failed for now: try again later
    DROP = "drop"  # not worth sending any more (its deadline passed, its state no longer reads)


Send = Callable[[Delivery], Awaitable[Outcome]]
SENDER = "sender"  # the lease: which process sends now
LEAD_MIN_SECONDS = 5.0


@dataclass
class Sender:
    store: Store
    send: Send
    now: Callable[[], dt.datetime]
    worker: str
    batch: int = 100
    in_flight: int = 30  # sends awaited together; the Bot API rate limiter paces them
    every: float = 15.0  # seconds between looks when nothing was due
    retry_in: dt.timedelta = dt.timedelta(minutes=10)
    max_attempts: int = 6
    lease: dt.timedelta = dt.timedelta(minutes=5)

    @property
    def lease_for(self) -> dt.timedelta:
        """How long the sending lease lasts unrenewed: a stand-by takes over after it."""
        return dt.timedelta(seconds=max(LEAD_MIN_SECONDS, 3 * self.every))

    async def once(self) -> int:
        """If this process is the sender: delete what is past helping (retention), then claim
        one batch and settle every row of it. The number of rows claimed (0 on stand-by)."""
        now = self.now()
        leading = await asyncio.to_thread(self.store.lead, SENDER, self.worker, now, self.lease_for)
        if not leading:
            return 0
        purged = await asyncio.to_thread(self.store.purge, now)
        if purged:
            log.info("reminders: %d past their deadline deleted", purged)
        rows = await asyncio.to_thread(self.store.claim, now, limit=self.batch, worker=self.worker,
                                       lease=self.lease)
        gate = asyncio.Semaphore(self.in_flight)

        async def one(row: Delivery) -> None:
            async with gate:
                outcome = await self._send(row)
            await asyncio.to_thread(self._settle, row, outcome)

        await asyncio.gather(*(one(row) for row in rows))
        return len(rows)

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: send what is due, look again soon when a batch was full; on
        stopping, hand the lease over at once."""
        try:
            await self._loop(stop)
        finally:
            with contextlib.suppress(Exception):  # the database may be what is going away
                await asyncio.to_thread(self.store.release, SENDER, self.worker)

    async def _loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                claimed = await self.once()
            except Exception:  # the database away for a moment must not end the sending
                log.exception("reminders: sending round failed; trying again later")
                claimed = 0
            if claimed < self.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.every)

    async def _send(self, row: Delivery) -> Outcome:
        try:
            return await self.send(row)
        except Exception:  # a bug in wording one row must not stop the others
            log.exception("reminders: delivery %s (%s) failed", row.id, row.kind)
            return Outcome.LATER

    def _settle(self, row: Delivery, outcome: Outcome) -> None:
        if outcome in (Outcome.SENT, Outcome.DROP):
            self.store.sent(row.id)
        elif outcome == Outcome.GONE:
            removed = self.store.forget_chat(row.chat_id)
            log.info("reminders: a chat is gone; its %d rows deleted", removed)
        elif row.attempts + 1 >= self.max_attempts:
            log.warning("reminders: delivery %s given up after %d attempts", row.id, row.attempts + 1)
            self.store.sent(row.id)
        else:
            self.store.failed(row.id, self.now() + self.retry_in * (row.attempts + 1))
