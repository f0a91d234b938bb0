"""`python -m bot knowledge check [PATH] [--as-of DATE]`: validate a knowledge folder."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from bot.knowledge.check import load_checked
from bot.knowledge.errors import KnowledgeLoadError


def check(path: str | None, today: dt.date | None = None) -> int:
    """Exit 1 on errors. With ``today``, also warn (stderr, exit still 0) about regions with
    no notice for the policy year whose collection is under way (bot.knowledge.staleness)."""
    try:
        kb = load_checked(Path(path) if path else None)
    except KnowledgeLoadError as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"{len(exc.errors)} error(s)", file=sys.stderr)
        return 1
    years = ", ".join(str(y) for y in kb.policy_years())
    print(f"OK: {len(kb.notices)} notices, {len(kb.regions)} regions, policy years {years}")
    if today is not None:
        from bot.knowledge.staleness import stale_warnings

        sys.stdout.flush()
        for line in stale_warnings(kb, today):
            print(line, file=sys.stderr)
    return 0
