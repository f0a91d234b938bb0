"""Turn a complete situation into an Answer. All money and date rules live here.

The flow (flow.py) only decides what to ask; this module decides what the notices
say about the situation. Where a notice is silent the value is ``None`` and a note
says so: no number is ever filled in from another region or from habit.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.engine.answer import Answer, Contribution, FactView, SourceRef
from bot.engine.facts import facts_in
from bot.engine.identity_rule import assumed_tier, identity, rule_for_tier
from bot.engine.notes import InputError, Note
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice, RegionKnowledge

if TYPE_CHECKING:
    from bot.knowledge.models import Source, Window

# Other modules import these from here; the rules themselves live in the modules above.
__all__ = ["calculate", "facts_for", "first_of_next_month", "rule_for_tier", "select_notice", "validate"]


class _Sources:
    def __init__(self) -> None:
        self.items: list[SourceRef] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, notice: Notice, source: Source | None) -> None:
        if source is None:
            return
        key = (notice.citation, source.clause)
        if key not in self._seen:  # one title per citation, so the pair names the ref
            self._seen.add(key)
            self.items.append(SourceRef(notice.citation, source.clause, notice.model.notice.title))


def first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def select_notice(region: RegionKnowledge, paid_on: dt.date) -> tuple[Notice, bool]:
    """The notice whose policy year a payment on ``paid_on`` belongs to, and whether the
    date lies past every policy year on file (stale)."""
    covering = [n for n in region.notices if n.first_day <= paid_on <= n.last_day]
    if covering:
        # Late payment for one year may overlap the next year's collection: prefer the
        # newer year only when its collection has begun (it is the one being sold).
        return covering[-1], False
    if paid_on > region.latest().last_day:
        return region.latest(), True
    upcoming = [n for n in region.notices if paid_on < n.first_day]
    return upcoming[0], False


def _windows_for(notice: Notice, situation: Situation) -> list[Window]:
    born = situation.born_on
    return [
        w
        for w in notice.model.windows
        if w.who == "everyone"
        or (w.who == "newborns_born_in_year" and born is not None and born.year == w.born_in_year)
    ]


def _newborn_of_year(notice: Notice, situation: Situation) -> bool:
    """Born inside the policy year itself (the notices' newborn rules are about them)."""
    period = notice.model.benefit_period
    return bool(
        situation.newborn and situation.born_on and period and situation.born_on >= period.start
    )


def facts_for(kb: KnowledgeBase, region_name: str, topic: str, on: dt.date | None) -> list[FactView]:
    """The facts on ``topic`` for a payment on ``on`` (the latest notice when no day is given).

    It stays beside ``select_notice`` (facts.py importing it would close an import loop);
    once notice selection lives in the knowledge package it can join ``facts_in``."""
    region = kb.regions[region_name]
    notice = select_notice(region, on)[0] if on else region.latest()
    return facts_in([notice, *region.rules], topic, on)


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
        raise InputError("no_such_tier", region=region.name, tier=s.tier, tiers=notice.tiers)
    for ident in s.identities or ():
        try:
            notice.category(ident)
        except KeyError:
            raise InputError("unknown_identity", text=ident, region=region.name) from None
    return region


def calculate(kb: KnowledgeBase, s: Situation) -> Answer:
    region = validate(kb, s)
    assert s.paid_on is not None
    paid_on = s.paid_on
    notice, stale = select_notice(region, paid_on)  # validate chose the same; cheap to redo
    model = notice.model
    period = model.benefit_period
    assert period is not None
    src = _Sources()
    notes: list[Note] = []

    tier_rule = assumed_tier(notice, s.tier)
    who = identity(region, notice, s, tier_rule.tier)
    # A category with a tier of its own (fixed_tier) makes the assumed-tier note wrong.
    notes.extend(() if who.fixed_tier else tier_rule.said.notes)
    notes.extend(who.said.notes)
    for cited, source in who.said.sources:
        src.add(cited, source)
    tiers = notice.tiers
    tier, category, medical, ltc = who.tier, who.category, who.medical, who.ltc
    given, alternatives = who.given, who.alternatives
    identity_name, identity_id = who.name, (category.id if category else None)

    # --- newborn -----------------------------------------------------------------------------
    newborn_rule = model.newborn
    assert newborn_rule is not None
    of_year = _newborn_of_year(notice, s)
    within = None
    if s.newborn and s.born_on is not None and newborn_rule.within_days is not None:
        within = (paid_on - s.born_on).days <= newborn_rule.within_days
    if of_year and newborn_rule.free_in_birth_year and category is not None:
        src.add(notice, newborn_rule.source)
        medical = Contribution(0, 0, 0, [], [], True)
        notes.append(Note("free_in_birth_year", {}))

    # --- window and payment -----------------------------------------------------------------
    windows = _windows_for(notice, s)
    window = next(
        (w for w in windows if w.start <= paid_on and (w.end is None or paid_on <= w.end)), None
    )
    payment_open: bool | None
    reason: str
    benefit_start: dt.date | None = None
    benefit_end: dt.date | None = period.end
    src.add(notice, period.source)
    if period.note:
        notes.append(Note.text(period.note))
    collection = next((w for w in model.windows if w.is_collection), model.windows[0])
    shown_window = window or collection

    if stale:
        payment_open, reason = False, "stale"
        benefit_start = benefit_end = None
        notes.insert(0, Note("stale", {"years": region.policy_years(), "paid_on": paid_on,
                                       "contact": model.contacts[0].name}))
    elif of_year and within and newborn_rule.enrol_any_day_within_days:
        payment_open, reason = True, "newborn_within_days"
        src.add(notice, newborn_rule.source)
    elif of_year and newborn_rule.free_in_birth_year:
        payment_open, reason = True, "newborn_free"
    elif window is None:
        payment_open = False
        if paid_on < notice.first_day:
            reason = "before_start"
            notes.append(Note("before_start", {"start": notice.first_day}))
        else:
            reason = "closed"
            catch_up = [w for w in model.windows if w.who != "everyone" and paid_on <= (w.end or paid_on)]
            notes.append(Note("closed", {"contact": model.contacts[0].name,
                                         "catch_up": [w.name for w in catch_up]}))
        benefit_start = benefit_end = None
    elif window.end is None and window.surely_open_until and paid_on > window.surely_open_until:
        payment_open, reason = None, "end_not_stated"
        notes.append(Note.text(window.end_note or ""))
    elif window.days_of_month and not (
        window.days_of_month.first <= paid_on.day <= window.days_of_month.last
    ):
        payment_open, reason = False, "day_of_month"
        src.add(notice, window.source)
        nxt = first_of_next_month(paid_on).replace(day=window.days_of_month.first)
        last_day = window.end
        notes.append(Note("day_of_month", {"first": window.days_of_month.first,
                                           "last": window.days_of_month.last,
                                           "next": nxt if last_day is None or nxt <= last_day else None}))
        benefit_start = None
    else:
        payment_open, reason = True, "in_window"
    if window is not None and not stale:
        src.add(notice, window.source)
        if window.conditional:
            notes.append(Note.text(window.conditional))
        if window.note:
            notes.append(Note.text(window.note))
        if window.end is None and reason == "in_window" and window.end_note:
            notes.append(Note.text(window.end_note))

    # --- benefit period -------------------------------------------------------------------
    if payment_open is not False and not stale and reason != "end_not_stated":
        start_rule = window.benefit_start if window else None
        if reason in ("newborn_within_days", "newborn_free") and s.born_on is not None:
            src.add(notice, newborn_rule.source)
            if newborn_rule.benefit_from_birth:
                benefit_start = max(s.born_on, period.start)
            else:
                benefit_start = None
                notes.append(Note("newborn_start_not_stated", {"contact": model.contacts[0].name}))
        elif start_rule is None:
            benefit_start = None
        elif start_rule.kind == "fixed":
            benefit_start = start_rule.date
        elif start_rule.kind == "next_month":
            benefit_start = first_of_next_month(paid_on)
        elif start_rule.kind == "next_day":
            benefit_start = paid_on + dt.timedelta(days=1)
        else:
            benefit_start = None
            if start_rule.note:
                notes.append(Note.text(start_rule.note))
        if benefit_start is not None and benefit_end is not None and benefit_start > benefit_end:
            payment_open, reason = False, "too_late_in_year"
            notes.append(Note("too_late_in_year", {"end": benefit_end}))
            benefit_start = benefit_end = None
        if s.newborn and s.born_on and within is False and of_year:
            notes.append(Note("newborn_after_days", {"days": newborn_rule.within_days}))
        if s.newborn and newborn_rule.no_waiting_period and within:
            notes.append(Note("no_waiting_period", {"days": newborn_rule.within_days}))
        if s.newborn and newborn_rule.note:
            notes.append(Note.text(newborn_rule.note))
    if category is not None and category.payment_time_note and not stale:
        payment_open, reason = None, "time_not_stated"
        notes.append(Note.text(category.payment_time_note))

    # --- late surcharge (乌鲁木齐 一（五）) ------------------------------------------------------
    surcharge = window.surcharge if window and not stale else None
    if surcharge and paid_on > surcharge.after and payment_open is not False:
        exempt = (surcharge.exempt_newborns and of_year) or (
            surcharge.exempt_medical_assistance and category is not None and category.medical_assistance
        )
        src.add(notice, surcharge.source)
        if exempt:
            notes.append(Note("surcharge_exempt", {"after": surcharge.after}))
        elif medical.personal is not None or category is None:
            medical = Contribution(None, None, None, medical.subsidy_payers, medical.subsidy_split,
                                   medical.payers_stated)
            notes.append(Note.text(surcharge.note))

    for alias, cid in s.assumed:
        if cid in {c.id for c in model.categories}:
            notes.append(Note("ambiguous_same", {"alias": alias, "chosen": notice.category(cid).name}))
    for text in s.unlisted:
        notes.append(Note("identity_not_listed", {"text": text, "notice": notice.citation,
                                                  "contact": model.contacts[0].name}))

    # --- students ---------------------------------------------------------------------------
    for rule in model.students:
        if s.student == rule.kind:
            src.add(notice, rule.source)
            notes.append(Note.text(rule.note))

    total: int | None = None
    if medical.personal is not None and (ltc is None or ltc.personal is not None):
        total = medical.personal + (ltc.personal if ltc and ltc.personal is not None else 0)

    how_to_pay = facts_in([notice, *region.rules], "how_to_pay", paid_on)
    tier_label = next((st.label for st in model.standards if st.tier == tier and tier), None)
    return Answer(
        region=region.name,
        region_short=region.short_name,
        policy_year=notice.policy_year,
        tier=tier if tiers else None,
        tier_label=tier_label,
        identity=identity_name,
        identity_id=identity_id,
        identities_given=given,
        newborn=bool(s.newborn),
        born_on=s.born_on,
        student=s.student if s.student not in (None, "none") else None,
        paid_on=paid_on,
        medical=medical,
        long_term_care=ltc,
        total_personal=total,
        window={"start": shown_window.start, "end": shown_window.end},
        window_name=shown_window.name,
        payment_open=payment_open,
        payment_reason=reason,
        benefit_start=benefit_start,
        benefit_end=benefit_end if payment_open is not False else None,
        stale=stale,
        how_to_pay=how_to_pay,
        contacts=[c.name for c in model.contacts],
        sources=src.items,
        notes=_dedupe(notes),
        alternatives=alternatives,
    )


def _dedupe(notes: list[Note]) -> list[Note]:
    seen: list[Note] = []
    for n in notes:
        if n not in seen:
            seen.append(n)
    return seen
