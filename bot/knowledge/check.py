"""Knowledge that is safe to answer from: loaded by the strict loader, then linted.

Start-up, the runtime reload (holder.py), `knowledge check` and `knowledge diff` all go
through :func:`load_checked`, so they accept and refuse exactly the same files.
"""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.errors import KnowledgeLoadError
from bot.knowledge.lint import lint


def load_checked(folder: Path | None = None) -> KnowledgeBase:
    """Load and lint; raise KnowledgeLoadError listing every finding."""
    kb = KnowledgeBase.load(folder)
    problems = lint(kb)
    if problems:
        raise KnowledgeLoadError(problems)
    return kb
