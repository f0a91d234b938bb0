"""Who the resident counts as, and what that category pays: tier, subsidy, several identities.

Each rule returns its result together with what it cites and notes (:class:`Said`);
:func:`identity` puts them together in the order the answer lists them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.engine.answer import Contribution, PayerShare
from bot.engine.notes import Note
from bot.engine.said import NOTHING, Cite, Said, said_of
from bot.engine.situation import Situation

if TYPE_CHECKING:
    from bot.knowledge.base import Notice, RegionKnowledge
    from bot.knowledge.models import Category, Source, SubsidyRule


# --- tier ------------------------------------------------------------------------------------


class Tier(NamedTuple):
    tier: int | None
    said: Said


def assumed_tier(notice: Notice, asked: int | None) -> Tier:
    """The tier asked for; where the notice has tiers and none was asked, its first, saying so."""
    if notice.tiers and asked is None:
        return Tier(notice.tiers[0], Said((), (Note("tier_assumed", {"tier": notice.tiers[0]}),)))
    return Tier(asked, NOTHING)


def rule_for_tier(rules: list[SubsidyRule], tier: int | None) -> SubsidyRule | None:
    specific = [r for r in rules if r.tier == tier and tier is not None]
    return specific[0] if specific else next((r for r in rules if r.tier is None), None)


# --- one category's figures ----------------------------------------------------------------


def _subsidy(notice: Notice, rule: SubsidyRule, standard: int, tier: int | None) -> int | None:
    """The subsidy a rule grants, at most the standard; None where the notice gives no sum."""
    subsidy: int | None
    if rule.kind == "none":
        subsidy = 0
    elif rule.kind == "full":
        subsidy = notice.standard(rule.of_tier).standard if rule.of_tier else standard
    elif rule.kind == "amount":
        subsidy = rule.amount
    elif rule.kind == "percent":
        assert rule.percent is not None
        base = notice.standard(rule.of_tier or tier).standard
        subsidy = base * rule.percent // 100  # lint guarantees a whole number of yuan
    else:  # not_stated, not_applicable, exempt
        subsidy = None
    return min(subsidy, standard) if subsidy is not None else None


def contribution(notice: Notice, rule: SubsidyRule | None, standard: int, tier: int | None) -> Contribution:
    if rule is None:
        return Contribution(standard, None, None, [], [], False)
    subsidy = _subsidy(notice, rule, standard, tier)
    return Contribution(
        standard=standard,
        subsidy=subsidy,
        personal=standard - subsidy if subsidy is not None else None,
        subsidy_payers=[p.name for p in rule.payers],
        subsidy_split=[PayerShare(p.name, p.amount) for p in rule.payers],
        payers_stated=rule.payers_stated,
    )


def total_personal(medical: Contribution, ltc: Contribution | None) -> int | None:
    """What the resident pays in all; None when any part of it is unknown."""
    if medical.personal is None or (ltc is not None and ltc.personal is None):
        return None
    return medical.personal + (ltc.personal if ltc and ltc.personal is not None else 0)


class Figures(NamedTuple):
    category: Category
    medical: Contribution
    medical_rule: SubsidyRule | None
    ltc: Contribution | None
    ltc_rule: SubsidyRule | None
    tier: int | None  # the tier the figures are for (a fixed tier replaces the asked one)
    said: Said  # the subsidy rules' clauses

    @property
    def total(self) -> int | None:
        return total_personal(self.medical, self.ltc)


def figures_for(notice: Notice, category: Category, tier: int | None) -> Figures:
    if category.fixed_tier is not None and notice.tiers:
        tier = category.fixed_tier
    standard = notice.standard(tier).standard if notice.model.standards else 0
    medical_rule = rule_for_tier(category.medical, tier)
    medical = contribution(notice, medical_rule, standard, tier)
    ltc = ltc_rule = None
    if notice.model.long_term_care_standard is not None:
        ltc_rule = rule_for_tier(category.long_term_care, tier)
        ltc = contribution(notice, ltc_rule, notice.model.long_term_care_standard.standard, tier)
    cites: tuple[Cite, ...] = ((notice, medical_rule.source),) if medical_rule else ()
    if ltc_rule is not None:
        cites += ((notice, ltc_rule.source),)
    return Figures(category, medical, medical_rule, ltc, ltc_rule, tier, Said(cites))


# --- several identities --------------------------------------------------------------------


def apply_combinations(notice: Notice, ids: list[str]) -> list[str]:
    """A mix the notice names as a category of its own replaces its parts."""
    chosen = list(ids)
    for c in notice.model.categories:
        if c.combination_of and set(c.combination_of) <= set(chosen):
            chosen = [i for i in chosen if i not in c.combination_of] + [c.id]
    return list(dict.fromkeys(chosen))


def combinations_said(notice: Notice, ids: list[str]) -> Said:
    """Cite and name each combination category that replaced its parts."""
    combos = [c for c in map(notice.category, ids) if c.combination_of]
    if not combos:
        return NOTHING
    return Said(
        tuple((notice, c.medical[0].source) for c in combos),
        tuple(Note("combination", {"name": c.name}) for c in combos),
    )


class MultipleRule(NamedTuple):
    rule: str  # "highest" or "not_stated"
    notice: Notice  # the notice that says so
    source: Source | None
    notes: tuple[Note, ...]  # why no rule applies, when none does


def multiple_identity_rule(region: RegionKnowledge, notice: Notice, paid_on: dt.date) -> MultipleRule:
    """The rule for several identities in force on ``paid_on``: local first, then region-wide."""
    local = notice.model.rules.multiple_identities
    assert local is not None
    if local.rule == "highest":
        return MultipleRule("highest", notice, local.source, ())
    notes = [Note.text(local.note)] if local.note else []
    for rules in region.rules:
        wide = rules.model.rules.multiple_identities
        if wide is None or wide.rule != "highest":
            continue
        start = rules.model.notice.effective_from or rules.model.notice.issued_on
        if start is not None and paid_on >= start:
            return MultipleRule("highest", rules, wide.source, ())
        notes.append(Note("rule_not_yet_in_force", {"notice": rules.citation, "since": start,
                                                    "clause": wide.source.clause if wide.source else None}))
    return MultipleRule("not_stated", notice, None, tuple(notes))


def _alternative(f: Figures) -> dict[str, Any]:
    return {"identity": f.category.name, "identity_id": f.category.id,
            "personal": f.medical.personal, "ltc_personal": f.ltc.personal if f.ltc else None,
            "total_personal": f.total}


def _highest(known: list[Figures]) -> Figures:
    """The identity "就高不就低" picks: the lowest personal part; of equal ones, the bigger subsidy."""
    return min(known, key=lambda f: (f.total, -(f.medical.subsidy or 0)))


def _naming_highest(notes: tuple[Note, ...], known: list[Figures]) -> tuple[Note, ...]:
    """A rule not yet in force names the identity it would pick, so the resident knows what
    changes on that day (the notice in force stays silent until then)."""
    if not known:
        return notes
    name = _highest(known).category.name
    return tuple(Note(n.code, {**n.params, "name": name}) if n.code == "rule_not_yet_in_force" else n
                 for n in notes)


class Pick(NamedTuple):
    chosen: Figures | None  # None: several identities and no rule says which one counts
    said: Said
    alternatives: list[dict[str, Any]]


def choose(region: RegionKnowledge, notice: Notice, figures: list[Figures], paid_on: dt.date) -> Pick:
    """One identity's figures out of several: the same anyway, the highest subsidy where a
    rule in force says so, or none (the answer then lists each)."""
    if len(figures) == 1:
        return Pick(figures[0], NOTHING, [])
    rule = multiple_identity_rule(region, notice, paid_on)
    alternatives = [_alternative(f) for f in figures]
    totals = {f.total for f in figures}
    if len(totals) == 1 and None not in totals:
        return Pick(figures[0], Said(notes=(Note("identities_same_figures", {}),)), alternatives)
    known = [f for f in figures if f.total is not None]
    if rule.rule == "highest" and known:
        chosen = _highest(known)
        note = Note("highest_identity", {"name": chosen.category.name, "notice": rule.notice.citation})
        return Pick(chosen, Said(((rule.notice, rule.source),), (note,)), alternatives)
    unclear = Note("identities_unclear", {"contact": notice.model.contacts[0].name})
    return Pick(None, Said(notes=(*_naming_highest(rule.notes, known), unclear)), alternatives)


# --- the identity as a whole -----------------------------------------------------------------


class Identity(NamedTuple):
    category: Category | None  # None: no rule picks one of several identities
    name: str  # the category's name, or the names of all the candidates
    medical: Contribution
    ltc: Contribution | None
    tier: int | None  # the tier applied: asked, assumed or the category's fixed one
    fixed_tier: bool  # the category's own tier replaced the asked or assumed one
    given: list[str]
    alternatives: list[dict[str, Any]]
    said: Said

    @property
    def id(self) -> str | None:
        return self.category.id if self.category else None

    def tier_label(self, notice: Notice) -> str | None:
        return next((st.label for st in notice.model.standards if st.tier == self.tier and self.tier), None)


def fixed_tier_said(notice: Notice, category: Category, asked: int | None) -> Said:
    """A category the notice puts on one tier: cite it, and say so if another was asked."""
    if category.fixed_tier is None or not notice.tiers:
        return NOTHING
    notes = () if asked is None or asked == category.fixed_tier else (
        Note("fixed_tier", {"tier": category.fixed_tier}),)
    return Said(((notice, category.fixed_tier_source),), notes)


def subsidy_said(notice: Notice, figs: Figures) -> Said:
    """What the subsidy rules and the category leave to be said beside the figures."""
    notes: list[Note] = []
    for rule in (figs.medical_rule, figs.ltc_rule):
        if rule and rule.note:
            notes.append(Note.text(rule.note))
        if rule and rule.kind == "not_applicable":
            notes.append(Note("not_applicable", {}))
    rule = figs.medical_rule
    if rule and not rule.payers_stated and figs.medical.subsidy and not rule.note:
        notes.append(Note("payer_not_stated", {"contact": notice.model.contacts[0].name}))
    if figs.category.note:
        notes.append(Note.text(figs.category.note))
    return Said((), tuple(notes)) if notes else NOTHING


def standards_said(notice: Notice, tier: int | None) -> Said:
    ltc = notice.model.long_term_care_standard
    return Said(((notice, notice.standard(tier).source),) + (((notice, ltc.source),) if ltc else ()))


def identity(region: RegionKnowledge, notice: Notice, s: Situation, tier: int | None) -> Identity:
    """The category that applies (``tier`` is the asked or assumed tier) and its figures."""
    assert s.paid_on is not None
    given = list(s.identities or ())
    ids = apply_combinations(notice, given) if given else [notice.default_category.id]
    figures = [figures_for(notice, notice.category(i), tier) for i in ids]
    pick = choose(region, notice, figures, s.paid_on)
    combos = combinations_said(notice, ids)
    if pick.chosen is None:
        return _undecided(notice, figures, tier, given, pick, combos)
    return _decided(notice, pick.chosen, s.tier, given, pick, combos)


def _decided(
    notice: Notice, figs: Figures, asked: int | None, given: list[str], pick: Pick, combos: Said
) -> Identity:
    """One category applies: its figures, its fixed tier, what its rules leave to be said."""
    category = figs.category
    tier = figs.tier if notice.tiers else None
    return Identity(
        category=category, name=category.name, medical=figs.medical, ltc=figs.ltc, tier=tier,
        fixed_tier=category.fixed_tier is not None and bool(notice.tiers),
        given=given, alternatives=pick.alternatives,
        said=said_of(combos, pick, figs, fixed_tier_said(notice, category, asked), subsidy_said(notice, figs),
                     standards_said(notice, tier)),
    )


def _undecided(
    notice: Notice, figures: list[Figures], tier: int | None, given: list[str], pick: Pick, combos: Said
) -> Identity:
    """Several identities and no rule picks one: the standard is known, who pays what is not."""
    ltc_std = notice.model.long_term_care_standard
    return Identity(
        category=None,
        name="、".join(f.category.name for f in figures),  # the enumeration comma the notices use
        medical=Contribution(notice.standard(tier).standard, None, None, [], [], False),
        ltc=Contribution(ltc_std.standard, None, None, [], [], False) if ltc_std else None,
        tier=tier, fixed_tier=False, given=given, alternatives=pick.alternatives,
        said=said_of(combos, pick, standards_said(notice, tier)),
    )


def identity_words_said(notice: Notice, s: Situation) -> Said:
    """Words read as a category although they were ambiguous, and words the notice lists no
    subsidy for."""
    if not s.assumed and not s.unlisted:
        return NOTHING
    ids = {c.id for c in notice.model.categories}
    aliases = {a.alias: a for a in notice.model.ambiguous_aliases}
    assumed = tuple(_assumed_note(notice, aliases, word, cid) for word, cid in s.assumed if cid in ids)
    where = {"notice": notice.citation, "contact": notice.model.contacts[0].name}
    unlisted = tuple(Note("identity_not_listed", {"text": text, **where}) for text in s.unlisted)
    return Said(notes=assumed + unlisted)


def _assumed_note(notice: Notice, aliases: dict, word: str, cid: str) -> Note:
    """An ambiguous word whose meanings cost the same, or a grade the table does not list
    ("三级残疾" where only 1、2级 are listed) read as the notice's case for the other grades."""
    if word in aliases:
        return Note("ambiguous_same", {"alias": word, "chosen": notice.category(cid).name})
    amb = next((a for alias, a in aliases.items() if word.endswith(alias)), None)
    label = next((c.label for c in amb.candidates if c.category == cid and c.label), None) if amb else None
    return Note("grade_not_listed", {"word": word, "chosen": label or notice.category(cid).name,
                                     "note": amb.note if amb else None})
