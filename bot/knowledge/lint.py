"""Checks across a notice's facts that a schema alone cannot express.

Each finding names file, line and field, like a loader error, so a maintainer can go
straight to the spot.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.errors import KnowledgeError, display_path
from bot.knowledge.vocabulary import TOPICS

if TYPE_CHECKING:
    from bot.knowledge.models import SubsidyRule

# Topics every local notice must state or explicitly mark as not stated: all but the few only
# some notices cover.
_OPTIONAL_TOPICS = ("student", "other_benefits", "long_term_care", "scope", "fiscal_subsidy",
                   "subsidy_funding", "effective_date", "identity_lists", "price_change", "coverage_target",
                   "organisation", "collector")
REQUIRED_TOPICS = tuple(t for t in TOPICS if t not in _OPTIONAL_TOPICS)


def _err(n: Notice, loc: tuple, message: str) -> KnowledgeError:
    field = ""
    for part in loc:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return KnowledgeError(display_path(n.loaded.path), n.loaded.line_of(*loc), field, message)


def lint_notice(n: Notice) -> list[KnowledgeError]:
    m = n.model
    if m.kind != "local":
        if m.standards or m.categories or m.windows:
            return [_err(n, ("kind",), "region-wide rules hold no standards, categories or windows")]
        return []
    return [*_lint_ids(n), *_lint_aliases(n), *_lint_places(n), *_lint_categories(n),
            *_lint_fact_categories(n), *_lint_windows(n),
            *_lint_topics(n)]


def _lint_places(n: Notice) -> list[KnowledgeError]:
    """Each short form begins one of the official names; a place is listed once; a lookalike is
    neither an alias nor a place of this region (it would hide them)."""
    r = n.model.region
    errors: list[KnowledgeError] = []
    if r.places is not None:
        names = r.places.names
        for i, place in enumerate(names):
            if names.index(place) != i:
                errors.append(_err(n, ("region", "places", "names"), f"place {place!r} is listed twice"))
        for short in r.places.short:
            if not any(name.startswith(short) and name != short for name in names):
                errors.append(_err(n, ("region", "places", "short"),
                                   f"short form {short!r} begins none of places.names"))
    for word, name in r.places.everyday.items() if r.places else ():
        if name not in r.places.names:
            errors.append(_err(n, ("region", "places", "everyday"),
                               f"{word!r} names {name!r}, not in places.names"))
    for name in r.places.keep_suffix if r.places else ():
        if name not in r.places.names:
            errors.append(_err(n, ("region", "places", "keep_suffix"), f"{name!r} is not in places.names"))
    ours = {r.name, *r.aliases, *(r.places.names if r.places else ()), *(r.places.short if r.places else ())}
    for word in r.lookalikes:
        if word in ours:
            errors.append(_err(n, ("region", "lookalikes"), f"lookalike {word!r} is also a name of {r.name}"))
    return errors


def _lint_ids(n: Notice) -> list[KnowledgeError]:
    """Category ids once each, one default category, distinct tier numbers."""
    m = n.model
    errors: list[KnowledgeError] = []
    ids = [c.id for c in m.categories]
    for i, cid in enumerate(ids):
        if ids.index(cid) != i:
            errors.append(_err(n, ("categories", i, "id"), f"category id {cid!r} is used twice"))
    defaults = [i for i, c in enumerate(m.categories) if c.default]
    if len(defaults) != 1:
        errors.append(_err(n, ("categories",), "exactly one category needs `default: true` "
                                               f"(the ordinary resident); found {len(defaults)}"))
    tiers = [s.tier for s in m.standards]
    if len(m.standards) > 1 and (None in tiers or len(set(tiers)) != len(tiers)):
        errors.append(_err(n, ("standards",), "several standards need distinct `tier` numbers"))
    return errors


def _lint_aliases(n: Notice) -> list[KnowledgeError]:
    """One category per word, unless the word is declared ambiguous (and then only there)."""
    m = n.model
    errors: list[KnowledgeError] = []
    ids = {c.id for c in m.categories}
    owner: dict[str, list[str]] = defaultdict(list)
    for c in m.categories:
        for word in {c.name, *c.aliases}:
            owner[word].append(c.id)
    declared = {a.alias for a in m.ambiguous_aliases}
    for i, c in enumerate(m.categories):
        for j, word in enumerate(c.aliases):
            if len(owner[word]) > 1 and word not in declared:
                errors.append(_err(n, ("categories", i, "aliases", j),
                                   f"alias {word!r} names several categories {owner[word]}; "
                                   "declare it under ambiguous_aliases"))
            if word in declared:
                errors.append(_err(n, ("categories", i, "aliases", j),
                                   f"alias {word!r} is also declared ambiguous; keep one"))
    for i, a in enumerate(m.ambiguous_aliases):
        if a.plain is not None and a.plain not in {c.category for c in a.candidates}:
            errors.append(_err(n, ("ambiguous_aliases", i, "plain"),
                               f"{a.plain!r} is not one of its candidates"))
        for j, cand in enumerate(a.candidates):
            if cand.category not in ids:
                errors.append(_err(n, ("ambiguous_aliases", i, "candidates", j, "category"),
                                   f"no category {cand.category!r}"))
    return errors


def _lint_categories(n: Notice) -> list[KnowledgeError]:
    """What each category refers to exists, and its subsidy rules add up."""
    m = n.model
    errors: list[KnowledgeError] = []
    ids = {c.id for c in m.categories}
    tiers = [s.tier for s in m.standards]
    for i, c in enumerate(m.categories):
        for j, part in enumerate(c.combination_of):
            if part not in ids:
                errors.append(_err(n, ("categories", i, "combination_of", j), f"no category {part!r}"))
        if c.fixed_tier is not None and (c.fixed_tier not in tiers or c.fixed_tier_source is None):
            errors.append(_err(n, ("categories", i, "fixed_tier"),
                               "fixed_tier must name a tier in standards and have fixed_tier_source"))
        for key, rules in (("medical", c.medical), ("long_term_care", c.long_term_care)):
            if key == "long_term_care" and rules and m.long_term_care_standard is None:
                errors.append(_err(n, ("categories", i, key), "no long_term_care_standard for these"))
            errors.extend(_lint_rules(n, i, key, rules, tiers))
    return errors


def _lint_fact_categories(n: Notice) -> list[KnowledgeError]:
    ids = {c.id for c in n.model.categories}
    return [_err(n, ("facts", i, "categories", j), f"no category {cid!r}")
            for i, f in enumerate(n.model.facts) for j, cid in enumerate(f.categories) if cid not in ids]


def _lint_topics(n: Notice) -> list[KnowledgeError]:
    topics = {f.topic for f in n.model.facts}
    return [_err(n, ("facts",), f"no fact for topic {topic!r}: state it, or add it "
                                "with `stated: false` and `ask`")
            for topic in REQUIRED_TOPICS if topic not in topics]


def _lint_rules(n: Notice, i: int, key: str, rules: list, tiers: list) -> list[KnowledgeError]:
    m = n.model
    standard_of = {s.tier: s.standard for s in m.standards}
    if key == "long_term_care" and m.long_term_care_standard is not None:
        standard_of = {t: m.long_term_care_standard.standard for t in standard_of}
    rule_tiers = [r.tier for r in rules]
    errors = []
    if len(set(rule_tiers)) != len(rule_tiers):
        errors.append(_err(n, ("categories", i, key), "two rules for the same tier"))
    for j, r in enumerate(rules):
        errors.extend(_lint_rule(n, ("categories", i, key, j), r, tiers, standard_of,
                                 m.categories[i].fixed_tier))
    return errors


def _lint_rule(n: Notice, loc: tuple, r: SubsidyRule, tiers: list, standard_of: dict[int | None, int],
               fixed_tier: int | None) -> list[KnowledgeError]:
    """One subsidy rule: its tiers exist, its figures are whole yuan within the standard, and
    its payers' amounts add up."""
    errors = []
    if r.tier is not None and r.tier not in tiers:
        errors.append(_err(n, (*loc, "tier"), f"tier {r.tier} is not in standards"))
    if r.of_tier is not None and r.of_tier not in tiers:
        errors.append(_err(n, (*loc, "of_tier"), f"tier {r.of_tier} is not in standards"))
    if r.kind == "percent" and r.percent is not None:
        base = standard_of.get(r.of_tier or r.tier)
        for t, std in standard_of.items():
            b = base if base is not None else std
            if (b * r.percent) % 100:
                errors.append(_err(n, (*loc, "percent"), f"{r.percent}% of {b} is not whole yuan (tier {t})"))
    if r.kind == "amount" and r.amount is not None:
        for t, std in standard_of.items():
            if (r.tier is None or r.tier == t) and r.amount > std:
                errors.append(_err(n, (*loc, "amount"), f"subsidy {r.amount} exceeds standard {std}"))
    shares = [p.amount for p in r.payers if p.amount is not None]
    if r.kind == "amount" and shares and sum(shares) != r.amount:
        errors.append(_err(n, (*loc, "payers"), f"payer amounts add up to {sum(shares)}, not {r.amount}"))
    if r.kind == "full" and shares:
        errors.extend(_lint_full_payers(n, loc, r, shares, standard_of, fixed_tier))
    return errors


def _lint_full_payers(n: Notice, loc: tuple, r: SubsidyRule, shares: list[int],
                      standard_of: dict[int | None, int], fixed_tier: int | None) -> list[KnowledgeError]:
    """Payers of a full subsidy must pay what the engine says it is, in every tier the rule
    covers. Only the certain cases: amounts for every payer that miss the subsidy, or
    amounts for some payers that already exceed it (the others cannot pay less than 0)."""
    medical_of = {s.tier: s.standard for s in n.model.standards}
    for tier, standard in standard_of.items():
        if (r.tier is not None and tier != r.tier) or (fixed_tier is not None and tier != fixed_tier):
            continue
        # As the engine computes it: the standard of `of_tier` when given, never above the tier's own.
        subsidy = min(medical_of.get(r.of_tier, standard) if r.of_tier else standard, standard)
        every_payer = len(shares) == len(r.payers)
        if sum(shares) > subsidy or (every_payer and sum(shares) != subsidy):
            in_tier = f" in tier {tier}" if tier is not None else ""
            return [_err(n, (*loc, "payers"), f"payer amounts add up to {sum(shares)}, but kind: full "
                                              f"pays the whole {subsidy}{in_tier}")]
    return []


def _lint_windows(n: Notice) -> list[KnowledgeError]:
    errors = []
    windows = n.model.windows
    for i, a in enumerate(windows):
        for j in range(i + 1, len(windows)):
            b = windows[j]
            same_people = a.who == b.who and a.born_in_year == b.born_in_year
            a_end, b_end = a.end or a.surely_open_until, b.end or b.surely_open_until
            if same_people and a_end and b_end and a.start <= b_end and b.start <= a_end:
                errors.append(_err(n, ("windows", j), f"window {b.id!r} overlaps {a.id!r}"))
    if not any(w.is_collection for w in windows):
        errors.append(_err(n, ("windows",), "one window needs `is_collection: true`"))
    return errors


def lint(kb: KnowledgeBase) -> list[KnowledgeError]:
    errors: list[KnowledgeError] = []
    for n in kb.notices:
        errors.extend(lint_notice(n))
    seen: dict[str, str] = {}
    for rk in kb.regions.values():
        for key, words in (("aliases", rk.aliases), ("places", rk.places)):
            for word in words:
                if seen.setdefault(word, rk.name) != rk.name:
                    n = rk.notices[0]
                    loc = ("region", "aliases") if key == "aliases" else ("region", "places")
                    errors.append(_err(n, loc, f"{'alias' if key == 'aliases' else 'place'} {word!r} "
                                               f"also names {seen[word]}"))
        years = [n.policy_year for n in rk.notices]
        for n in rk.notices:
            if years.count(n.policy_year) > 1:
                errors.append(_err(n, ("notice", "policy_year"),
                                   f"{rk.name} has two notices for {n.policy_year}"))
    return errors
