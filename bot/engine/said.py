"""What a rule adds to an answer beside its result: the clauses it rests on and its notes.

Rules return a :class:`Said` instead of appending to shared lists, so the order in which
citations and notes reach the answer is the order in which ``calculate`` adds them up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.engine.answer import SourceRef
from bot.engine.notes import Note

if TYPE_CHECKING:
    from bot.knowledge.base import Notice
    from bot.knowledge.models import Source

Cite = tuple["Notice", "Source | None"]  # a clause of a notice; None cites nothing


@dataclass(frozen=True, slots=True)
class Said:
    sources: tuple[Cite, ...] = ()
    notes: tuple[Note, ...] = ()

    def __add__(self, other: Said) -> Said:
        return Said(self.sources + other.sources, self.notes + other.notes)


NOTHING = Said()


class Saying(Protocol):
    """A rule's result: whatever it is, it carries what the rule says."""

    @property
    def said(self) -> Said: ...


def said_of(*results: Saying | None) -> Said:
    """What the results say, in the order given; None (a rule that did not apply) says nothing."""
    out = NOTHING
    for r in results:
        if r is not None:
            out += r.said
    return out


def source_refs(cites: Iterable[Cite]) -> list[SourceRef]:
    """The cited clauses in first-cited order, each once (one title per citation, so the
    citation and clause name the reference)."""
    refs: list[SourceRef] = []
    seen: set[tuple[str, str]] = set()
    for notice, source in cites:
        if source is None:
            continue
        key = (notice.citation, source.clause)
        if key not in seen:
            seen.add(key)
            refs.append(SourceRef(notice.citation, source.clause, notice.model.notice.title))
    return refs


def dedupe(notes: Iterable[Note]) -> list[Note]:
    """Each note once, where it first appears (notes hold dicts, so no set)."""
    seen: list[Note] = []
    for n in notes:
        if n not in seen:
            seen.append(n)
    return seen
