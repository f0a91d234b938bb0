"""One notice file as loaded: its validated model and where each field sits in the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge.models import NoticeFile


@dataclass(frozen=True)
class LoadedNotice:
    path: Path
    model: NoticeFile  # validated by the model, held as a Record tree of the same shape (record.py)
    lines: dict[tuple[str | int, ...], int]  # field path -> 1-based line, for lint messages

    def line_of(self, *loc: str | int) -> int | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None
