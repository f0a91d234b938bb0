"""Every store test runs on SQLite and on a real PostgreSQL started here (tests/store/pgserver.py).

The PostgreSQL side is skipped, with the reason printed, only when no server can be found or
started on this machine (.ci/run installs Debian's package when it is missing).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import PgServer, Unavailable

from bot.store import Store

_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer()
    try:
        server.start()
    except Unavailable as e:
        server.stop()
        reason = f"PostgreSQL tests skipped: {e}"
        print(f"\n{reason}", file=sys.__stderr__, flush=True)  # seen even under -q and capture
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind, as a URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"store_{next(_numbers)}"
    yield server.create_db(name)
    server.drop_db(name)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store.open(store_url)
    yield s
    s.close()
