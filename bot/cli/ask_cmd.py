"""`python -m bot ask "TEXT" [--today D] [--json]`: the free-text step from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from bot.knowledge.base import KnowledgeBase
from bot.present import answer_json
from bot.understand.ask import ask


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def result_json(kb: KnowledgeBase, text: str, today: dt.date) -> dict:
    r = ask(kb, text, today)
    u, s = r.understood, r.situation
    names = []
    if s.region and s.identities:
        notice = kb.notice_for(s.region, s.paid_on)
        names = [notice.category(i).name for i in s.identities]
    return {
        "understood": {
            "region": u.region,
            "identities": names,
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
        },
        "missing": r.missing,
        "answer": answer_json(r.answer) if r.answer else None,
        "facts": [
            {"topic": f.topic, "text": f.text, "stated": f.stated, "steps": f.steps, "ask": f.ask}
            for f in r.facts
        ],
        "reply": r.reply,
        "sources": [{"notice": n, "clause": c} for n, c in r.sources],
    }


def run(kb: KnowledgeBase, args: argparse.Namespace, today: dt.date) -> int:
    if args.json:
        print(json.dumps(result_json(kb, args.text, today), ensure_ascii=False, indent=2))
    else:
        print(ask(kb, args.text, today).reply)
    return 0
