"""Shared fixtures: the real knowledge base, loaded once."""

from __future__ import annotations

import pytest

from bot.knowledge.base import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()
