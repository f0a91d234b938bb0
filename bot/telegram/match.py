"""A plain word match of region and identity words in free text (no understanding).

Used by inline mode, where a card must be offered for every reading of the words:
``乌鲁木齐 低保`` -> Situation(region=乌鲁木齐市, identities=("dibao",)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.engine.resolve import clean, identity_index
from bot.knowledge.base import KnowledgeBase
from bot.understand import numbers


@dataclass(frozen=True)
class Match:
    region: str
    identities: tuple[str, ...]  # () = none named
    tier: int | None = None


def regions_in(kb: KnowledgeBase, text: str) -> list[str]:
    word = clean(text)
    for other in kb.lookalikes():  # 乌拉特中旗 holds 乌拉特 but is not 乌拉特前旗
        word = word.replace(other, " ")
    found: dict[str, None] = {}
    for alias, name in sorted(kb.region_alias_index().items(), key=lambda kv: -len(kv[0])):
        if len(alias) >= 2 and alias in word:
            found[name] = None
    return list(found)


def identity_options(
    kb: KnowledgeBase, region: str, text: str, today: dt.date
) -> list[tuple[str, ...]]:
    """Readings of the identity words in ``text`` for ``region``: one tuple of category ids
    per reading (an ambiguous word such as 监测户 gives one reading per candidate)."""
    notice = kb.notice_for(region, today)
    word = clean(text)
    for alias in sorted([*kb.regions[region].aliases, *kb.regions[region].places], key=len, reverse=True):
        word = word.replace(alias, " ")
    fixed: list[str] = []
    index = identity_index(notice)
    default = notice.default_category.id
    for alias in sorted(index, key=len, reverse=True):
        if len(alias) >= 2 and alias in word:
            fixed.append(index[alias])
            word = word.replace(alias, " ")
    readings: list[tuple[str, ...]] = [tuple(dict.fromkeys(fixed))]
    for amb in notice.model.ambiguous_aliases:
        if amb.alias in word:
            word = word.replace(amb.alias, " ")
            readings = [(*r, c.category) for r in readings for c in amb.candidates]
    return [tuple(i for i in dict.fromkeys(r) if i != default) for r in readings]


def matches(kb: KnowledgeBase, text: str, today: dt.date, limit: int = 10) -> list[Match]:
    """Every (region, identities) reading; all regions when none is named."""
    regions = regions_in(kb, text) or list(kb.regions)
    tier = numbers.tier(text)
    out: list[Match] = []
    for region in regions:
        for ids in identity_options(kb, region, text, today):
            out.append(Match(region, ids, tier))
    return out[:limit]
