"""Turn a complete situation into an Answer: which rules apply, in which order, and which wins.

The flow (flow.py) only decides what to ask; this module puts together what the notices
say about the situation. The rules live in their own modules, one function a rule, each
returning its result with what it cites and notes:

- ``identity_rule.py``: tier, the category and its subsidy, several identities;
- ``newborn.py``: the birth-year waiver, the N days to enrol, cover from birth;
- ``payment.py``: the window and days of the month, the cover a payment buys, the surcharge;
- ``students.py``, ``facts.py``: the students' rules, the facts on how to pay.

Where a notice is silent the value is ``None`` and a note says so: no number is ever
filled in from another region or from habit.
"""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import Answer, Contribution, FactView, SourceRef
from bot.engine.facts import facts_in
from bot.engine.identity_rule import (
    Identity,
    assumed_tier,
    identity,
    identity_words_said,
    rule_for_tier,
    total_personal,
)
from bot.engine.newborn import birth_year_free, newborn_status
from bot.engine.notes import InputError, Note
from bot.engine.payment import (
    TOO_LATE,
    Payment,
    Status,
    benefit_dates,
    benefit_period,
    first_of_next_month,
    late_surcharge,
    payment_status,
    stale_note,
    time_not_stated,
)
from bot.engine.said import dedupe, said_of, source_refs
from bot.engine.situation import Situation
from bot.engine.students import student_said
from bot.knowledge.base import KnowledgeBase, Notice, RegionKnowledge

# Other modules import these from here; the rules themselves live in the modules above.
__all__ = ["calculate", "facts_for", "first_of_next_month", "rule_for_tier", "select_notice", "validate",
           "wide_facts_for", "wide_multiple_identities", "wide_rules"]


def select_notice(region: RegionKnowledge, paid_on: dt.date) -> tuple[Notice, bool]:
    """Alias of :meth:`RegionKnowledge.notice_on`, kept while callers move to it."""
    return region.notice_on(paid_on)


def facts_for(kb: KnowledgeBase, region_name: str, topic: str, on: dt.date | None) -> list[FactView]:
    """The facts on ``topic`` for a payment on ``on`` (the latest notice when no day is given).

    It stays beside ``select_notice`` (facts.py importing it would close an import loop);
    once notice selection lives in the knowledge package it can join ``facts_in``."""
    region = kb.regions[region_name]
    notice = select_notice(region, on)[0] if on else region.latest()
    return facts_in([notice, *region.rules], topic, on)


def wide_rules(kb: KnowledgeBase, wide_name: str) -> list[Notice]:
    """The region-wide rules on file for ``wide_name`` (新疆维吾尔自治区)."""
    return [n for n in kb.notices if n.model.kind == "regional_rules" and n.model.region.name == wide_name]


def wide_facts_for(kb: KnowledgeBase, wide_name: str, topic: str) -> list[FactView]:
    """The facts on ``topic`` in the region-wide rules of ``wide_name``, for a question that
    names the province (or a place in it whose own notice is not on file) but no region of
    ours: they hold wherever in it one lives. Every fact, in force on the day or not: the
    reply says from when the rules apply."""
    return facts_in(wide_rules(kb, wide_name), topic, None)


def wide_multiple_identities(kb: KnowledgeBase, wide_name: str) -> list[FactView]:
    """The region-wide rule for a person with several identities ("按哪个算"), as the notice
    words it, where it states one."""
    out = []
    for n in wide_rules(kb, wide_name):
        rule = n.model.rules.multiple_identities
        if rule is not None and rule.rule == "highest" and rule.source and rule.source.quote:
            ref = SourceRef(n.citation, rule.source.clause, n.model.notice.title)
            out.append(FactView("how_much", rule.source.quote, True, [], None, ref))
    return out


def validate(kb: KnowledgeBase, s: Situation) -> RegionKnowledge:
    if s.region is None or s.region not in kb.regions:
        raise InputError("unknown_region", text=s.region or "", choices=list(kb.regions))
    region = kb.regions[s.region]
    if s.paid_on is None:
        raise InputError("missing", slot="paid_on")
    if s.born_on is not None and s.born_on > s.paid_on:
        raise InputError("born_after_payment", born_on=s.born_on, paid_on=s.paid_on)
    notice = select_notice(region, s.paid_on)[0]
    if s.tier is not None and s.tier not in notice.tiers:
        raise InputError("no_such_tier", region=region.name, tier=s.tier, tiers=notice.tier_labels)
    for ident in s.identities or ():
        try:
            notice.category(ident)
        except KeyError:
            raise InputError("unknown_identity", text=ident, region=region.name) from None
    return region


def calculate(kb: KnowledgeBase, s: Situation) -> Answer:
    region = validate(kb, s)
    assert s.paid_on is not None
    notice, stale = select_notice(region, s.paid_on)  # validate chose the same; cheap to redo
    tier = assumed_tier(notice, s.tier)
    who = identity(region, notice, s, tier.tier)
    born = newborn_status(notice, s)
    free = birth_year_free(notice, born, who.category)
    payment = payment_status(notice, s, born, stale)
    # Only an open payment buys a cover worth working out (end_not_stated leaves it unknown).
    cover = benefit_period(notice, s, payment, born) if payment.status.open else None
    untimed = None if stale else time_not_stated(who.category)
    # The verdict that stands, strongest first: a payment time the notice leaves open for this
    # category overrides all the window said; a cover that would begin after the policy year
    # ends makes an open window useless; otherwise the window's own verdict.
    status = untimed.status if untimed else TOO_LATE if cover and cover.too_late else payment.status
    # The figures that stand: a newborn's free birth year replaces the category's; the late
    # surcharge (which reads the verdict above: a payment that does not count owes none)
    # replaces both.
    base_medical = free.medical if free else who.medical
    late = late_surcharge(notice, payment.window, s.paid_on, status.open, born, who.category, base_medical)
    medical = late.medical if late else base_medical
    said = said_of(
        None if who.fixed_tier else tier,  # a category's fixed tier: no tier was assumed after all
        who, free, payment, cover, untimed, late,
        identity_words_said(notice, s), student_said(notice, s.student),
    )
    # The stale note leads: answer.j2 reads notes[0] as it.
    lead = [stale_note(region, notice, s.paid_on)] if stale else []
    return _answer(
        region, notice, s, who, payment,
        medical=medical,
        status=status,
        benefit=benefit_dates(payment, cover, status),
        stale=stale,
        notes=dedupe([*lead, *said.notes]),
        sources=source_refs(said.sources),
    )


def _answer(
    region: RegionKnowledge,
    notice: Notice,
    s: Situation,
    who: Identity,
    payment: Payment,
    *,
    medical: Contribution,
    status: Status,
    benefit: tuple[dt.date | None, dt.date | None],
    stale: bool,
    notes: list[Note],
    sources: list[SourceRef],
) -> Answer:
    """The rules' results written into the Answer (its JSON is a public contract)."""
    assert s.paid_on is not None
    return Answer(
        region=region.name,
        region_short=region.short_name,
        policy_year=notice.policy_year,
        tier=who.tier if notice.tiers else None,
        tier_label=who.tier_label(notice),
        identity=who.name,
        identity_id=who.id,
        newborn=bool(s.newborn),
        born_on=s.born_on,
        student=s.student if s.student not in (None, "none") else None,
        paid_on=s.paid_on,
        medical=medical,
        long_term_care=who.ltc,
        total_personal=total_personal(medical, who.ltc),
        window={"start": payment.shown.start, "end": payment.shown.end},
        window_name=payment.shown.name,
        payment_open=status.open,
        payment_reason=status.reason,
        benefit_start=benefit[0],
        benefit_end=benefit[1],
        stale=stale,
        how_to_pay=facts_in([notice, *region.rules], "how_to_pay", s.paid_on),
        contacts=[c.name for c in notice.model.contacts],
        sources=sources,
        notes=notes,
        alternatives=who.alternatives,
    )
