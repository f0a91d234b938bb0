"""`python -m bot answer`: one situation in, one answer out (text or --json)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.engine.calculator import calculate
from bot.engine.identities import require_unambiguous, resolve_identities
from bot.engine.notes import InputError
from bot.engine.resolve import resolve_region
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_json, answer_text


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", required=True)
    p.add_argument("--identity", action="append", default=[])
    p.add_argument("--born-on")
    p.add_argument("--student")
    p.add_argument("--tier")
    p.add_argument("--paid-on")
    p.add_argument("--as-of", help="preview: the day taken as today (default: the real today)")
    p.add_argument("--json", action="store_true")


def parse_date(text: str | None, field: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError("bad_date", text=text, field=field) from None


def situation_from_args(kb: KnowledgeBase, args: argparse.Namespace, today: dt.date) -> Situation:
    return situation_from_values(kb, args.region, args.identity, born_on=args.born_on, student=args.student,
                                 tier=args.tier, paid_on=args.paid_on, today=today)


def situation_from_values(
    kb: KnowledgeBase,
    region_text: str,
    identity_words: list[str],
    *,
    born_on: str | None,
    student: str | None,
    tier: str | None,
    paid_on: str | None,
    today: dt.date,
) -> Situation:
    """The situation the `answer` parameters describe, as typed (the CLI's and the web API's
    one reading of them); an InputError says what is wrong with which one."""
    region = resolve_region(kb, region_text)
    paid = parse_date(paid_on, "--paid-on") or today
    born = parse_date(born_on, "--born-on")
    if student not in (None, "school", "university"):
        raise InputError("bad_student", text=student)
    tier_no = None
    if tier is not None:
        from bot.understand.numbers import tier_choice  # only here: the answer path stays lean

        tier_no = tier_choice(tier)
        notice = kb.notice_for(region, paid)
        if tier_no not in notice.tiers:
            raise InputError("no_such_tier", region=region, tier=tier, tiers=notice.tier_labels)
    resolved = resolve_identities(kb, region, identity_words, paid, tier_no)
    require_unambiguous(resolved, region)
    return Situation(
        region=region,
        identities=resolved.ids,
        newborn=born is not None,
        born_on=born,
        student=student or "none",  # type: ignore[arg-type]
        tier=tier_no,
        paid_on=paid,
        unlisted=resolved.unlisted,
        assumed=resolved.assumed,
    )


def run(kb: KnowledgeBase, args: argparse.Namespace, today: dt.date) -> int:
    answer = calculate(kb, situation_from_args(kb, args, today))
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        print(answer_text(answer))
    sys.stdout.flush()
    return 0
