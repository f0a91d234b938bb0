""""新疆这边 …": a question that names the province but no city is answered from the
province's region-wide rules (新医保发〔2024〕48号) when they say it, without asking a city."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.understand.ask import ask

IN_FORCE = dt.date(2024, 10, 15)  # 48号 applies from 2024-09-03


@pytest.mark.parametrize("text", [
    "新疆这边 困难群众身份变了 已经交的钱退吗",
    "新疆这边集中参保缴费期是什么时候",
    "自治区规定 缴费后死亡了能退费吗",
])
def test_region_wide_rules_answer_without_a_city(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, IN_FORCE)
    assert r.understood.region is None and r.understood.wide_region == "新疆维吾尔自治区"
    assert r.missing == [] and r.facts
    assert {notice for notice, _ in r.sources} == {"新医保发〔2024〕48号"}


def test_money_is_the_citys_so_it_still_asks(kb: KnowledgeBase) -> None:
    r = ask(kb, "新疆 医保交多少钱", IN_FORCE)
    assert r.missing == ["region"] and not r.facts


def test_before_the_rules_took_effect_it_answers_and_says_from_when(kb: KnowledgeBase) -> None:
    """Asked before 48号 applied (it is 施行 from its issue day, 2024-09-03): the rule is still
    what the region says, and the reply says from when it applies instead of asking a city."""
    r = ask(kb, "新疆这边集中参保缴费期是什么时候", dt.date(2023, 10, 15))
    assert r.missing == [] and r.facts
    assert r.wide is not None and r.wide.in_force_from == dt.date(2024, 9, 3)
    assert ask(kb, "新疆这边集中参保缴费期是什么时候", IN_FORCE).wide.in_force_from is None


@pytest.mark.parametrize("text", ["内蒙古自治区 退费怎么办", "宁夏回族自治区 缴费后死亡了能退费吗"])
def test_another_autonomous_region_is_not_xinjiang(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, IN_FORCE)
    assert r.understood.wide_region is None and r.missing == ["region"]


def test_a_city_named_goes_to_the_city(kb: KnowledgeBase) -> None:
    r = ask(kb, "新疆乌鲁木齐 医保交多少", IN_FORCE)
    assert r.understood.region == "乌鲁木齐市" and r.understood.wide_region is None
