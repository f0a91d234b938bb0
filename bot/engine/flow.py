"""The question flow: which question comes next, given the answers so far.

It only routes (GOV.UK Smart Answers style): the options come from the knowledge,
the figures from calculator.py. A question is skipped where its answer cannot change
the result in that region.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.resolve import category_label, notice_for
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase

SLOTS = ("region", "identities", "newborn", "born_on", "student", "tier", "paid_on")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    slot: str
    options: list[Option]
    multi: bool = False  # identities: tick several, then done
    accepts_date: bool = False  # born_on / paid_on: a typed date is fine too
    context: dict = field(default_factory=dict)


def asks_student(kb: KnowledgeBase, s: Situation) -> bool:
    if s.region is None:
        return False
    notice = notice_for(kb, s.region, s.paid_on)
    return any(r.freshman_benefit_start is not None for r in notice.model.students)


def asks_tier(kb: KnowledgeBase, s: Situation) -> bool:
    if s.region is None:
        return False
    notice = notice_for(kb, s.region, s.paid_on)
    if not notice.tiers:
        return False
    cats = [notice.category(i) for i in (s.identities or ()) if i in identity_ids(kb, s)]
    return not (cats and all(c.fixed_tier is not None for c in cats))


def identity_ids(kb: KnowledgeBase, s: Situation) -> set[str]:
    assert s.region is not None
    return {c.id for c in notice_for(kb, s.region, s.paid_on).model.categories}


def missing_slots(kb: KnowledgeBase, s: Situation) -> list[str]:
    """The questions still to ask, in order."""
    out = []
    if s.region is None:
        out.append("region")
    if s.identities is None:
        out.append("identities")
    if s.newborn is None:
        out.append("newborn")
    elif s.newborn and s.born_on is None:
        out.append("born_on")
    if s.student is None and not s.newborn and (s.region is None or asks_student(kb, s)):
        out.append("student")
    if s.tier is None and (s.region is None or asks_tier(kb, s)):
        out.append("tier")
    if s.paid_on is None:
        out.append("paid_on")
    return out


def question_for(kb: KnowledgeBase, s: Situation, slot: str, today: dt.date) -> Question:
    if slot == "region":
        return Question(slot, [Option(name, kb.regions[name].short_name) for name in kb.regions])
    assert s.region is not None
    notice = notice_for(kb, s.region, s.paid_on or today)
    if slot == "identities":
        opts = [Option(c.id, category_label(notice, c.id)) for c in notice.model.categories]
        return Question(slot, opts, multi=True, context={"default": notice.default_category.id})
    if slot == "newborn":
        return Question(slot, [Option("yes", "yes"), Option("no", "no")])
    if slot == "born_on":
        return Question(slot, [], accepts_date=True, context={"today": today})
    if slot == "student":
        kinds = [r.kind for r in notice.model.students if r.freshman_benefit_start is not None]
        return Question(slot, [Option("none", "none")] + [Option(k, k) for k in kinds])
    if slot == "tier":
        opts = [Option(str(st.tier), st.label or str(st.tier)) for st in notice.model.standards]
        labels = dict(zip(notice.tiers, notice.tier_labels, strict=True))
        return Question(slot, opts, context={"standards": {st.tier: st.standard
                                                           for st in notice.model.standards},
                                             "labels": labels})
    if slot == "paid_on":
        windows = [
            {"name": w.name, "start": w.start, "end": w.end, "who": w.who}
            for w in notice.model.windows
        ]
        return Question(slot, [Option(today.isoformat(), "today")], accepts_date=True,
                        context={"today": today, "windows": windows})
    raise ValueError(slot)


def next_step(kb: KnowledgeBase, s: Situation, today: dt.date) -> Question | Answer:
    missing = missing_slots(kb, s)
    if missing:
        return question_for(kb, s, missing[0], today)
    filled = s.with_(student=s.student or "none")
    return calculate(kb, filled)
