"""Turn the identity words a resident gave into category ids for one region."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.engine.resolve import Ambiguous, NotListed, resolve_identity
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase


@dataclass(frozen=True)
class ResolvedIdentities:
    ids: tuple[str, ...]
    unlisted: tuple[str, ...]
    assumed: tuple[tuple[str, str], ...]
    ambiguous: tuple[Ambiguous, ...]  # words whose candidates differ in figures: ask


def same_figures(kb: KnowledgeBase, base: Situation, candidates: list[str]) -> bool:
    """True when every candidate category gives the same money, so asking is pointless."""
    seen = set()
    for cid in candidates:
        a = calculate(kb, base.with_(identities=(cid,)))
        ltc = a.long_term_care
        seen.add((a.medical.subsidy, a.medical.personal, ltc.personal if ltc else None))
    return len(seen) == 1


def resolve_identities(
    kb: KnowledgeBase,
    region: str,
    words: list[str],
    paid_on: dt.date,
    tier: int | None = None,
) -> ResolvedIdentities:
    ids: list[str] = []
    unlisted: list[str] = []
    assumed: list[tuple[str, str]] = []
    ambiguous: list[Ambiguous] = []
    for word in words:
        match = resolve_identity(kb, region, word, paid_on)
        if isinstance(match, NotListed):
            unlisted.append(word)
        elif isinstance(match, Ambiguous):
            cands = [cid for cid, _ in match.candidates]
            base = Situation(region=region, paid_on=paid_on, tier=tier)
            if same_figures(kb, base, cands):
                ids.append(cands[0])
                assumed.append((match.alias, cands[0]))
            else:
                ambiguous.append(match)
        else:
            ids.append(match)
    return ResolvedIdentities(
        tuple(dict.fromkeys(ids)), tuple(unlisted), tuple(assumed), tuple(ambiguous)
    )


def require_unambiguous(resolved: ResolvedIdentities, region: str) -> None:
    if resolved.ambiguous:
        amb = resolved.ambiguous[0]
        raise InputError(
            "ambiguous_identity",
            text=amb.alias,
            region=region,
            choices=[label for _, label in amb.candidates],
        )
