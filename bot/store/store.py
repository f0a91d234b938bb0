"""The data-access layer: every read and write of reminders, follows and announced knowledge.

Each method is one transaction on a pooled connection, so a ``Store`` may be shared by threads
(``asyncio.to_thread``) and by several processes on one database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    and_,
    delete,
    func,
    literal,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL

from bot.store.connect import make_engine, migrate, reasons, resolve_url
from bot.store.records import Delivery, Due, StoreError
from bot.store.schema import announced, deliveries, follows, leases

BEIJING = dt.timezone(dt.timedelta(hours=8))  # the notices' dates are Beijing dates
KEEP_AFTER_DUE = dt.timedelta(days=2)
ALERT = "alert"
_KEY = ("chat_id", "kind", "state", "due_at")
_COLUMNS = (deliveries.c.id, deliveries.c.chat_id, deliveries.c.kind, deliveries.c.region,
            deliveries.c.state, deliveries.c.deadline, deliveries.c.due_at, deliveries.c.attempts)


def _aware(t: dt.datetime, name: str) -> dt.datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {t!r}")
    return t


def _stale(now: dt.datetime) -> ColumnElement[bool]:
    """Past its use: the window closed (a Beijing date), or due more than two days ago."""
    today = now.astimezone(BEIJING).date()
    closed = and_(deliveries.c.deadline.is_not(None), deliveries.c.deadline < today)
    return or_(closed, deliveries.c.due_at < now - KEEP_AFTER_DUE)


def _delivery(row: Row[Any]) -> Delivery:
    return Delivery(*row)


class Store:
    """Reminders and notice alerts waiting to be sent, who follows which region, and what was
    last announced. Holds chat ids, region names, the compact state string the buttons carry,
    kinds and times: never message text or names."""

    def __init__(self, engine: Engine, url: URL) -> None:
        self._engine = engine
        self._url = url
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    @classmethod
    def open(cls, url: str | None = None, *, data_dir: Path | None = None) -> Store:
        """Opens (creating if need be) and migrates the database; StoreError when it cannot."""
        resolved = resolve_url(url, data_dir)
        engine = make_engine(resolved)
        try:
            with reasons(resolved, opening=True):
                migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, resolved)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with reasons(self._url), self._engine.begin() as conn:
            yield conn

    # -- reminders ---------------------------------------------------------------------------

    def schedule(self, chat_id: int, region: str, state: str, items: Iterable[Due]) -> int:
        """Stores the planner's reminders for a chat; returns how many were new (the same
        (chat, kind, state, due_at) again is stored once)."""
        rows = {}
        for due in items:
            _aware(due.due_at, "due_at")
            key = (due.kind, due.due_at)
            rows[key] = {"chat_id": chat_id, "kind": due.kind, "region": region, "state": state,
                         "deadline": due.deadline, "due_at": due.due_at, "available_at": due.due_at,
                         "attempts": 0}
        if not rows:
            return 0
        stmt = self._insert(deliveries).on_conflict_do_nothing(index_elements=_KEY).returning(deliveries.c.id)
        with self._tx() as conn:
            return len(conn.execute(stmt, list(rows.values())).all())

    def pending(self, chat_id: int) -> list[Delivery]:
        """The chat's deliveries not yet sent, soonest first."""
        stmt = (select(*_COLUMNS).where(deliveries.c.chat_id == chat_id)
                .order_by(deliveries.c.due_at, deliveries.c.id))
        with self._tx() as conn:
            return [_delivery(r) for r in conn.execute(stmt)]

    def forget_chat(self, chat_id: int) -> int:
        """/stop, or a chat that blocked the bot: its deliveries and follows are deleted now.
        Returns the number of rows deleted (deliveries and follows together)."""
        with self._tx() as conn:
            gone = conn.execute(delete(deliveries).where(deliveries.c.chat_id == chat_id)).rowcount
            return gone + conn.execute(delete(follows).where(follows.c.chat_id == chat_id)).rowcount

    def move_chat(self, old: int, new: int) -> int:
        """A group upgraded to a supergroup has a new id: its deliveries and follows move there
        (a row the new chat already has is kept once). Returns the number of rows moved."""
        theirs = deliveries.alias("theirs")
        already = (select(literal(1)).select_from(theirs)
                   .where(theirs.c.chat_id == new, *[theirs.c[k] == deliveries.c[k] for k in _KEY[1:]])
                   .exists())
        regions = select(literal(new), follows.c.region).where(follows.c.chat_id == old)
        with self._tx() as conn:
            conn.execute(delete(deliveries).where(deliveries.c.chat_id == old, already))
            moved = conn.execute(update(deliveries).where(deliveries.c.chat_id == old)
                                 .values(chat_id=new)).rowcount
            conn.execute(self._insert(follows).from_select(["chat_id", "region"], regions)
                         .on_conflict_do_nothing())
            return moved + conn.execute(delete(follows).where(follows.c.chat_id == old)).rowcount

    def claim(self, now: dt.datetime, *, limit: int, worker: str,
              lease: dt.timedelta = dt.timedelta(minutes=5)) -> list[Delivery]:
        """Up to ``limit`` deliveries due by ``now`` that no live claim holds, now held by
        ``worker`` until ``now + lease``; in one transaction, so no two callers (threads or
        processes) get the same row. What ``purge`` would delete (a closed window, a delivery
        more than two days late) is never handed out."""
        _aware(now, "now")
        due = (select(deliveries.c.id)
               .where(deliveries.c.available_at <= now, not_(_stale(now)))
               .order_by(deliveries.c.available_at, deliveries.c.id)
               .limit(limit)
               .with_for_update(skip_locked=True))  # PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
        stmt = (update(deliveries).where(deliveries.c.id.in_(due.scalar_subquery()))
                .values(available_at=now + lease, claimed_by=worker)
                .returning(*_COLUMNS))
        with self._tx() as conn:
            got = [_delivery(r) for r in conn.execute(stmt)]
        return sorted(got, key=lambda d: (d.due_at, d.id))

    def sent(self, delivery_id: int) -> None:
        """A delivery that served is deleted: nothing is kept about it."""
        with self._tx() as conn:
            conn.execute(delete(deliveries).where(deliveries.c.id == delivery_id))

    def failed(self, delivery_id: int, retry_at: dt.datetime) -> None:
        """Releases the claim and counts the attempt; the delivery is due again at ``retry_at``."""
        _aware(retry_at, "retry_at")
        stmt = (update(deliveries).where(deliveries.c.id == delivery_id)
                .values(available_at=retry_at, claimed_by=None, attempts=deliveries.c.attempts + 1))
        with self._tx() as conn:
            conn.execute(stmt)

    def purge(self, now: dt.datetime) -> int:
        """Retention: deletes deliveries whose deadline has passed (Beijing date) or that were
        due more than two days ago (a retry that never got through). Returns how many."""
        _aware(now, "now")
        with self._tx() as conn:
            return conn.execute(delete(deliveries).where(_stale(now))).rowcount

    # -- follows -----------------------------------------------------------------------------

    def follow(self, chat_id: int, region: str) -> bool:
        """True when the chat did not follow the region before."""
        # RETURNING, not rowcount: psycopg reports -1 for an INSERT through SQLAlchemy
        stmt = (self._insert(follows).values(chat_id=chat_id, region=region).on_conflict_do_nothing()
                .returning(follows.c.chat_id))
        with self._tx() as conn:
            return conn.execute(stmt).first() is not None

    def unfollow(self, chat_id: int, region: str) -> bool:
        """True when the chat followed the region."""
        stmt = delete(follows).where(follows.c.chat_id == chat_id, follows.c.region == region)
        with self._tx() as conn:
            return conn.execute(stmt).rowcount == 1

    def following(self, chat_id: int) -> list[str]:
        stmt = select(follows.c.region).where(follows.c.chat_id == chat_id).order_by(follows.c.region)
        with self._tx() as conn:
            return list(conn.execute(stmt).scalars())

    def followers(self, region: str) -> list[int]:
        stmt = select(follows.c.chat_id).where(follows.c.region == region).order_by(follows.c.chat_id)
        with self._tx() as conn:
            return list(conn.execute(stmt).scalars())

    # -- notice alerts -----------------------------------------------------------------------

    def seen(self, region: str) -> tuple[str, str] | None:
        """(fingerprint, snapshot) of the knowledge last announced for the region, if any."""
        stmt = select(announced.c.fingerprint, announced.c.snapshot).where(announced.c.region == region)
        with self._tx() as conn:
            row = conn.execute(stmt).first()
        return (row[0], row[1]) if row else None

    def advance(self, region: str, old_fingerprint: str | None, new_fingerprint: str, snapshot: str,
                alert_state: str | None, now: dt.datetime) -> bool:
        """Compare-and-set: moves the region's record from ``old_fingerprint`` (None: there is
        none yet) to the new one and, when ``alert_state`` is given, queues one ``alert``
        delivery due ``now`` for each follower, all in one transaction. False, and nothing
        queued, when the record is not at ``old_fingerprint`` (another process moved it first)
        or already at the new one."""
        _aware(now, "now")
        if old_fingerprint == new_fingerprint:
            return False
        values = {"fingerprint": new_fingerprint, "snapshot": snapshot, "updated_at": now}
        if old_fingerprint is None:
            move = self._insert(announced).values(region=region, **values).on_conflict_do_nothing()
        else:
            move = (update(announced).values(**values)
                    .where(and_(announced.c.region == region, announced.c.fingerprint == old_fingerprint)))
        with self._tx() as conn:
            if conn.execute(move.returning(announced.c.region)).first() is None:
                return False
            if alert_state is not None:
                conn.execute(self._queue_alerts(region, alert_state, now))
        return True

    def _queue_alerts(self, region: str, state: str, now: dt.datetime) -> Any:
        due = literal(now, deliveries.c.due_at.type)
        followers = select(follows.c.chat_id, literal(ALERT), literal(region), literal(state),
                           due, due, literal(0)).where(follows.c.region == region)
        cols = ["chat_id", "kind", "region", "state", "due_at", "available_at", "attempts"]
        stmt = self._insert(deliveries).from_select(cols, followers)
        return stmt.on_conflict_do_nothing(index_elements=_KEY)

    # -- leases ------------------------------------------------------------------------------

    def lead(self, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
        """Takes or renews the lease ``name`` for ``holder`` until ``now + ttl``; False while
        another holder's lease runs. A holder that dies simply stops renewing it."""
        _aware(now, "now")
        until = now + ttl
        create = self._insert(leases).values(name=name, holder=holder, until=until).on_conflict_do_nothing()
        take = (update(leases).values(holder=holder, until=until)
                .where(leases.c.name == name, or_(leases.c.holder == holder, leases.c.until <= now)))
        with self._tx() as conn:
            if conn.execute(create.returning(leases.c.name)).first() is not None:
                return True
            return conn.execute(take.returning(leases.c.name)).first() is not None

    def release(self, name: str, holder: str) -> None:
        """Gives the lease up at once (a process stopping), if ``holder`` has it."""
        with self._tx() as conn:
            conn.execute(delete(leases).where(leases.c.name == name, leases.c.holder == holder))

    def count(self) -> int:
        """Deliveries stored (for logs and benchmarks)."""
        with self._tx() as conn:
            return conn.execute(select(func.count()).select_from(deliveries)).scalar_one()


__all__ = ["Delivery", "Due", "Store", "StoreError"]
