"""The situations worth asking every region: regions × categories × tiers × newborn × dates.

The dates come from the notices themselves (each window's first day, last day, the day
after it and its middle, plus the edges that change an answer on their own: the day
before the first window, a month-day limit, a surcharge date, when region-wide rules take
effect), plus "today". Used by ``knowledge diff`` and by the benchmarks::

    from bot.maintain.matrix import situations
    for s in situations(kb, today=dt.date(2024, 1, 15)):
        answer = calculate(kb, s)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice

ONE_DAY = dt.timedelta(days=1)
NEWBORN_AGE = dt.timedelta(days=30)  # a newborn case: born this many days before paying
NEWBORN = (False, True)

CaseKey = tuple[str, str, int | None, bool, dt.date]  # region, category id, tier, newborn, date


def notice_dates(notice: Notice) -> set[dt.date]:
    """Dates at which an answer under this notice can change."""
    m = notice.model
    days: set[dt.date] = set()
    for w in m.windows:
        last = w.end or w.surely_open_until
        days.add(w.start)
        if last is not None:
            days.update({last, last + ONE_DAY, w.start + (last - w.start) // 2})
        else:
            days.add(w.start + ONE_DAY)
        if w.days_of_month is not None:
            after = w.start.replace(day=1)
            if w.days_of_month.last < 28:
                days.add(after.replace(day=w.days_of_month.last + 1))
        if w.surcharge is not None:
            days.update({w.surcharge.after, w.surcharge.after + ONE_DAY})
    if m.windows:
        days.add(notice.first_day - ONE_DAY)
    if m.benefit_period is not None:
        days.update({m.benefit_period.end, m.benefit_period.end + ONE_DAY})
    if m.kind == "regional_rules":
        start = m.notice.effective_from or m.notice.issued_on
        if start is not None:
            days.update({start - ONE_DAY, start})
    return days


def region_dates(kb: KnowledgeBase, region: str, today: dt.date | None = None) -> list[dt.date]:
    """The sample dates for one region: its notices' and its region-wide rules' edges, plus today."""
    rk = kb.regions[region]
    days: set[dt.date] = set()
    for n in [*rk.notices, *rk.rules]:
        days |= notice_dates(n)
    if today is not None:
        days.add(today)
    return sorted(days)


def region_categories(kb: KnowledgeBase, region: str) -> list[str]:
    """Category ids over every notice of the region, in first-seen order (oldest notice first)."""
    ids: dict[str, None] = {}
    for n in kb.regions[region].notices:
        ids.update(dict.fromkeys(c.id for c in n.model.categories))
    return list(ids)


def region_tiers(kb: KnowledgeBase, region: str) -> list[int | None]:
    """The tiers to ask about: the notices' tier numbers, or ``[None]`` where there are none."""
    tiers: set[int | None] = set()
    for n in kb.regions[region].notices:
        tiers.update(n.tiers or [None])
    return sorted(tiers, key=lambda t: -1 if t is None else t)


@dataclass(frozen=True)
class RegionAxes:
    region: str
    categories: tuple[str, ...]
    tiers: tuple[int | None, ...]
    dates: tuple[dt.date, ...]

    @property
    def size(self) -> int:
        return len(self.categories) * len(self.tiers) * len(self.dates) * len(NEWBORN)


def axes(
    *kbs: KnowledgeBase, today: dt.date | None = None, regions: Iterable[str] | None = None
) -> list[RegionAxes]:
    """The matrix axes of the regions every given knowledge base has (all of one, usually).

    With several (an old and a new version), categories are those all of them have, tiers
    and dates the union, so both are asked exactly the same questions.
    """
    if not kbs:
        raise ValueError("axes() needs at least one knowledge base")
    common = [r for r in kbs[0].regions if all(r in kb.regions for kb in kbs[1:])]
    if regions is not None:
        wanted = set(regions)
        common = [r for r in common if r in wanted]
    out = []
    for region in common:
        cats = [c for c in region_categories(kbs[0], region)
                if all(c in region_categories(kb, region) for kb in kbs[1:])]
        tiers: set[int | None] = set()
        dates: set[dt.date] = set()
        for kb in kbs:
            tiers.update(region_tiers(kb, region))
            dates.update(region_dates(kb, region, today))
        out.append(RegionAxes(
            region,
            tuple(cats),
            tuple(sorted(tiers, key=lambda t: -1 if t is None else t)),
            tuple(sorted(dates)),
        ))
    return out


def situation(region: str, category: str, tier: int | None, newborn: bool, day: dt.date) -> Situation:
    """One matrix cell as the engine's Situation (a single identity, not a student)."""
    return Situation(
        region=region,
        identities=(category,),
        newborn=newborn,
        born_on=day - NEWBORN_AGE if newborn else None,
        student="none",
        tier=tier,
        paid_on=day,
    )


def key_of(s: Situation) -> CaseKey:
    """The matrix cell a situation stands for (the inverse of :func:`situation`)."""
    assert s.region is not None and s.paid_on is not None and s.identities
    return (s.region, s.identities[0], s.tier, bool(s.newborn), s.paid_on)


def iter_axes(region_axes: Iterable[RegionAxes]) -> Iterator[Situation]:
    for ax in region_axes:
        for category in ax.categories:
            for tier in ax.tiers:
                for newborn in NEWBORN:
                    for day in ax.dates:
                        yield situation(ax.region, category, tier, newborn, day)


def situations(
    kb: KnowledgeBase, *, today: dt.date | None = None, regions: Iterable[str] | None = None
) -> Iterator[Situation]:
    """Every matrix cell of one knowledge base, region by region, as Situations."""
    yield from iter_axes(axes(kb, today=today, regions=regions))
