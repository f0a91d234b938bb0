"""A question the notices answer in words rather than figures: which of their facts are quoted."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from bot.engine.answer import FactView
from bot.engine.calculator import facts_for, wide_facts_for, wide_rules
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.vocabulary import TOPICS
from bot.understand.beside import for_them, named_beside, wide_beside
from bot.understand.result import ORDINARY
from bot.understand.slots import CUES, Understood
from bot.understand.topics import CALCULATED, asks_refund

# Topics answered from the knowledge's facts rather than by calculation.
FACT_TOPICS = frozenset(TOPICS) - set(CALCULATED)


def facts(
    kb: KnowledgeBase, u: Understood, today: dt.date, identities: tuple[str, ...] | None = None
) -> tuple[list[str], list[FactView]]:
    """(still missing, the facts quoted)."""
    if u.region is None:
        return _everywhere(kb, u, u.paid_on or today)
    on = u.paid_on or today
    found = for_them(facts_for(kb, u.region, u.topic, on), identities)
    if found and not any(f.stated for f in found) and set(identities or ()) - {ORDINARY}:
        # the region-wide rules (48号) are about the subsidised: quoted for one of them only
        found += wide_beside(kb, u.region, u.topic, on)
    found = _asked_of(kb, u, found)
    if u.topic == "newborn":
        found += facts_for(kb, u.region, "registration", on)
    found += [f for f in named_beside(kb, u, on) if f not in found]  # "…有等待期不"
    if u.topic == "identity_change" and asks_refund(u.text):
        # "刚评上低保 多交的钱能退不": the new status's rule, and what the notice says of refunds
        found += [f for f in facts_for(kb, u.region, "refund", on) if f not in found]
    return [], found


def _asked_of(kb: KnowledgeBase, u: Understood, found: list[FactView]) -> list[FactView]:
    """Only the facts about whom and what the question asks of."""
    if u.topic == "other_benefits":
        found = _benefits_asked(u.text, found)
    if u.topic == "student" and u.student != "university":  # its silence on 大学生 is not a pupil's answer
        found = [f for f in found if f.stated] or found
    if u.topic == "student" and not _studies_away(kb, u):
        found = [f for f in found if not f.away_only]
    return found


def _everywhere(kb: KnowledgeBase, u: Understood, on: dt.date) -> tuple[list[str], list[FactView]]:
    """No region named, on a topic every notice states alike (cues.yaml ``same_in_every_notice``:
    who joins resident insurance): each region's own words, each cited, rather than a question
    back. A region is asked where one of them does not state it."""
    topic = u.topic
    if topic in CUES["every_notice_that_speaks"]:
        return _where_stated(kb, u, on)
    if topic not in CUES["same_in_every_notice"]:
        return ["region"], []
    found = {name: [f for f in facts_for(kb, name, topic, on) if f.stated and not f.categories]
             for name in kb.regions}
    if not all(found.values()):
        return ["region"], []
    return [], [replace(f, place=kb.regions[name].short_name) for name, facts in found.items() for f in facts]


def _where_stated(kb: KnowledgeBase, u: Understood, on: dt.date) -> tuple[list[str], list[FactView]]:
    """"低保的身份信息谁推给医保局", "门诊报多少": what each notice says of it, or its silence and
    whom to ask (the region-wide rules too, from the day they apply), each cited; the region is
    asked only where no notice has a word on it."""
    wide = {n.citation for n in kb.notices if n.model.kind == "regional_rules"}
    found = []
    for name, region in kb.regions.items():
        own = [f for f in facts_for(kb, name, u.topic, on)
               if not f.categories and not (f.source and f.source.notice in wide)]
        found += [replace(f, place=region.short_name) for f in _asked_of_all(u, own)]
    found += _province_facts(kb, u.topic, on)
    return ([], found) if found else (["region"], [])


def _province_facts(kb: KnowledgeBase, topic: str, on: dt.date) -> list[FactView]:
    """The region-wide rules' words on ``topic``, saying from when they apply if not yet on ``on``."""
    found = []
    for province in dict.fromkeys(rk.parent for rk in kb.regions.values() if rk.rules):
        assert province is not None
        start = min((n.model.notice.effective_from for n in wide_rules(kb, province)
                     if n.model.notice.effective_from), default=None)
        later = start if start is not None and on < start else None
        found += [replace(f, place=province, in_force_from=later)
                  for f in wide_facts_for(kb, province, topic) if f.stated]
    return found


def _asked_of_all(u: Understood, found: list[FactView]) -> list[FactView]:
    """One notice's facts on what the question asks of, for a reply quoting every notice."""
    return _benefits_asked(u.text, found) if u.topic == "other_benefits" else found


def _benefits_asked(text: str, facts: list[FactView]) -> list[FactView]:
    """"门诊报销比例多少": a stated fact on another benefit (大病, 生育) does not answer it; what
    the notice leaves unstated does. A fact is kept when it names a kind of benefit the
    question names (cues.yaml ``benefit_kinds``)."""
    kinds = [k for k in CUES["benefit_kinds"] if any(w in text for w in k)]
    silent = [f for f in facts if not f.stated]
    if not silent:
        return facts
    named = [f for f in facts if f.stated and any(w in f.text for k in kinds for w in k)]
    return named or silent


_STUDY_PLACE = re.compile(r"在([^\s，。,？?！!在]{2,6}?)(?:上|读|念)")


def _studies_away(kb: KnowledgeBase, u: Understood) -> bool:
    """"娃在呼和浩特上大学": the school is named outside the region, its province included
    (酉阳's "在重庆读大学" is at home: the notice's 在渝高校)."""
    m = _STUDY_PLACE.search(u.text)
    if m is None or u.region is None:
        return False
    place, region = m.group(1), kb.regions[u.region]
    home = [region.name, region.short_name, *(region.parent or "",)]
    return not any(h and (place.startswith(h[:2]) or h.startswith(place)) for h in home)
