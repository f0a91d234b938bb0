"""Notes and input errors as data: a code plus parameters, worded by templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    code: str  # a macro name in templates/notes.j2; "text" carries knowledge prose as is
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def text(cls, text: str) -> Note:
        return cls("text", {"text": text})


class InputError(Exception):
    """Bad input from a resident or a script: worded by templates/errors.j2."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")
