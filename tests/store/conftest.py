"""Every store test runs on SQLite and on a real PostgreSQL started here (tests/store/pgserver.py).

The PostgreSQL side is skipped, with the reason printed, only when no server can be found or
started on this machine (``store_url`` and ``pg_server``, tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.store import Store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store.open(store_url)
    yield s
    s.close()
