"""What a rule adds to an answer beside its result: the clauses it rests on and its notes.

Rules return a :class:`Said` instead of appending to shared lists, so the order in which
citations and notes reach the answer is the order in which ``calculate`` gathers them.

The rules' results here and in the rule modules are NamedTuples, not frozen dataclasses:
just as immutable, and several times cheaper to build. An answer builds a few dozen, and
as frozen dataclasses they made ``calculate`` about twice as slow (bench/engine.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from bot.engine.answer import SourceRef
from bot.engine.notes import Note

if TYPE_CHECKING:
    from bot.knowledge.base import Notice
    from bot.knowledge.models import Source

Cite = tuple["Notice", "Source | None"]  # a clause of a notice; None cites nothing


class Said(NamedTuple):
    sources: tuple[Cite, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def said(self) -> Said:
        """A Said says itself, so :func:`said_of` takes it beside rule results."""
        return self


NOTHING = Said()


class Saying(Protocol):
    """A rule's result: whatever it is, it carries what the rule says."""

    @property
    def said(self) -> Said: ...


def said_of(*results: Saying | None) -> Said:
    """What the results say, in the order given; None (a rule that did not apply) says nothing."""
    sources: tuple[Cite, ...] = ()
    notes: tuple[Note, ...] = ()
    for r in results:
        if r is not None:
            said = r.said
            if said is not NOTHING:  # most rules say nothing: skip them cheaply
                sources += said.sources
                notes += said.notes
    return Said(sources, notes)


def source_refs(cites: Iterable[Cite]) -> list[SourceRef]:
    """The cited clauses in first-cited order, each once (one title per citation, so the
    citation and clause name the reference)."""
    refs: dict[tuple[str, str], SourceRef] = {}
    for notice, source in cites:
        if source is not None:
            key = (notice.citation, source.clause)
            if key not in refs:
                refs[key] = SourceRef(key[0], key[1], notice.model.notice.title)
    return list(refs.values())


def dedupe(notes: Iterable[Note]) -> list[Note]:
    """Each note once, where it first appears (notes hold dicts, so no set)."""
    seen: list[Note] = []
    for n in notes:
        if n not in seen:
            seen.append(n)
    return seen
