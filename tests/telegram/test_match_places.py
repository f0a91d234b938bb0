"""Inline queries: a place inside a region names it; a lookalike does not."""

from __future__ import annotations

import datetime as dt

from bot.knowledge.base import KnowledgeBase
from bot.telegram.match import matches, regions_in

TODAY = dt.date(2023, 10, 15)


def test_a_town_names_its_region(kb: KnowledgeBase) -> None:
    assert regions_in(kb, "余吾镇 低保") == ["长治市屯留区"]
    assert matches(kb, "米东区 低保", TODAY)[0].region == "乌鲁木齐市"
    assert matches(kb, "米东区 低保", TODAY)[0].identities == ("dibao",)


def test_a_lookalike_names_no_region(kb: KnowledgeBase) -> None:
    assert regions_in(kb, "乌拉特中旗 低保") == []
