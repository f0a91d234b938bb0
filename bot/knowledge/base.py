"""The loaded knowledge, indexed by region, with the look-ups the engine needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.knowledge.loaded import LoadedNotice
from bot.knowledge.loader import load_folder
from bot.knowledge.places import place_words

if TYPE_CHECKING:  # the shapes; at run time these are Records of the same shape (record.py)
    from bot.knowledge.models import Category, NoticeFile, TierStandard


@dataclass(frozen=True)
class Notice:
    """One notice file with handy views; ``loaded`` keeps the path and line index.

    The knowledge never changes once loaded (a reload makes new Notices), so the views
    are worked out once: the engine reads them tens of times per answer.
    """

    loaded: LoadedNotice

    @cached_property
    def model(self) -> NoticeFile:
        return self.loaded.model

    @cached_property
    def citation(self) -> str:
        meta = self.model.notice
        return f"{meta.doc_number}{meta.document or ''}"

    @property
    def policy_year(self) -> int:
        return self.model.notice.policy_year

    @cached_property
    def tiers(self) -> tuple[int, ...]:
        return tuple(s.tier for s in self.model.standards if s.tier is not None)

    @cached_property
    def tier_labels(self) -> tuple[str, ...]:
        """The tiers as the notice names them (一档, 二档), in the order of ``tiers``."""
        return tuple(s.label or str(s.tier) for s in self.model.standards if s.tier is not None)

    @cached_property
    def derived(self) -> dict[str, Any]:
        """Views other modules work out from this notice (word indexes), kept with it so
        they are built once per loaded knowledge and go when a reload replaces it."""
        return {}

    @cached_property
    def _categories(self) -> dict[str, Category]:
        return {c.id: c for c in self.model.categories}

    def standard(self, tier: int | None) -> TierStandard:
        for s in self.model.standards:
            if s.tier == tier or (tier is None and s.tier is None):
                return s
        raise KeyError(tier)

    def category(self, category_id: str) -> Category:
        return self._categories[category_id]  # KeyError for an id the notice lacks

    @cached_property
    def default_category(self) -> Category:
        return next(c for c in self.model.categories if c.default)

    @cached_property
    def first_day(self) -> dt.date:
        return min(w.start for w in self.model.windows)

    @cached_property
    def last_day(self) -> dt.date:
        """The last day a payment for this policy year can mean anything: its cover ends."""
        assert self.model.benefit_period is not None
        return self.model.benefit_period.end


@dataclass
class RegionKnowledge:
    name: str
    aliases: list[str]
    parent: str | None
    notices: list[Notice] = field(default_factory=list)  # local notices, oldest first
    places: list[str] = field(default_factory=list)  # districts, towns (region.places), short forms too
    # (and bare county names, everyday names: knowledge/places.py)
    lookalikes: list[str] = field(default_factory=list)  # other places whose names hold an alias
    province_apps: list[str] = field(default_factory=list)  # the province's apps its notice names (蒙速办)
    rules: list[Notice] = field(default_factory=list)  # region-wide rules that apply here

    @property
    def short_name(self) -> str:
        return min(self.aliases, key=len) if self.aliases else self.name

    def latest(self) -> Notice:
        return self.notices[-1]

    def notice_on(self, day: dt.date) -> tuple[Notice, bool]:
        """The notice whose policy year a payment on ``day`` belongs to, and whether the
        day lies past every policy year on file (stale: the caller must say so)."""
        covering = [n for n in self.notices if n.first_day <= day <= n.last_day]
        if covering:
            # Late payment for one year may overlap the next year's collection: prefer the
            # newer year only when its collection has begun (it is the one being sold).
            return covering[-1], False
        if day > self.latest().last_day:
            return self.latest(), True
        upcoming = [n for n in self.notices if day < n.first_day]
        return upcoming[0], False

    def policy_years(self) -> list[int]:
        return [n.policy_year for n in self.notices]


@dataclass
class KnowledgeBase:
    notices: list[Notice]
    regions: dict[str, RegionKnowledge]
    folder: Path | None = None
    # Views other modules work out from the whole knowledge, built once (see Notice.derived).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path | None = None) -> KnowledgeBase:
        loaded = load_folder(folder)
        return cls.from_notices([Notice(n) for n in loaded], folder)

    @classmethod
    def from_notices(cls, notices: list[Notice], folder: Path | None = None) -> KnowledgeBase:
        regions: dict[str, RegionKnowledge] = {}
        words = place_words(n.model.region for n in notices)
        for n in sorted(notices, key=lambda n: n.policy_year):
            if n.model.kind != "local":
                continue
            r = n.model.region
            rk = regions.setdefault(r.name, RegionKnowledge(r.name, [], r.parent))
            rk.aliases = list(dict.fromkeys([*rk.aliases, r.name, *r.aliases]))
            rk.places = words.get(r.name, [])
            rk.lookalikes = list(dict.fromkeys([*rk.lookalikes, *r.lookalikes]))
            rk.province_apps = list(dict.fromkeys([*rk.province_apps, *(a.name for a in r.province_apps)]))
            rk.notices.append(n)
        for n in notices:
            if n.model.kind == "regional_rules":
                for rk in regions.values():
                    if rk.parent == n.model.region.name:
                        rk.rules.append(n)
        return cls(notices=notices, regions=regions, folder=folder, derived={"place_words": words})

    def policy_years(self) -> list[int]:
        return sorted({n.policy_year for n in self.notices if n.model.kind == "local"})

    def notice_for(self, region: str, day: dt.date | None) -> Notice:
        """The notice that applies in ``region`` on ``day`` (a payment date, or today);
        with no day, the latest on file. Raises KeyError for a region not on file."""
        rk = self.regions[region]
        return rk.notice_on(day)[0] if day else rk.latest()

    def region_alias_index(self, places: bool = True) -> dict[str, str]:
        """Every word that names a region → its full name: the aliases, and (unless
        ``places`` is false) the districts and towns inside it; an alias wins over a place."""
        index: dict[str, str] = {}
        for rk in self.regions.values():
            for place in rk.places if places else ():
                index.setdefault(place, rk.name)
        for rk in self.regions.values():
            for alias in rk.aliases:
                index[alias] = rk.name
        return index

    def place_words(self, region: str) -> list[str]:
        """Every word naming a place of ``region``, a local one or a province with region-wide
        rules (伊犁, 尼勒克 for 新疆维吾尔自治区): knowledge/places.py."""
        words: dict[str, list[str]] = self.derived.get("place_words") or {}
        return words.get(region, [])

    def lookalikes(self) -> list[str]:
        """Places that are not ours though their names hold one of our aliases (乌拉特中旗)."""
        return list(dict.fromkeys(w for rk in self.regions.values() for w in rk.lookalikes))

    def wide_region_names(self) -> dict[str, list[str]]:
        """Names of region-wide rule issuers (新疆) → the local regions under them."""
        out: dict[str, list[str]] = {}
        for n in self.notices:
            if n.model.kind == "regional_rules":
                under = [rk.name for rk in self.regions.values() if rk.parent == n.model.region.name]
                for alias in [n.model.region.name, *n.model.region.aliases]:
                    out[alias] = under
        return out
