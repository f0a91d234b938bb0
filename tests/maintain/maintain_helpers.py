"""Helpers for the maintainer-tool tests: run the CLI in-process, build knowledge folders."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bot.__main__ import main
from bot.knowledge.loader import DEFAULT_DIR

ROOT = DEFAULT_DIR.parent
FIXTURES = ROOT / "tests" / "fixtures" / "maintain"
SHILI_2025 = FIXTURES / "2025-shilixian.yaml"
SHILI_2026 = FIXTURES / "2026-shilixian.yaml"


@dataclass
class Run:
    code: int
    out: str  # stdout and stderr interleaved, as a terminal shows them
    stdout: str
    stderr: str


class _Tee(io.StringIO):
    def __init__(self, both: io.StringIO):
        super().__init__()
        self.both = both

    def write(self, s: str) -> int:
        self.both.write(s)
        return super().write(s)


def run_cli(*argv: str) -> Run:
    """`python -m bot ARGV…` in this process; argparse exits become exit codes."""
    both = io.StringIO()
    out, err = _Tee(both), _Tee(both)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(code, both.getvalue(), out.getvalue(), err.getvalue())


def copy_knowledge(dest: Path, *extra: Path) -> Path:
    """The real knowledge/ copied to ``dest``, plus ``extra`` files."""
    shutil.copytree(DEFAULT_DIR, dest)
    for path in extra:
        shutil.copy(path, dest / path.name)
    return dest


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
             "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)},
    )
    return done.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def fixture_knowledge(dest: Path, *files: Path, edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """A knowledge folder holding only the given (fictional) files, optionally edited:
    ``edits`` maps a file name to (old, new) text replaced once."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy(path, dest / path.name)
    for name, (old, new) in (edits or {}).items():
        target = dest / name
        text = target.read_text(encoding="utf-8")
        assert old in text, (name, old)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dest
