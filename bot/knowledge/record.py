"""Validated knowledge as plain, immutable Python objects.

The pydantic models in ``models.py`` are the gate every knowledge file passes through.
Once a file has passed, its model tree is copied into :class:`Record` objects with the
same attribute names, and that is what the engine reads. Why: importing pydantic and
building the models costs ~160 ms, over half the command line's 0.3 s cold-start budget,
while a Record tree read back from the cache (``cache.py``) needs neither.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


class Record:
    """An attribute bag that cannot be changed after it is made, like a frozen model."""

    def __init__(self, kind: str, fields: dict[str, Any]) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_fields", tuple(fields))
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._kind} is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and as_data(self) == as_data(other)

    def __hash__(self) -> int:
        return hash(repr(as_data(self)))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self._kind}({inner})"


def to_record(value: Any) -> Any:
    """A pydantic model tree as Records (lists stay lists, dates stay dates)."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return Record(type(value).__name__, {name: to_record(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [to_record(item) for item in value]
    return value


def as_data(value: Any) -> Any:
    """JSON-ready data, as ``model_dump(mode="json")`` gives for the model it came from."""
    if isinstance(value, Record):
        return {name: as_data(getattr(value, name)) for name in value._fields}
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
