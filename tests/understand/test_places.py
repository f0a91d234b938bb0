"""Places inside a region (its knowledge file's region.places) are understood as the region;
a place named as where someone works is not where they live."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine.notes import InputError
from bot.engine.resolve import resolve_region
from bot.knowledge.base import KnowledgeBase
from bot.understand.slots import understand

TABLE: list[dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("places.yaml").read_text(encoding="utf-8"))
TODAY = dt.date(2023, 10, 15)


@pytest.mark.parametrize("entry", TABLE, ids=[e["q"] for e in TABLE])
def test_place_names_its_region(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    assert understand(kb, entry["q"], TODAY).region == entry["region"]


def test_every_listed_place_names_its_region(kb: KnowledgeBase) -> None:
    """Each place of each file, alone in a sentence, is its region (none is hidden by
    another region's alias or a lookalike)."""
    for rk in kb.regions.values():
        assert len(rk.places) >= 10, rk.name
        for place in rk.places:
            assert understand(kb, f"我是{place}的，医保交多少", TODAY).region == rk.name, place


def test_places_come_from_the_knowledge_not_the_code(kb: KnowledgeBase) -> None:
    for rk in kb.regions.values():
        notice = rk.latest().model
        assert notice.region.places is not None and "民政部" in notice.region.places.source
    assert kb.region_alias_index()["余吾镇"] == "长治市屯留区"
    assert "余吾镇" not in kb.region_alias_index(places=False)


def test_a_place_resolves_on_the_command_line_too(kb: KnowledgeBase) -> None:
    assert resolve_region(kb, "米东区") == "乌鲁木齐市"
    assert resolve_region(kb, "大佘太镇") == "乌拉特前旗"
    with pytest.raises(InputError) as exc:
        resolve_region(kb, "乌拉特中旗")
    assert exc.value.code == "unknown_region"
