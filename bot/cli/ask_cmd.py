"""`python -m bot ask "TEXT" [--today D] [--json]`: the free-text step from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from bot.knowledge.base import KnowledgeBase
from bot.present import answer_json, ask_reply, household_json, members_json
from bot.understand.ask import AskResult, ask, identity_names


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def result_json(kb: KnowledgeBase, text: str, today: dt.date) -> dict:
    r = ask(kb, text, today)
    u, s = r.understood, r.situation
    out = {
        "understood": {
            "region": u.region,
            "identities": identity_names(kb, s),
            "identity_ids": r.identity_ids,
            "identity_words": u.identity_words,
            "unlisted": list(s.unlisted),
            "ambiguous": [a.alias for a in r.ambiguous],
            "newborn": bool(u.newborn),
            "born_on": _iso(u.born_on),
            "student": u.student,
            "tier": u.tier,
            "paid_on": _iso(u.paid_on),
            "topic": u.topic,
            "members": members_json(r),
        },
        "missing": r.missing,
        "assumed": r.assumed,
        "by_tier": [{"tier": a.tier, "label": a.tier_label, "total_personal": a.total_personal}
                    for a in r.by_tier],
        "answer": answer_json(r.answer) if r.answer else None,
        # an umbrella word ("困难户"): each category it may mean, with its own figures
        "candidates": [{"alias": c.alias, "category": c.category, "label": c.label,
                        "total_personal": c.answer.total_personal,
                        "by_tier": [{"tier": a.tier, "label": a.tier_label,
                                     "total_personal": a.total_personal} for a in c.by_tier]}
                       for c in r.candidates],
        "facts": [
            {"topic": f.topic, "text": f.text, "stated": f.stated, "steps": f.steps, "ask": f.ask}
            for f in r.facts
        ],
        "reply": ask_reply(kb, r),
        "sources": [{"notice": n, "clause": c} for n, c in r.sources],
    }
    if r.wide is not None:  # answered from a province's region-wide rules
        w = r.wide
        out["wide"] = {"province": w.province, "place": w.place, "in_force_from": _iso(w.in_force_from),
                       "silent": w.silent, "amounts": w.amounts}
    if r.elsewhere is not None:  # a place that only looks like one of ours (乌拉特后旗)
        out["elsewhere"] = {"place": r.elsewhere[0], "looks_like": r.elsewhere[1] or None}
    if r.paid_windows:  # paid already, the day unsaid: each window it may have been in
        out["paid_windows"] = [
            {"window": p.window.name, "start": _iso(p.window.start), "end": _iso(p.window.end),
             "benefit_kind": p.window.benefit_kind, "benefit_date": _iso(p.window.benefit_date)}
            for p in r.paid_windows
        ]
    if r.covers:  # no region named: each notice's cover start for a payment on the day
        out["covers"] = [
            {"place": c.place, "window": c.window, "benefit_start": _iso(c.benefit_start), "stated": c.stated,
             "notice": c.notice, "clause": c.clause}
            for c in r.covers
        ]
    if r.same_everywhere:  # no region named: a category every notice gives the same figure
        out["same_everywhere"] = _same_everywhere_json(r)
    if r.is_household:  # several people: a single person's question keeps its shape
        out["household"] = household_json(r.household) if r.household else None
    return out


def _same_everywhere_json(r: AskResult) -> list[dict[str, Any]]:
    """Each notice's first-tier figure for the category, its tiers' figures where it has tiers."""
    return [
        {"region": a.region, "category": a.identity, "total_personal": a.total_personal,
         "by_tier": [b.total_personal for b in tiers] if len(tiers) > 1 else None,
         "sources": [{"notice": x.notice, "clause": x.clause} for x in a.sources]}
        for tiers in r.same_everywhere for a in tiers[:1]
    ]


def run(kb: KnowledgeBase, args: argparse.Namespace, today: dt.date) -> int:
    if args.json:
        print(json.dumps(result_json(kb, args.text, today), ensure_ascii=False, indent=2))
    else:
        print(ask_reply(kb, ask(kb, args.text, today)))
    return 0
