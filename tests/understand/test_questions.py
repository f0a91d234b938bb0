"""The question tables: what residents type → the slots and topic understood.

questions.yaml was written from the resident's side before the parser was tuned. Each
holdout file was then written by someone who never saw the parser, scored on first contact
(65%, 78%, 53% — traditional characters, words typed by sound, English — 69%, 79% and 82%), and only
then used to generalise the parser, so the first-contact score is the honest measure of
questions nobody has seen. The issue's bar is 95% understood exactly per table; every other
question must still get a follow-up (a question for what is missing or a plain answer), and
junk must get a polite reply, never an exception.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli.ask_cmd import result_json
from bot.knowledge.base import KnowledgeBase

NAMES = ("questions.yaml", *(f"holdout{n}.yaml" for n in ("", 2, 3, 4, 5, 6)))
TABLES = {name: yaml.safe_load(Path(__file__).with_name(name).read_text(encoding="utf-8")) for name in NAMES}
TABLE = [entry for entries in TABLES.values() for entry in entries]
DEFAULT_TODAY = dt.date(2023, 10, 15)
EXACT_SHARE = 0.95


def _text(entry: dict[str, Any]) -> str:
    if "q_repeat" in entry:
        return entry["q_repeat"]["text"] * entry["q_repeat"]["times"]
    return entry["q"]


def _today(entry: dict[str, Any]) -> dt.date:
    return entry.get("today") or DEFAULT_TODAY


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def mismatches(kb: KnowledgeBase, entry: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Slot → (expected, understood) for every slot the entry checks and gets wrong."""
    got = result_json(kb, _text(entry), _today(entry))["understood"]
    wrong: dict[str, tuple[Any, Any]] = {}
    for key, want in entry["expect"].items():
        have = got["identity_ids"] if key == "identities" else got[key]
        want = _iso(want)
        if key == "identities":
            want, have = sorted(want), sorted(have)
        if want != have:
            wrong[key] = (want, have)
    for key in ("ambiguous", "unlisted"):
        want = sorted(entry.get(key, []))
        if want != sorted(got[key]):
            wrong[key] = (want, sorted(got[key]))
    return wrong


LABELLED = [e for e in TABLE if not e.get("junk")]
JUNK = [e for e in TABLE if e.get("junk")]


def test_table_is_big_enough() -> None:
    assert len(LABELLED) >= 150
    assert len(JUNK) >= 5


@pytest.mark.parametrize("name", TABLES)
def test_at_least_95_percent_understood_exactly(kb: KnowledgeBase, name: str) -> None:
    labelled = [e for e in TABLES[name] if not e.get("junk")]
    failures = {}
    for entry in labelled:
        wrong = mismatches(kb, entry)
        if wrong:
            failures[entry["q"]] = wrong
    share = 1 - len(failures) / len(labelled)
    detail = "\n".join(f"{q}: {w}" for q, w in failures.items())
    assert share >= EXACT_SHARE, f"{share:.1%} exact; misunderstood:\n{detail}"


@pytest.mark.parametrize("entry", LABELLED, ids=lambda e: e["q"][:24])
def test_every_question_gets_an_answer_or_a_follow_up(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    result = result_json(kb, _text(entry), _today(entry))
    assert result["reply"].strip()
    # Either figures (one person's or a household's) or facts were given, or the reply says the
    # place named is not on file (乌拉特中旗), or it asks for what is still missing.
    given = (result["answer"] or result.get("household") or result["facts"] or result.get("elsewhere")
             or result.get("covers") or result.get("same_everywhere"))
    assert given or result["missing"], result["reply"]


@pytest.mark.parametrize("entry", JUNK, ids=lambda e: repr(_text(e)[:16]))
def test_junk_gets_a_polite_reply_and_invents_nothing(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    result = result_json(kb, _text(entry), _today(entry))
    understood = result["understood"]
    assert result["reply"].strip()
    assert result["answer"] is None
    assert understood["region"] is None
    assert understood["identity_ids"] == []
    assert understood["paid_on"] is None
    assert "13800138000" not in result["reply"]
    assert "11010519491231002X" not in result["reply"]
