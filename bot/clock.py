"""What "today" and "now" are: the real clock, or a preview clock for reviewers and tests.

``YIBAO_AS_OF`` (or --as-of) fixes the date answers are given for. ``YIBAO_NOW`` starts the
clock at an instant (ISO 8601; UTC when no offset is given) when the process starts, and lets it
run on from there: reminders fall due on it, and "today" is that clock's date in Beijing time.
"""

from __future__ import annotations

import datetime as dt
import os
import time

ENV_AS_OF = "YIBAO_AS_OF"
ENV_NOW = "YIBAO_NOW"
# The notices' time zone: their dates and deadlines are Beijing dates (Xinjiang's too).
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
_STARTED = time.monotonic()  # a preview clock runs from the process's start


class ClockError(ValueError):
    """YIBAO_NOW is not an instant."""


def today(as_of: str | dt.date | None = None) -> dt.date:
    if isinstance(as_of, dt.date):
        return as_of
    value = as_of or os.environ.get(ENV_AS_OF)
    if value:
        return dt.date.fromisoformat(value.strip())
    if os.environ.get(ENV_NOW):
        return now().astimezone(BEIJING).date()
    return dt.date.today()


def parse_instant(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(f"{ENV_NOW} must be an instant like 2023-12-24T01:59:00Z, not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def now() -> dt.datetime:
    """The current instant, aware (UTC)."""
    start = os.environ.get(ENV_NOW)
    if start:
        return parse_instant(start).astimezone(dt.UTC) + dt.timedelta(seconds=time.monotonic() - _STARTED)
    return dt.datetime.now(dt.UTC)
