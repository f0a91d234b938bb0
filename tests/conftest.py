"""Shared fixtures: the real knowledge base, loaded once; a PostgreSQL server for the tests that
need one (tests/store/pgserver.py), started once and only when asked for."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.base import KnowledgeBase

sys.path.insert(0, str(Path(__file__).parent / "store"))
from pgserver import PgServer, Unavailable


@pytest.fixture(scope="session", autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Whatever starts the real bot (run_bot opens the reminders store) writes under a temporary
    folder, never ./data of the checkout."""
    saved = os.environ.get("YIBAO_DATA_DIR")
    os.environ["YIBAO_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    yield
    if saved is None:
        os.environ.pop("YIBAO_DATA_DIR", None)
    else:
        os.environ["YIBAO_DATA_DIR"] = saved


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Skipped, with the reason printed, only when no server can be found or started here
    (.ci/run installs Debian's package when it is missing)."""
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


_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind, as a URL (the store's tests, and what runs on it)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"store_{next(_databases)}"
    yield server.create_db(name)
    server.drop_db(name)
