"""The question flow: which question comes next, given the answers so far.

It only routes (GOV.UK Smart Answers style): the questions and when each is skipped are
declared in slots.py, the options come from the knowledge, the figures from calculator.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.resolve import category_label
from bot.engine.situation import Situation
from bot.engine.slots import missing_slots, slot
from bot.knowledge.base import KnowledgeBase


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    slot: str
    options: list[Option]
    context: dict = field(default_factory=dict)

    @property
    def multi(self) -> bool:  # identities: tick several, then done
        return slot(self.slot).kind == "multi"

    @property
    def accepts_date(self) -> bool:  # born_on / paid_on: a typed date is fine too
        return slot(self.slot).kind == "date"


def question_for(kb: KnowledgeBase, s: Situation, name: str, today: dt.date) -> Question:
    """The question for slot ``name``: its options from the knowledge, and what its prompt shows."""
    if name == "region":
        return Question(name, [Option(region, kb.regions[region].short_name) for region in kb.regions])
    assert s.region is not None
    notice = kb.notice_for(s.region, s.paid_on or today)
    if name == "identities":
        opts = [Option(c.id, category_label(notice, c.id)) for c in notice.model.categories]
        return Question(name, opts, context={"default": notice.default_category.id})
    if slot(name).kind == "yes_no":  # worded by the slot's branch of questions.j2 option()
        return Question(name, [Option("yes", "yes"), Option("no", "no")])
    if name == "born_on":
        return Question(name, [], context={"today": today})
    if name == "student":
        kinds = [r.kind for r in notice.model.students if r.freshman_benefit_start is not None]
        return Question(name, [Option("none", "none")] + [Option(k, k) for k in kinds])
    if name == "tier":
        opts = [Option(str(st.tier), st.label or str(st.tier)) for st in notice.model.standards]
        labels = dict(zip(notice.tiers, notice.tier_labels, strict=True))
        return Question(name, opts, context={"standards": {st.tier: st.standard
                                                           for st in notice.model.standards},
                                             "labels": labels})
    if name == "paid_on":
        windows = [
            {"name": w.name, "start": w.start, "end": w.end, "who": w.who}
            for w in notice.model.windows
        ]
        return Question(name, [Option(today.isoformat(), "today")],
                        context={"today": today, "windows": windows})
    raise ValueError(name)


def next_step(kb: KnowledgeBase, s: Situation, today: dt.date) -> Question | Answer:
    missing = missing_slots(kb, s)
    if missing:
        return question_for(kb, s, missing[0], today)
    filled = s.with_(newborn=bool(s.newborn), student=s.student or "none")  # unsaid: the ordinary case
    return calculate(kb, filled)
