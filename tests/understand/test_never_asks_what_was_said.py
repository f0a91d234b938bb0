"""Issue 13's bar: no question gets a follow-up asking for something it already said. Over every
question table kept here, a reply that asks back never asks for a region, payment day, category,
tier or birth day the understanding took from the text."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.knowledge.base import KnowledgeBase
from bot.understand.ask import AskResult, ask

HERE = Path(__file__).parent
DEFAULT_DAY = dt.date(2023, 11, 10)


def _questions() -> list[tuple[str, dt.date]]:
    out = []
    for table in sorted(HERE.glob("*.yaml")):
        for entry in yaml.safe_load(table.read_text(encoding="utf-8")):
            if isinstance(entry, dict) and isinstance(entry.get("q"), str):
                out.append((entry["q"], entry.get("today") or DEFAULT_DAY))
    return out


def said_and_asked(r: AskResult) -> list[str]:
    s = r.situation
    said = {"region": s.region is not None, "paid_on": s.paid_on is not None, "tier": s.tier is not None,
            "born_on": s.born_on is not None, "identities": bool(r.identity_ids) and not r.ambiguous}
    return [] if r.unknown else [slot for slot in r.missing if said.get(slot)]


QUESTIONS = _questions()


def test_the_tables_are_read() -> None:
    assert len(QUESTIONS) > 1000


@pytest.mark.parametrize("chunk", range(10))
def test_no_reply_asks_for_what_the_question_said(kb: KnowledgeBase, chunk: int) -> None:
    replies = ((q, ask(kb, q, day)) for q, day in QUESTIONS[chunk::10])
    assert [(q, said_and_asked(r)) for q, r in replies if said_and_asked(r)] == []


def test_the_check_sees_a_question_asked_again(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 低保 12月20号交 交多少", DEFAULT_DAY)
    assert said_and_asked(r) == []
    assert said_and_asked(replace(r, missing=["region", "paid_on", "identities"])) == [
        "region", "paid_on", "identities"]
