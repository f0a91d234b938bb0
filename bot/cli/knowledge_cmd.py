"""`python -m bot knowledge check [PATH]`: validate a knowledge folder."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.lint import lint
from bot.knowledge.loader import KnowledgeLoadError


def load_checked(folder: Path | None = None) -> KnowledgeBase:
    """Load and lint; raise KnowledgeLoadError listing every finding."""
    kb = KnowledgeBase.load(folder)
    problems = lint(kb)
    if problems:
        raise KnowledgeLoadError(problems)
    return kb


def check(path: str | None) -> int:
    try:
        kb = load_checked(Path(path) if path else None)
    except KnowledgeLoadError as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"{len(exc.errors)} error(s)", file=sys.stderr)
        return 1
    years = ", ".join(str(y) for y in kb.policy_years())
    print(f"OK: {len(kb.notices)} notices, {len(kb.regions)} regions, policy years {years}")
    return 0
