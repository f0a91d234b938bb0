"""The tables as the code reads them today (the migrations in ``migrations/versions`` build them).

Times are stored in UTC: ``timestamptz`` on PostgreSQL, and on SQLite (which has no time
zones) naive UTC text of one fixed width, so that comparing the text compares the times.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

UTC = dt.UTC


class UTCDateTime(TypeDecorator):
    """An aware datetime in, an aware UTC datetime out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored: {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only gives an INTEGER PRIMARY KEY its own row ids; PostgreSQL gets 64 bits.
ID = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", String(96), nullable=False),  # the planner's kind @ the window's id, or "alert"
    Column("region", String(64), nullable=False),
    Column("state", Text, nullable=False),  # one payload, a household's, or an alert's changes
    Column("deadline", Date, nullable=True),
    Column("due_at", UTCDateTime, nullable=False),
    # When the row may next be claimed: due_at at first, then the end of a claim's lease,
    # then a retry's time. One column, so "due and not held by a live worker" is one index range.
    Column("available_at", UTCDateTime, nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    # (chat, kind, state, due_at) is what makes two schedules the same reminder; it also serves
    # the look-ups by chat (pending, forget_chat).
    UniqueConstraint("chat_id", "kind", "state", "due_at", name="uq_deliveries_key"),
    Index("ix_deliveries_available_at", "available_at"),
)

follows = Table(
    "follows",
    metadata,
    Column("chat_id", BigInteger, primary_key=True),
    Column("region", String(64), primary_key=True),
    Index("ix_follows_region", "region"),
)

announced = Table(
    "announced",
    metadata,
    Column("region", String(64), primary_key=True),
    Column("fingerprint", String(128), nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# A named lease: who holds it and until when. "sender": the one process sending now, so that
# several processes together stay within the bot's rate limit (each limiter counts only its own).
leases = Table(
    "leases",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("holder", String(64), nullable=False),
    Column("until", UTCDateTime, nullable=False),
)
