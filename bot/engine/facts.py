"""The notices' facts on one topic (how to pay, where to ask …), as the answer shows them."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import FactView, SourceRef
from bot.knowledge.base import Notice


def facts_in(notices: list[Notice], topic: str, on: dt.date | None) -> list[FactView]:
    """Every fact on ``topic`` in ``notices``, in their order; region-wide rules not yet in
    force on ``on`` are left out (they say nothing about a payment made before them)."""
    out = []
    for n in notices:
        start = n.model.notice.effective_from
        if n.model.kind == "regional_rules" and on is not None and start and on < start:
            continue
        for f in n.model.facts:
            if f.topic == topic:
                ref = SourceRef(n.citation, f.source.clause, n.model.notice.title) if f.source else None
                out.append(FactView(f.topic, f.text, f.stated, list(f.steps), f.ask, ref,
                                    tuple(f.categories), away_only=f.away_only))
    return out
