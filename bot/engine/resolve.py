"""Map what people type (乌市, 低保户, 二档) to the knowledge's own names and ids."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine.notes import InputError
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.vocabulary import IDENTITY_SUFFIXES

_NOISE = re.compile(r"[\s　·,，。.、]+")


def clean(text: str) -> str:
    return _NOISE.sub("", text or "").strip()


def resolve_region(kb: KnowledgeBase, text: str) -> str:
    """The region's full name, or InputError naming the regions we know."""
    word = clean(text)
    index = kb.region_alias_index()
    if word in index:
        return index[word]
    if word in kb.lookalikes():  # 乌拉特中旗: not 乌拉特前旗, though it holds 乌拉特
        raise InputError("unknown_region", text=text, choices=list(kb.regions))
    contained = {name for alias, name in index.items() if len(alias) >= 2 and alias in word}
    if len(contained) == 1:
        return contained.pop()
    wide = kb.wide_region_names()
    if word in wide:
        raise InputError("region_too_wide", text=text, choices=wide[word])
    if word:
        best = process.extractOne(word, list(index), scorer=fuzz.ratio, score_cutoff=75)
        if best is not None:
            return index[best[0]]
    raise InputError("unknown_region", text=text, choices=list(kb.regions))


@dataclass(frozen=True)
class Ambiguous:
    alias: str
    candidates: list[tuple[str, str]]  # (category id, label)
    note: str | None


@dataclass(frozen=True)
class NotListed:
    text: str


IdentityMatch = str | Ambiguous | NotListed


def category_label(notice: Notice, category_id: str) -> str:
    c = notice.category(category_id)
    return c.label or (c.aliases[0] if c.aliases else c.name)


def identity_index(notice: Notice) -> dict[str, str]:
    """Every word for a category, as :func:`clean` leaves it (typed text is cleaned the same
    way, so 独生子女、双女户 matches the label it is), → the category id. Built once per
    notice; read-only."""
    index = notice.derived.get("identity_index")
    if index is None:
        index = {}
        for c in notice.model.categories:
            for word in (c.id, c.name, c.label, *c.aliases):
                if word and clean(word):
                    index[clean(word)] = c.id
        notice.derived["identity_index"] = index
    return index


def all_identity_words(kb: KnowledgeBase) -> frozenset[str]:
    """Every category word and ambiguous alias of every notice, as written."""
    words = kb.derived.get("identity_words")
    if words is None:
        found: set[str] = set()
        for n in kb.notices:
            for c in n.model.categories:
                found.update(a for a in (c.name, c.label, *c.aliases) if a)
            found.update(a.alias for a in n.model.ambiguous_aliases)
        words = kb.derived["identity_words"] = frozenset(found)
    return words


def _cleaned_identity_words(kb: KnowledgeBase) -> frozenset[str]:
    words = kb.derived.get("clean_identity_words")
    if words is None:
        words = kb.derived["clean_identity_words"] = frozenset(clean(w) for w in all_identity_words(kb))
    return words


def resolve_identity(
    kb: KnowledgeBase, region: str, text: str, paid_on: dt.date | None = None
) -> IdentityMatch:
    notice = kb.notice_for(region, paid_on)
    word = clean(text)
    for amb in notice.model.ambiguous_aliases:
        if clean(amb.alias) == word:
            return Ambiguous(
                word,
                [(c.category, c.label or category_label(notice, c.category)) for c in amb.candidates],
                amb.note,
            )
    index = identity_index(notice)
    if word in index:
        return index[word]
    for suffix in IDENTITY_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] in index:
            return index[word[: -len(suffix)]]
        if word + suffix in index:
            return index[word + suffix]
    if word and word in _cleaned_identity_words(kb):
        return NotListed(text)
    raise InputError(
        "unknown_identity",
        text=text,
        region=region,
        choices=[category_label(notice, c.id) for c in notice.model.categories],
    )
