"""Which column holds what: headers as people write them, from headers.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.ledger.read import LedgerReadError, RawRow

ROLES = ("name", "region", "identity", "born_on", "student", "tier", "paid_on", "household")
HEADER_SEARCH_ROWS = 30  # a title, a unit line, a date line… the header is never far down
_NOISE = re.compile(r"[\s*＊:：]+|[（(【\[][^）)】\]]*[）)】\]]")


@cache
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("headers.yaml").read_text(encoding="utf-8"))


@cache
def _header_index() -> dict[str, str]:
    """Cleaned spelling → role."""
    return {clean_header(word): role for role, words in vocabulary()["columns"].items() for word in words}


def clean_header(value: Any) -> str:
    return _NOISE.sub("", "" if value is None else str(value))


def text_of(value: Any) -> str:
    """A cell as text: 1.0 → "1" (numbers typed into Excel), a datetime at midnight → its day."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "hour") and hasattr(value, "date") and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class Columns:
    header_row: int  # the spreadsheet's row number of the header
    headers: tuple[str, ...]  # as written (blank or repeated ones made unique), every column
    roles: dict[str, int]  # role → column index, for the columns recognised

    def header(self, role: str) -> str:
        return self.headers[self.roles[role]]


def _unique(headers: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headers):
        name = h or f"列{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}({seen[name]})")
    return tuple(out)


def find_columns(rows: list[RawRow]) -> tuple[Columns, list[RawRow]]:
    """The header (the first row naming an identity column) and the rows under it."""
    index = _header_index()
    for pos, (number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cleaned = [clean_header(v) for v in values]
        if any(index.get(c) == "identity" for c in cleaned):
            data = rows[pos + 1:]
            width = max([len(values), *(len(v) for _, v in data)])
            headers = [text_of(v) for v in values] + [""] * (width - len(values))
            roles: dict[str, int] = {}
            for i, c in enumerate(cleaned):
                role = index.get(c)
                if role and role not in roles:  # the first of two 类别 columns is the one read
                    roles[role] = i
            return Columns(number, _unique(headers), roles), data
    raise LedgerReadError("no_identity_column", seen=[text_of(v) for v in rows[0][1] if text_of(v)][:12]
                          if rows else [])
