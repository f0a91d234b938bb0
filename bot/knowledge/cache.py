"""A local cache of validated knowledge, so a command-line answer does not re-validate
the notices on every start (cold start is a budget: 0.3 s).

The key is a hash of every file's name and bytes plus the versions of the models, the
loader, pydantic and Python: any edit, or an upgrade, misses the cache and goes through
the strict loader again. Only knowledge that loaded without error is stored. The cache is a
convenience: an unwritable or damaged cache is ignored and the files are loaded as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge.loaded import LoadedNotice

ENV_CACHE = "YIBAO_CACHE_DIR"  # "off" disables the cache
FORMAT = 2  # bump when LoadedNotice or the models change shape


def cache_dir() -> Path | None:
    configured = os.environ.get(ENV_CACHE)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "yibao-bot"


def key(files: list[Path]) -> str:
    # Importing pydantic or the models just to learn their versions would cost what the
    # cache saves; their source files say as much and are cheap to read.
    import importlib.util

    digest = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        digest.update(Path(spec.origin).with_name("version.py").read_bytes())
    # A changed model is a changed shape; a changed loader or parser may refuse what it
    # let through (a duplicate key), so knowledge they cached must be validated again.
    for own in ("models.py", "record.py", "loader.py", "loaded.py", "errors.py", "parse.py"):
        digest.update(Path(__file__).with_name(own).read_bytes())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def entry(files: list[Path]) -> Path | None:
    """Where the knowledge in ``files`` is (or will be) cached; None when caching is off.
    Worked out once per load: it reads every file to hash it."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return folder / f"{key(files)}.pickle"
    except OSError:  # a file vanished meanwhile: the loader reports it
        return None


def read(where: Path | None, files: list[Path]) -> list[LoadedNotice] | None:
    if where is None:
        return None
    try:
        with where.open("rb") as fh:
            notices = pickle.load(fh)  # written by write() below, from a validated load
    except Exception:  # missing, unreadable, or from an incompatible version: load the files
        return None
    # Paths as the caller gave them (the same bytes may sit in another folder).
    by_name = {p.name: p for p in files}
    return [n.__class__(by_name[n.path.name], n.model, n.lines) for n in notices]


def write(where: Path | None, notices: list[LoadedNotice]) -> None:
    if where is None:
        return
    import tempfile

    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=where.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(notices, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, where)  # atomic: a reader never sees half a file
    except Exception:  # read-only home (the Docker user has none), full disk: no cache
        return
