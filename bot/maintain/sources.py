"""A knowledge version as a folder on disk: a folder as is, or a git revision copied out.

``knowledge diff HEAD knowledge`` compares the last commit with the folder being edited.
A revision may name the folder inside the repository as ``REV:path`` (default: the
knowledge folder's path in the repository, usually ``knowledge``).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.loader import knowledge_dir


class SourceError(Exception):
    """The argument is neither a folder nor a git revision we can read."""


@dataclass(frozen=True)
class KnowledgeSource:
    folder: Path  # where the YAML files are on disk now
    label: str  # how to name this version to a person: the folder, or REV:path
    revision: str | None = None  # the commit, when it came from git


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=60, check=False)


def repo_root(start: Path | None = None) -> Path | None:
    """The top of the git work tree holding ``start`` (default: the working directory)."""
    try:
        done = _git(start or Path.cwd(), "rev-parse", "--show-toplevel")
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode().strip())


def _default_path(root: Path) -> str:
    try:
        return knowledge_dir().resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "knowledge"


@contextmanager
def open_source(arg: str, repo: Path | None = None) -> Iterator[KnowledgeSource]:
    """A folder for ``arg`` (an existing folder, ``REV`` or ``REV:path``), cleaned up after."""
    folder = Path(arg)
    if folder.is_dir():
        yield KnowledgeSource(folder, arg)
        return
    root = repo or repo_root() or repo_root(knowledge_dir())
    if root is None:
        raise SourceError(f"{arg}: no such folder, and not inside a git repository")
    rev, _, path = arg.partition(":")
    path = (path or _default_path(root)).strip("/") or "."
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0 or not rev:
        raise SourceError(f"{arg}: no such folder or git revision")
    commit = done.stdout.decode().strip()
    listing = _git(root, "ls-tree", "-z", "--name-only", commit, f"{path}/")
    names = [n for n in listing.stdout.decode().split("\0") if n.endswith((".yaml", ".yml"))]
    if listing.returncode != 0 or not names:
        raise SourceError(f"{arg}: revision {rev} has no .yaml files under {path}/")
    with tempfile.TemporaryDirectory(prefix="yibao-knowledge-") as tmp:
        for name in names:
            blob = _git(root, "show", f"{commit}:{name}")
            if blob.returncode != 0:
                raise SourceError(f"{arg}: cannot read {name}: {blob.stderr.decode().strip()}")
            (Path(tmp) / Path(name).name).write_bytes(blob.stdout)
        yield KnowledgeSource(Path(tmp), f"{rev}:{path}", commit)
