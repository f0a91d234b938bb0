"""Answers as JSON-ready data and as rendered text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.engine.answer import Answer, Contribution
from bot.render import note_text, render


def _contribution(c: Contribution | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "standard": c.standard,
        "subsidy": c.subsidy,
        "personal": c.personal,
        "subsidy_payers": c.subsidy_payers,
        "subsidy_split": [{"payer": p.name, "amount": p.amount} for p in c.subsidy_split],
        "payers_stated": c.payers_stated,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def answer_json(a: Answer) -> dict[str, Any]:
    """The `answer --json` contract: money in yuan, dates ISO, unknown as null."""
    return {
        "region": a.region,
        "policy_year": a.policy_year,
        "tier": a.tier,
        "identity": a.identity,
        "identity_id": a.identity_id,
        "newborn": a.newborn,
        "born_on": _iso(a.born_on),
        "student": a.student,
        "paid_on": _iso(a.paid_on),
        "medical": _contribution(a.medical),
        "long_term_care": _contribution(a.long_term_care),
        "total_personal": a.total_personal,
        "window": {"name": a.window_name, "start": _iso(a.window["start"]),
                   "end": _iso(a.window["end"])},
        "payment_open": a.payment_open,
        "payment_reason": a.payment_reason,
        "benefit_start": _iso(a.benefit_start),
        "benefit_end": _iso(a.benefit_end),
        "stale": a.stale,
        "how_to_pay": [
            {"text": f.text, "steps": f.steps, "stated": f.stated, "ask": f.ask}
            for f in a.how_to_pay
        ],
        "contacts": a.contacts,
        "alternatives": a.alternatives,
        "sources": [{"notice": s.notice, "clause": s.clause} for s in a.sources],
        "notes": [note_text(n, tier_label=a.tier_label) for n in a.notes],
    }


def answer_text(a: Answer) -> str:
    return render("answer.j2", a=a, notes=[note_text(n, tier_label=a.tier_label) for n in a.notes])

