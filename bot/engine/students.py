"""The notices' rules for pupils and students: what they say beside the figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.notes import Note
from bot.engine.said import NOTHING, Said

if TYPE_CHECKING:
    from bot.knowledge.base import Notice


def student_said(notice: Notice, student: str | None) -> Said:
    """The notice's rules for this kind of student (school, university), cited and noted."""
    rules = [r for r in notice.model.students if r.kind == student]
    if not rules:
        return NOTHING
    return Said(tuple((notice, r.source) for r in rules), tuple(Note.text(r.note) for r in rules))
