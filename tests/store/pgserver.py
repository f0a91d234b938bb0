"""A throwaway PostgreSQL server for the tests and bench/store.py: Debian's server binaries,
a cluster made by initdb in a temporary folder, listening on a free 127.0.0.1 port with its
socket in that folder, stopped and deleted at the end.

PostgreSQL refuses to run as root, so as root the folder is given to the ``postgres`` user
(made by Debian's package) and initdb/postgres run as that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

START_TIMEOUT_S = 60


class Unavailable(Exception):
    """No server could be found or started; the message says why."""


def _candidate_dirs() -> list[Path]:
    dirs: list[Path] = []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            dirs.append(Path(out.stdout.strip()))
    # newest version first: /usr/lib/postgresql/15/bin, /usr/lib/postgresql/16/bin, …
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    dirs += [Path(p) for p in sorted(versions, key=lambda p: int(Path(p).parent.name)
                                     if Path(p).parent.name.isdigit() else 0, reverse=True)]
    # on PATH: often a symlink (here /usr/local/bin/postgres → /usr/lib/postgresql/15/bin/postgres),
    # so the real folder, where initdb sits beside it
    found = shutil.which("postgres")
    if found:
        dirs.append(Path(os.path.realpath(found)).parent)
    return dirs


def find_bindir() -> Path:
    for d in _candidate_dirs():
        if (d / "postgres").is_file() and (d / "initdb").is_file():
            return d
    raise Unavailable("no PostgreSQL server binaries (postgres and initdb) found: "
                      "pg_config --bindir, /usr/lib/postgresql/*/bin, PATH; "
                      "apt-get install postgresql (.ci/run does)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """``with PgServer() as pg: pg.url("dbname")``; raises Unavailable when it cannot start."""

    def __init__(self, *, fsync: bool = False) -> None:
        self.fsync = fsync
        self.dir: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self._as: dict[str, object] = {}

    def __enter__(self) -> PgServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        bindir = find_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="yibao-pg-"))
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' user to run the server as") \
                    from None
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        data = self.dir / "data"
        init = subprocess.run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                               "-E", "UTF8", "--no-locale", "--no-sync"],
                              capture_output=True, text=True, timeout=120, cwd=self.dir, **self._as)
        if init.returncode != 0:
            raise Unavailable(f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1:]}")
        self.port = _free_port()
        log = open(self.dir / "server.log", "wb")  # noqa: SIM115 (kept open for the server's life)
        self.proc = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(data), "-p", str(self.port), "-h", "127.0.0.1",
             "-k", str(self.dir), "-c", f"fsync={'on' if self.fsync else 'off'}",
             "-c", "max_connections=100"],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.dir, **self._as)
        log.close()
        self._wait_ready()

    def _wait_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise Unavailable(f"postgres exited ({self.proc.returncode}): {self.log_tail()}")
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise Unavailable(f"postgres did not accept connections: {self.log_tail()}") from None
                time.sleep(0.1)

    def log_tail(self) -> str:
        assert self.dir is not None
        try:
            return " | ".join((self.dir / "server.log").read_text(errors="replace").strip().splitlines()[-3:])
        except OSError:
            return "no log"

    def dsn(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    url = dsn  # the URL as a person writes it: Store.open maps it to psycopg

    def create_db(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_db(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # "fast shutdown"
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
