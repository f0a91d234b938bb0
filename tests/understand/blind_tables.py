"""What every blind table's test shares (test_blind7.py … test_blind12.py): the table, the check of
one first reply, and the parameters that mark a miss left for later as a strict xfail.

The check: ``answer`` (no question back, every ``must_contain`` figure or phrase in the reply: a
figure as a whole number, 380 is not in 1380; a household's figure also as its medical-only total,
the tables leaving out 乌鲁木齐's 长护险 which the reply rightly adds), ``ask`` (no answer before
the missing fact is given), ``not_stated`` (the reply says the notice is silent, read from the
answer's data as well as from its words).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import AskResult, ask

KINDS = {"answer", "ask", "not_stated"}


def load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load(Path(__file__).with_name(name).read_text(encoding="utf-8"))


def params(table: list[dict[str, Any]], failing: dict[int, str]) -> list[Any]:
    """(1-based entry number, entry) for each row; a miss left for later is a strict xfail, so
    fixing it makes the test say so."""
    out = []
    for n, entry in enumerate(table, 1):
        marks = [pytest.mark.xfail(strict=True, reason=failing[n])] if n in failing else []
        out.append(pytest.param(n, entry, marks=marks, id=f"{n}"))
    return out


def assert_whole(table: list[dict[str, Any]], size: int, judgement: dict[int, str],
                 failing: dict[int, str]) -> None:
    assert len(table) == size
    assert {e["kind"] for e in table} == KINDS
    assert all(e["q"] and e["source"] for e in table)
    assert not set(judgement) & set(failing)


def first_reply(kb: KnowledgeBase, entry: dict[str, Any], today: dt.date, *, judged: bool,
                nothing_asked: bool = False) -> None:
    """The table's check of one entry; an entry answered another way on purpose (``judged``) is
    still a reply, never an error nor a question for the region (nor any question at all, with
    ``nothing_asked``)."""
    day = entry.get("today") or today
    if judged:
        r = ask(kb, entry["q"], day)
        asked = r.missing if nothing_asked else [m for m in r.missing if m == "region"]
        assert r.error is None and not asked and ask_reply(kb, r).strip()
        return
    check(kb, {**entry, "today": day})


SILENT = re.compile("未写明|没有写明|未列出|没有写到|未提及|不在我这里|暂不能给出|未规定|没有规定")


def _found(token: str, reply: str, r: AskResult) -> bool:
    """A token in the reply; one that begins or ends with a digit only as a whole number."""
    before = "(?<!\\d)" if token[:1].isdigit() else ""
    after = "(?!\\d)" if token[-1:].isdigit() else ""
    if re.search(before + re.escape(token) + after, reply):
        return True
    if token.isdigit() and r.household is not None:  # the household's total without 长护险
        medical = sum((m.answer.medical.personal or 0) * m.member.count for m in r.household.members)
        return int(token) == medical
    if token == "全额" and r.answer is not None:  # shown as figures: the whole standard subsidised
        m = r.answer.medical
        return m.personal == 0 and m.subsidy is not None and m.subsidy == m.standard
    return False


def _asked_back(r: AskResult) -> bool:
    return bool(r.missing or r.member_missing or r.ambiguous)


def _silent(r: AskResult, reply: str) -> bool:
    wide_silent = r.wide is not None and (r.wide.silent or r.wide.amounts)
    return bool(SILENT.search(reply)) or any(not f.stated for f in r.facts) or wide_silent


def check(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    r = ask(kb, entry["q"], entry["today"])
    reply = re.sub(r"[\s,，]", "", ask_reply(kb, r))
    missing = [t for t in map(str, entry.get("must_contain") or []) if not _found(t, reply, r)]
    assert not missing, f"not in the reply: {missing}\n{reply}"
    if entry["kind"] == "answer":
        assert not _asked_back(r), f"asked back {r.missing or r.member_missing}\n{reply}"
        assert r.error is None, reply
    elif entry["kind"] == "ask":
        assert r.answer is None and r.household is None, reply
    else:
        assert _silent(r, reply), f"does not say the notice is silent\n{reply}"
        assert not _asked_back(r), reply
