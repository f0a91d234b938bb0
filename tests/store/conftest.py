"""Every store test runs on SQLite and on a real PostgreSQL started here (tests/store/pgserver.py).

The PostgreSQL side is skipped, with the reason printed, only when no server can be found or
started on this machine (the ``pg_server`` fixture, tests/conftest.py).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import PgServer

from bot.store import Store

_numbers = itertools.count()


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
