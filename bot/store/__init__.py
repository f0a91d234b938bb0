"""Where reminders and notice alerts wait to be sent: one small data-access layer.

SQLite by default (a file under ``YIBAO_DATA_DIR``, nothing to install or run) and PostgreSQL
when several bot processes share the work (``YIBAO_DATABASE_URL=postgresql://…``).

Why SQLAlchemy 2 (Core) with Alembic: one set of statements serves both databases, with the
dialect-specific parts the exactly-once rules need spelled out by the library rather than by
string building (``FOR UPDATE SKIP LOCKED``, ``ON CONFLICT DO NOTHING``, ``RETURNING``); Alembic
is the standard way to version that schema, and its migrations ship inside this package
(``migrations/``) and run on open, configured in code, so an installed bot needs no alembic.ini
and no separate step. Core, not the ORM: the rows are few and flat and each method is one
statement or two. PostgreSQL goes through psycopg 3 (the ``postgres`` extra), the maintained
driver SQLAlchemy 2 supports natively; ``postgresql://`` URLs are mapped to it.

What is stored: chat ids, region names, the compact situation string the buttons carry, the
kind of message and its times, and per region a fingerprint and snapshot of the published
knowledge. No message text and no names; a sent delivery is deleted, ``forget_chat`` deletes a
chat's rows at once, and ``purge`` deletes what is past its window.

This package knows nothing of Telegram or of wording (tests/test_layers.py).
"""

from bot.store.records import Delivery, Due, StoreError
from bot.store.store import Store

__all__ = ["Delivery", "Due", "Store", "StoreError"]
