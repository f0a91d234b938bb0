"""Fixtures for the maintainer-tool tests (helpers are in maintain_helpers.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_preview_env(monkeypatch):
    """Tests set the preview date and the knowledge folder themselves."""
    monkeypatch.delenv("YIBAO_AS_OF", raising=False)
    monkeypatch.delenv("YIBAO_KNOWLEDGE_DIR", raising=False)
