"""Vocabularies defined once (bot/knowledge/vocabulary.py) and what their users rely on."""

from __future__ import annotations

from bot.engine.resolve import identity_index, resolve_identity
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.vocabulary import IDENTITY_SUFFIXES
from bot.understand import slots, spelling


def test_identity_endings_never_choose_between_categories(kb: KnowledgeBase) -> None:
    """resolve.py tries the endings in order and slots.py takes the first listed form: that
    order must not matter, so every name written with several endings means one category."""
    for notice in kb.notices:
        index = identity_index(notice)
        for word in index:
            for base in {word, *(word[: -len(s)] for s in IDENTITY_SUFFIXES if word.endswith(s))}:
                ids = {index[base + s] for s in IDENTITY_SUFFIXES if base + s in index}
                assert len(ids) <= 1, (notice.model.region.name, base, ids)


def test_the_generic_endings_serve_all_three_matchers(kb: KnowledgeBase) -> None:
    for word in ("低保", "低保户", "低保对象", "低保人员"):
        assert resolve_identity(kb, "乌鲁木齐市", word) == "dibao"
    assert set(IDENTITY_SUFFIXES) < set(slots.SUFFIXES)  # free text strips looser endings too
    assert slots.SUFFIXES.index("人") == len(slots.SUFFIXES) - 1  # 人 after 人口 / 人员
    assert set("户人员口家庭对象") == spelling._GENERIC
