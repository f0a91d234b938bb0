"""From a setting to a migrated database: the URL, the engine, the migration lock, and every
way that can fail turned into one ``StoreError`` line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url

from bot.store.records import StoreError

ENV_URL = "YIBAO_DATABASE_URL"
ENV_DATA_DIR = "YIBAO_DATA_DIR"
DEFAULT_DATA_DIR = Path("data")
SQLITE_FILE = "yibao.sqlite3"
MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "yibao_store_version"  # not alembic's default: the database may be shared
# pg_advisory_xact_lock key for "migrating": any fixed 64-bit number no other code uses.
MIGRATION_LOCK = 0x59_49_42_41_4F_01  # "YIBAO" 1
SQLITE_BUSY_S = 30  # how long a SQLite writer waits for another process's transaction
PG_CONNECT_TIMEOUT_S = 10


def resolve_url(url: str | None, data_dir: Path | None) -> URL:
    """The URL given, else $YIBAO_DATABASE_URL, else the SQLite file under the data folder."""
    raw = url if url is not None else os.environ.get(ENV_URL, "").strip()
    if not raw:
        folder = data_dir or Path(os.environ.get(ENV_DATA_DIR, "").strip() or DEFAULT_DATA_DIR)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the data folder {folder}: {e.strerror or e}") from None
        return URL.create("sqlite", database=str(folder / SQLITE_FILE))
    try:
        parsed = make_url(raw)
    except (exc.ArgumentError, ValueError):
        raise StoreError(f"{ENV_URL} is not a database URL (postgresql://user:password@host/db "
                         f"or sqlite:///path): {_redact(raw)}") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres") and not driver:
        # what people write (and what libpq reads) maps to the driver this package installs
        return parsed.set(drivername="postgresql+psycopg")
    if backend not in ("postgresql", "sqlite"):
        raise StoreError(f"unsupported database {backend!r}: use postgresql://… or sqlite:///…")
    return parsed


def _redact(raw: str) -> str:
    """A URL as it may be shown: no password."""
    head, at, tail = raw.rpartition("@")
    if not at or "://" not in head:
        return raw
    scheme, _, auth = head.partition("://")
    return f"{scheme}://{auth.partition(':')[0]}:***@{tail}" if ":" in auth else raw


def shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S})
    except (ImportError, exc.NoSuchModuleError):
        raise StoreError("PostgreSQL needs its driver: pip install 'yibao-bot[postgres]'") from None


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Transactions are begun by us (below), not by the driver's guesswork, which does not
        # cover DDL or SELECTs; WAL lets readers go on while one process writes.
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock at once: a claim or a compare-and-set reads and
        # writes as one step, and two processes queue instead of deadlocking on an upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def reasons(url: URL, *, opening: bool = False) -> Iterator[None]:
    """Turns the driver's failures to reach the database into StoreError with one line; when
    opening, any database error (no right to create tables, say) and a migration Alembic
    refuses as well."""
    from alembic.util import CommandError

    caught = (exc.DBAPIError,) if opening else (exc.OperationalError, exc.InterfaceError)
    try:
        yield
    except caught as e:
        raise StoreError(f"database {shown(url)}: {_first_line(e.orig or e)}") from None
    except CommandError as e:
        if not opening:
            raise
        raise StoreError(f"database {shown(url)} cannot be migrated by this version of the bot "
                         f"(a newer one may have migrated it): {_first_line(e)}") from None


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def migrate(engine: Engine) -> None:
    """Brings the database to the newest revision, one process at a time."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["version_table"] = VERSION_TABLE
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # held to the end of this transaction: a second process starting at the same time
            # waits here, then finds the tables made and has nothing to do
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        # SQLite: BEGIN IMMEDIATE already made this the only writer
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
