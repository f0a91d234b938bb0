"""The families of failure blind table 11 exposed (issue 13), each tested on sentences of its
own rather than the table's: the family is fixed, not the sentence."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import FactView
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

TODAY = dt.date(2023, 9, 20)


def _clauses(facts: list[FactView], topic: str) -> list[str]:
    return [f.source.clause for f in facts if f.topic == topic and f.source]


# ---- A. officials' duties the notices state ----------------------------------------------------


def test_a_who_provides_a_list_is_the_identity_lists_clause(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 在校学生名单找谁要 哪个部门给", TODAY)
    assert _clauses(r.facts, "identity_lists") == ["四（一）、四（三）"]
    assert "教育部门" in ask_reply(kb, r)


def test_a_how_the_work_is_organised_quotes_the_offices_clauses(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 我们社区的参保台账咋建", TODAY)
    assert "region" not in r.missing and r.answer is None
    assert "六（一）" in _clauses(r.facts, "organisation")
    assert "户籍人口及常住人口" in ask_reply(kb, r)
    r = ask(kb, "屯留区 参保进度多久通报一次", TODAY)
    assert "六（四）" in _clauses(r.facts, "organisation") and "11月" in ask_reply(kb, r)
    r = ask(kb, "乌拉特前旗 村干部要建微信群转发公告吗", TODAY)
    assert any("四（三）" in c for c in _clauses(r.facts, "organisation"))
    assert "微信群" in ask_reply(kb, r)


def test_a_a_region_whose_notice_states_no_organisation_is_not_given_another_regions(
        kb: KnowledgeBase) -> None:
    # 酉阳 lists no such clause in its knowledge: the reply never borrows 屯留's 台账
    r = ask(kb, "酉阳 台账按什么建", TODAY)
    assert "户籍人口及常住人口" not in ask_reply(kb, r)
