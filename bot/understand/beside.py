"""The notice's words quoted beside an answer: a rule the figure turns on, or a topic the
question names beside the amount or the date it asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.engine.answer import FactView
from bot.engine.calculator import facts_for, wide_rules
from bot.engine.facts import facts_in
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.slots import CUES, Understood


def beside(
    kb: KnowledgeBase, u: Understood, situation: Situation, rule: list[FactView], today: dt.date
) -> list[FactView]:
    """The facts quoted beside one person's answer."""
    # a newborn's cover or a figure worked out without the birth day: the notice's rule beside it
    found = list(rule) if u.topic == "benefit_start" or u.born_on is None else []
    if u.region is None:
        return found
    on = u.paid_on or today
    if u.topic == "deadline":
        # "低保户要求几号前交完": what the notice asks of their category (乌鲁木齐 五)
        found += [f for f in for_them(facts_for(kb, u.region, "deadline", on), situation.identities)
                  if f.categories]
    found += _new(named_beside(kb, u, on), found)
    if _child_maybe_newborn(kb, u, situation, on):
        found += _new(facts_for(kb, u.region, "newborn", on), found)
    if u.recognised_in:  # "伊犁认定的低保 在乌鲁木齐参保": the province's rule on who subsidises
        found += _new(wide_beside(kb, u.region, "cross_region", on), found)
    if u.compares_tiers:
        # "一档二档有啥区别": besides each tier's figure, what the notice leaves unsaid of benefits
        found += [f for f in facts_for(kb, u.region, "other_benefits", on) if not f.stated]
    return found


def _new(facts: list[FactView], have: list[FactView]) -> list[FactView]:
    return [f for f in facts if f not in have]


def _child_maybe_newborn(kb: KnowledgeBase, u: Understood, s: Situation, on: dt.date) -> bool:
    """"屯留 孩子的医保要交吗": a child whose age is unsaid, where the notice frees a newborn's
    birth year (屯留 三): the ordinary figure first, the newborn rule beside it."""
    if u.region is None or u.newborn or u.student or u.identity_words or s.identities:
        return False
    if u.topic != "how_much":
        return False
    rule = kb.notice_for(u.region, on).model.newborn
    return bool(rule and rule.free_in_birth_year) and any(w in u.text for w in CUES["child_generic"])


def named_beside(kb: KnowledgeBase, u: Understood, on: dt.date) -> list[FactView]:
    """"今年涨了多少", "有等待期不": the notice's words on a topic the question names beside the
    amount or the date it asks (cues.yaml ``beside_topics``)."""
    if u.region is None:
        return []
    # a fact said of some categories only is quoted for them by ``for_them``, never to everyone
    return [f for topic, words in CUES["beside_topics"].items() if any(w in u.text for w in words)
            for f in facts_for(kb, u.region, topic, on) if not f.categories]


def wide_beside(kb: KnowledgeBase, region: str, topic: str, on: dt.date) -> list[FactView]:
    """The local notice is silent: what the province's region-wide rules say on it ("户口在喀什是
    低保 人在乌鲁木齐参保": 48号 二（六）), with the day they apply from when that is later."""
    parent = kb.regions[region].parent
    if parent is None:
        return []
    out = []
    for n in wide_rules(kb, parent):
        start = n.model.notice.effective_from
        later = start if start and on < start else None
        out += [replace(f, in_force_from=later) for f in facts_in([n], topic, None) if f.stated]
    return out


def for_them(facts: list[FactView], identities: tuple[str, ...] | None) -> list[FactView]:
    """Facts for everyone, and those said of a category only for a person in it."""
    return [f for f in facts if not f.categories or set(f.categories) & set(identities or ())]
