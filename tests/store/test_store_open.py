"""Opening the store: where the default database goes, URLs as people write them, migrations
from empty and again, and every failure to open as one readable StoreError."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.store import Due, Store, StoreError
from bot.store.connect import VERSION_TABLE
from bot.store.schema import metadata

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def test_migrations_from_empty_build_what_the_code_reads(store_url: str):
    store = Store.open(store_url)
    engine = store._engine
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert {"deliveries", "follows", "announced", "leases", VERSION_TABLE} <= names
        head = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
        assert head == ["0002"]
        # the migrations and bot/store/schema.py describe the same tables, indexes and keys
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        diff = compare_metadata(context, metadata)
        assert diff == []
    store.close()


def test_reopening_keeps_the_rows_and_migrates_nothing(store_url: str):
    store = Store.open(store_url)
    store.schedule(1, "酉阳", "s", [Due("k", T0, None)])
    store.follow(1, "酉阳")
    store.close()
    for _ in range(2):
        again = Store.open(store_url)
        assert [d.kind for d in again.pending(1)] == ["k"]
        assert again.following(1) == ["酉阳"]
        again.close()


def test_default_is_a_sqlite_file_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("YIBAO_DATABASE_URL", raising=False)
    monkeypatch.delenv("YIBAO_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    store = Store.open()
    store.follow(1, "屯留")
    store.close()
    assert (tmp_path / "data" / "yibao.sqlite3").is_file()  # ./data, made when missing
    monkeypatch.setenv("YIBAO_DATA_DIR", str(tmp_path / "elsewhere" / "deep"))
    Store.open().close()
    assert (tmp_path / "elsewhere" / "deep" / "yibao.sqlite3").is_file()
    Store.open(data_dir=tmp_path / "given").close()  # an argument beats the environment
    assert (tmp_path / "given" / "yibao.sqlite3").is_file()
    assert Store.open(data_dir=tmp_path / "data").following(1) == ["屯留"]


def test_the_url_setting_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("YIBAO_DATABASE_URL", f"sqlite:///{tmp_path / 'chosen.db'}")
    monkeypatch.setenv("YIBAO_DATA_DIR", str(tmp_path / "unused"))
    store = Store.open()
    assert store.backend == "sqlite"
    store.close()
    assert (tmp_path / "chosen.db").is_file() and not (tmp_path / "unused").exists()


def test_postgresql_urls_as_people_write_them(pg_server, monkeypatch: pytest.MonkeyPatch):
    url = pg_server.create_db("written_plainly")
    assert url.startswith("postgresql://")
    for written in (url, url.replace("postgresql://", "postgres://", 1)):
        monkeypatch.setenv("YIBAO_DATABASE_URL", written)
        store = Store.open()
        assert (store.backend, store._engine.dialect.driver) == ("postgresql", "psycopg")
        store.close()
    pg_server.drop_db("written_plainly")


@pytest.mark.parametrize(("url", "says"), [
    ("not a url", "is not a database URL"),
    ("mysql://root:hunter2@db/yibao", "unsupported database 'mysql'"),
    # nothing listens on port 1: refused at once
    ("postgresql://bot:hunter2@127.0.0.1:1/yibao", "database postgresql+psycopg://bot:***@127.0.0.1:1/yibao"),
    ("sqlite:////nonexistent-folder/x/y.sqlite3", "unable to open database file"),
])
def test_a_bad_url_is_one_readable_line(url: str, says: str):
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message and "hunter2" not in message
    error = caught.value  # no chained traceback behind it
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_a_data_folder_that_cannot_be_made(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        Store.open(data_dir=blocker / "data")


def test_an_unknown_postgres_database_names_itself(pg_server):
    with pytest.raises(StoreError, match='database "no_such_db" does not exist'):
        Store.open(pg_server.url("no_such_db"))


def test_without_the_driver_it_says_which_extra_to_install(tmp_path: Path):
    # a process where psycopg cannot be imported, as after `pip install yibao-bot` without [postgres]
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from bot.store import Store, StoreError\n"
            "try:\n    Store.open('postgresql://u@127.0.0.1:1/db')\n"
            "except StoreError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "PostgreSQL needs its driver: pip install 'yibao-bot[postgres]'"


def test_a_database_from_a_newer_version_is_refused_in_one_line(store_url: str):
    Store.open(store_url).close()
    store = Store.open(store_url)
    with store._engine.begin() as conn:
        conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="cannot be migrated by this version of the bot") as caught:
        Store.open(store_url)
    assert "\n" not in str(caught.value)


def test_a_database_of_the_first_revision_keeps_its_rows_and_takes_long_states(store_url: str):
    """0001 → 0002 on a database in use: rows kept, a state longer than 0001's 128 characters
    (a household's members, an alert's changes) then stored whole, on PostgreSQL too."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from bot.store.connect import MIGRATIONS, resolve_url

    engine = create_engine(resolve_url(store_url, None))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["version_table"] = VERSION_TABLE
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO deliveries (chat_id, kind, region, state, due_at, available_at, "
                          "attempts) VALUES (7, 'k', '酉阳', 'old', :t, :t, 0)"), {"t": T0})
    engine.dispose()
    store = Store.open(store_url)
    long_state = "~".join(["youyang-dibao-T1-N0-Snone-P20231201"] * 5) + "x" * 100
    long_kind = "newborn_days_end@newborn_2023_catch_up"  # 38 characters: 0001 held 32
    store.schedule(8, "酉阳", long_state, [Due(long_kind, T0, None)])
    assert [d.state for d in store.pending(7)] == ["old"]
    assert [(d.kind, d.state) for d in store.pending(8)] == [(long_kind, long_state)]
    store.close()
