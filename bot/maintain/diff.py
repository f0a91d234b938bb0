"""What residents would be told differently between two versions of ``knowledge/``.

Both versions are asked the same questions (the matrix in :mod:`bot.maintain.matrix`)
and every field of every answer is compared. The text report groups identical changes:
one row per region, identities, tier, field and old → new, listing the sample dates.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.engine.resolve import category_label
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.maintain.matrix import axes, iter_axes, key_of, region_categories, region_tiers
from bot.present import answer_json

ANSWERED = "answered"  # shown for the `error` field when a version gives an answer


@dataclass(frozen=True)
class Change:
    region: str
    category: str  # category id
    label: str  # its short label, for people
    tier: int | None
    newborn: bool
    date: dt.date
    field: str
    old: Any
    new: Any

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region, "identity": self.category, "identity_label": self.label,
            "tier": self.tier, "newborn": self.newborn, "date": self.date.isoformat(),
            "field": self.field, "old": self.old, "new": self.new,
        }


@dataclass
class KnowledgeDiff:
    old_label: str
    new_label: str
    regions_added: list[str] = field(default_factory=list)
    regions_removed: list[str] = field(default_factory=list)
    categories_added: dict[str, list[str]] = field(default_factory=dict)  # region -> labels
    categories_removed: dict[str, list[str]] = field(default_factory=dict)
    years: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)  # region -> old, new
    cases: int = 0
    changed_cases: int = 0
    changes: list[Change] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)  # region -> compared ids
    dates: dict[str, list[dt.date]] = field(default_factory=dict)  # region -> sample dates
    added_summary: dict[str, str] = field(default_factory=dict)  # added region -> what it holds
    aliases_added: dict[str, list[str]] = field(default_factory=dict)  # "region" / "region 低保" -> words
    aliases_removed: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.regions_added or self.regions_removed or self.categories_added
                    or self.categories_removed or self.aliases_added or self.aliases_removed
                    or self.changes)

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "regions_added": self.regions_added,
            "regions_removed": self.regions_removed,
            "categories_added": self.categories_added,
            "categories_removed": self.categories_removed,
            "aliases_added": self.aliases_added,
            "aliases_removed": self.aliases_removed,
            "policy_years": {r: {"old": o, "new": n} for r, (o, n) in self.years.items()},
            "cases": self.cases,
            "changed_cases": self.changed_cases,
            "changes": [c.as_json() for c in self.changes],
        }


# --- one answer as comparable fields --------------------------------------------------------


def _payers(c: dict[str, Any]) -> list[str]:
    split = [f"{p['payer']} {p['amount']}" if p["amount"] is not None else p["payer"]
             for p in c["subsidy_split"]]
    return split or list(c["subsidy_payers"])


def answer_fields(a: Answer) -> dict[str, Any]:
    """The parts of an answer a resident sees, flat: ``medical.personal`` → 380."""
    j = answer_json(a)
    out: dict[str, Any] = {
        "policy_year": j["policy_year"],
        "identity": j["identity"],
        "tier": j["tier"],
    }
    for part in ("medical", "long_term_care"):
        c = j[part] or {"standard": None, "subsidy": None, "personal": None, "subsidy_split": [],
                        "subsidy_payers": [], "payers_stated": None}
        for key in ("standard", "subsidy", "personal"):
            out[f"{part}.{key}"] = c[key]
        out[f"{part}.payers"] = _payers(c)
        out[f"{part}.payers_stated"] = c["payers_stated"]
    out.update({
        "total_personal": j["total_personal"],
        "window": j["window"]["name"],
        "window.start": j["window"]["start"],
        "window.end": j["window"]["end"],
        "payment_open": j["payment_open"],
        "payment_reason": j["payment_reason"],
        "benefit_start": j["benefit_start"],
        "benefit_end": j["benefit_end"],
        "stale": j["stale"],
        "how_to_pay": ["；".join([f["text"], *f["steps"]]) for f in j["how_to_pay"]],
        "contacts": j["contacts"],
        "cites": list(dict.fromkeys(s["notice"] for s in j["sources"])),
        "sources": [f"{s['notice']} {s['clause']}" for s in j["sources"]],
        "notes": j["notes"],
    })
    return out


def evaluate(kb: KnowledgeBase, s: Situation) -> dict[str, Any]:
    """The answer's fields, or ``{"error": code}`` when the engine refuses the situation."""
    try:
        a = calculate(kb, s)
    except InputError as exc:
        return {"error": exc.code}
    except Exception as exc:  # an engine failure on new knowledge is worth seeing, not a crash
        return {"error": f"engine failure: {type(exc).__name__}: {exc}"}
    return {"error": None, **answer_fields(a)}


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every field that differs."""
    if old.get("error") or new.get("error"):
        if old.get("error") == new.get("error"):
            return []
        return [("error", old.get("error") or ANSWERED, new.get("error") or ANSWERED)]
    keys = list(dict.fromkeys([*old, *new]))
    if old.get("cites") != new.get("cites"):
        keys.remove("sources")  # another notice: its clauses differ anyway; `cites` says it
    return [(k, old.get(k), new.get(k)) for k in keys if k != "error" and old.get(k) != new.get(k)]


# --- the diff ---------------------------------------------------------------------------------


def _label(kbs: Iterable[KnowledgeBase], region: str, category: str) -> str:
    for kb in kbs:
        rk = kb.regions.get(region)
        for n in reversed(rk.notices if rk else []):
            if any(c.id == category for c in n.model.categories):
                return category_label(n, category)
    return category


def _words(kb: KnowledgeBase, region: str) -> dict[str, list[str]]:
    """The words residents may type: the region's names and places under "", a category's
    under its id."""
    rk = kb.regions[region]
    out: dict[str, list[str]] = {"": [*rk.aliases, *rk.places]}
    for n in rk.notices:
        for c in n.model.categories:
            words = out.setdefault(c.id, [])
            words.extend(w for w in (c.name, c.label, *c.aliases) if w and w not in words)
        for amb in n.model.ambiguous_aliases:
            for cand in amb.candidates:
                words = out.setdefault(cand.category, [])
                if f"{amb.alias}?" not in words:
                    words.append(f"{amb.alias}?")  # ? : the bot asks which group is meant
    return out


def _alias_changes(
    d: KnowledgeDiff, old: KnowledgeBase, new: KnowledgeBase, region: str, categories: Iterable[str]
) -> None:
    """Words residents type that now find, or no longer find, a region or a group."""
    before, after = _words(old, region), _words(new, region)
    for key in ["", *categories]:
        name = region if not key else f"{region} {d.labels.get((region, key), key)}"
        came = [w for w in after.get(key, []) if w not in before.get(key, [])]
        gone = [w for w in before.get(key, []) if w not in after.get(key, [])]
        if came:
            d.aliases_added[name] = came
        if gone:
            d.aliases_removed[name] = gone


def diff_knowledge(
    old: KnowledgeBase,
    new: KnowledgeBase,
    *,
    today: dt.date | None = None,
    old_label: str = "old",
    new_label: str = "new",
) -> KnowledgeDiff:
    d = KnowledgeDiff(old_label, new_label)
    d.regions_added = [r for r in new.regions if r not in old.regions]
    d.regions_removed = [r for r in old.regions if r not in new.regions]
    for region in d.regions_added:
        ids = region_categories(new, region)
        tiers = [t for t in region_tiers(new, region) if t is not None]
        d.added_summary[region] = (
            f"{len(ids)} categories ({'、'.join(_label([new], region, c) for c in ids)}); "
            + (f"tiers {'、'.join(str(t) for t in tiers)}" if tiers else "one standard")
        )
    for region in [*old.regions, *d.regions_added]:
        d.years[region] = (
            old.regions[region].policy_years() if region in old.regions else [],
            new.regions[region].policy_years() if region in new.regions else [],
        )
    for ax in axes(old, new, today=today):
        region = ax.region
        old_ids, new_ids = region_categories(old, region), region_categories(new, region)
        added = [_label([new], region, c) for c in new_ids if c not in old_ids]
        removed = [_label([old], region, c) for c in old_ids if c not in new_ids]
        if added:
            d.categories_added[region] = added
        if removed:
            d.categories_removed[region] = removed
        for c in ax.categories:
            d.labels[(region, c)] = _label([new, old], region, c)
        _alias_changes(d, old, new, region, ax.categories)
        d.categories[region] = list(ax.categories)
        d.dates[region] = list(ax.dates)
        for s in iter_axes([ax]):
            d.cases += 1
            found = compare(evaluate(old, s), evaluate(new, s))
            if found:
                d.changed_cases += 1
            region, category, tier, newborn, day = key_of(s)
            d.changes.extend(
                Change(region, category, d.labels[(region, category)], tier, newborn, day, f, o, n)
                for f, o, n in found
            )
    return d


# --- the text report --------------------------------------------------------------------------

LIST_FIELDS = {"medical.payers", "long_term_care.payers", "how_to_pay", "contacts", "cites", "sources",
               "notes"}
MAX_CELL = 160


def show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "、".join(show(v) for v in value) or "—"
    return str(value)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def show_change(field_name: str, old: Any, new: Any) -> tuple[str, str]:
    """How a change is written: lists as what was removed (−) and what was added (+)."""
    if field_name in LIST_FIELDS and isinstance(old, list) and isinstance(new, list):
        gone = [show(v) for v in old if v not in new]
        came = [show(v) for v in new if v not in old]
        return (_clip("−" + " | ".join(gone)) if gone else "(none removed)",
                _clip("+" + " | ".join(came)) if came else "(none added)")
    return _clip(show(old)), _clip(show(new))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, to: int) -> str:
    return text + " " * max(0, to - width(text))


def _names(ids: list[str], all_ids: list[str], labels: dict[str, str]) -> str:
    if ids == all_ids:
        return "all"
    if len(ids) > len(all_ids) / 2 and len(all_ids) - len(ids) <= 3:
        return "all but " + "、".join(labels[i] for i in all_ids if i not in ids)
    return "、".join(labels[i] for i in ids)


def identities_text(cells: set[tuple[str, bool]], all_ids: list[str], labels: dict[str, str]) -> str:
    """Which residents a grouped change concerns: 'all', '低保、特困', 'newborns: all' …"""
    grown = [c for c in all_ids if (c, False) in cells]
    babies = [c for c in all_ids if (c, True) in cells]
    if grown == babies:
        return _names(grown, all_ids, labels)
    parts = []
    if grown:
        parts.append(_names(grown, all_ids, labels) + " (not newborn)")
    if babies:
        parts.append("newborns: " + _names(babies, all_ids, labels))
    return "; ".join(parts)


def dates_text(days: list[dt.date], sample: list[dt.date]) -> str:
    """Sample dates, runs of three or more consecutive samples written first…last (n dates)."""
    index = {day: i for i, day in enumerate(sample)}
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and day in index and runs[-1][-1] in index and index[day] == index[runs[-1][-1]] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0].isoformat()}…{run[-1].isoformat()} ({len(run)} dates)")
        else:
            parts.extend(day.isoformat() for day in run)
    return ", ".join(parts)


@dataclass
class Group:
    """Changes that concern the same residents on the same sample dates."""

    identity: str
    tier: int | None
    dates: list[dt.date]
    fields: list[tuple[str, str, str]]  # (field, old, new) as shown


def grouped(d: KnowledgeDiff, region: str) -> list[Group]:
    """Identical changes folded over identities (per date), then over dates, then by who/when."""
    field_order: dict[str, int] = {}
    by_date: dict[tuple, set[tuple[str, bool]]] = defaultdict(set)
    for c in d.changes:
        if c.region != region:
            continue
        field_order.setdefault(c.field, len(field_order))
        old, new = show_change(c.field, c.old, c.new)
        by_date[(c.tier, c.field, old, new, c.date)].add((c.category, c.newborn))
    all_ids = d.categories.get(region, [])
    labels = {cid: d.labels[(region, cid)] for cid in all_ids}
    by_cells: dict[tuple, list[dt.date]] = defaultdict(list)
    for (tier, fld, old, new, day), cells in by_date.items():
        by_cells[(identities_text(cells, all_ids, labels), tier, fld, old, new)].append(day)
    groups: dict[tuple, Group] = {}
    for (who, tier, fld, old, new), days in by_cells.items():
        days = sorted(days)
        g = groups.setdefault((who, tier, tuple(days)), Group(who, tier, days, []))
        g.fields.append((fld, old, new))
    out = list(groups.values())
    for g in out:
        g.fields.sort(key=lambda f: field_order[f[0]])
    out.sort(key=lambda g: (g.dates[0], -len(g.dates), -1 if g.tier is None else g.tier,
                            g.identity != "all", g.identity))
    return out


def render_text(d: KnowledgeDiff) -> str:
    out = [f"knowledge diff: {d.old_label} → {d.new_label}"]
    out.append("regions added: " + ("、".join(d.regions_added) or "none"))
    out.append("regions removed: " + ("、".join(d.regions_removed) or "none"))
    for region in d.regions_added:
        years = "、".join(str(y) for y in d.years[region][1])
        out.append(f"  + {region}: policy years {years}; {d.added_summary.get(region, '')}".rstrip("; "))
    for title, table in (("categories added", d.categories_added),
                         ("categories removed", d.categories_removed)):
        for region, names in table.items():
            out.append(f"{title}: {region}: " + "、".join(names))
    for title, table in (("aliases added", d.aliases_added), ("aliases removed", d.aliases_removed)):
        for name, words in table.items():
            out.append(f"{title}: {name}: " + "、".join(words))
    for region, (old_years, new_years) in d.years.items():
        if old_years and new_years and old_years != new_years:
            out.append(f"policy years: {region}: {show(old_years)} → {show(new_years)}")
    out.append(f"answers compared: {d.cases} situations, {d.changed_cases} changed")
    for region in d.categories:
        groups = grouped(d, region)
        if not groups:
            continue
        out.append("")
        out.append(f"{region}: answers that change (who · tier · sample dates, then field: old → new)")
        w = max(width(f) for g in groups for f, _, _ in g.fields)
        for g in groups:
            tier = f" · tier {g.tier}" if g.tier is not None else ""
            out.append(f"  {g.identity}{tier} · {dates_text(g.dates, d.dates.get(region, []))}")
            for fld, old, new in g.fields:
                out.append(f"      {pad(fld, w)}  {old} → {new}".rstrip())
    if d.empty:
        out.append("no differences")
    return "\n".join(out)
