"""What "today" is: the real date, or a preview date for reviewers (--as-of / YIBAO_AS_OF)."""

from __future__ import annotations

import datetime as dt
import os

ENV_AS_OF = "YIBAO_AS_OF"


def today(as_of: str | dt.date | None = None) -> dt.date:
    if isinstance(as_of, dt.date):
        return as_of
    value = as_of or os.environ.get(ENV_AS_OF)
    if value:
        return dt.date.fromisoformat(value.strip())
    return dt.date.today()
