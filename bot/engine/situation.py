"""What the resident has told us so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

StudentKind = Literal["none", "school", "university"]


@dataclass(frozen=True)
class Situation:
    """Answers so far. ``None`` means "not asked yet"; the flow asks for it if it matters."""

    region: str | None = None  # the notice's full region name
    identities: tuple[str, ...] | None = None  # category ids; () = ordinary resident
    newborn: bool | None = None
    born_on: dt.date | None = None
    student: StudentKind | None = None
    tier: int | None = None
    paid_on: dt.date | None = None
    unlisted: tuple[str, ...] = ()  # identities named that this notice lists no subsidy for
    assumed: tuple[tuple[str, str], ...] = ()  # (word, category id) read from an ambiguous word

    def with_(self, **changes: object) -> Situation:
        return replace(self, **changes)  # type: ignore[arg-type]
