"""Regions whose notice for the policy year now being collected is not on file yet.

The rule (documented in docs/MAINTAINING.md):

* The collection for policy year Y is under way from **September 1 of Y-1** onward
  (the national convention: 集中征缴 for next year starts in the autumn).
* Where a region's own latest notice shows its collection opening earlier in the year
  (say August 15), that day, moved to Y-1, counts instead: the warning comes as early
  as the region's own history says the collection may start. A later opening (酉阳
  opened on October 1) does not delay the warning past September 1.
* A region is stale on day D when it has no notice for the policy year under way on D,
  and that year is later than its first notice (a date before all notices is a preview
  of the past, not a missing notice).

``knowledge check`` prints one warning line per stale region on stderr; the exit code
stays 0, since the files themselves are valid. Residents on such a day are told the
figures are from an older year (the engine's ``stale`` note), so nothing wrong is said;
the warning only reminds the maintainer to add the new notice.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from bot.knowledge.base import KnowledgeBase, RegionKnowledge

OPENS_MONTH, OPENS_DAY = 9, 1  # collection for year Y opens on Sept 1 of Y-1


class StaleRegion(NamedTuple):
    region: str
    latest_year: int  # the newest policy year on file for the region
    wanted_year: int  # the policy year whose collection is under way


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29 in a year without one
        return day.replace(year=day.year + years, day=28)


def collection_opens(region: RegionKnowledge, year: int) -> dt.date:
    """The day from which the collection for policy ``year`` counts as under way in ``region``."""
    opens = dt.date(year - 1, OPENS_MONTH, OPENS_DAY)
    for notice in region.notices:
        if notice.policy_year == year:
            collection = [w.start for w in notice.model.windows if w.is_collection]
            if collection:
                return min(opens, *collection)
    if region.notices:
        latest = region.latest()
        collection = [w.start for w in latest.model.windows if w.is_collection]
        if collection:
            opens = min(opens, _shift(min(collection), year - latest.policy_year))
    return opens


def year_under_way(region: RegionKnowledge, today: dt.date) -> int:
    """The newest policy year whose collection has begun on ``today``."""
    year = today.year + 2
    while collection_opens(region, year) > today:
        year -= 1
    return year


def stale_regions(kb: KnowledgeBase, today: dt.date) -> list[StaleRegion]:
    """(region, latest_year, wanted_year) for each region missing the year under way."""
    out = []
    for name, region in kb.regions.items():
        years = region.policy_years()
        if not years:
            continue
        wanted = year_under_way(region, today)
        if wanted not in years and wanted > min(years):
            out.append(StaleRegion(name, max(years), wanted))
    return out


def stale_warnings(kb: KnowledgeBase, today: dt.date) -> list[str]:
    """One line per stale region, as ``knowledge check`` prints them."""
    lines = []
    for s in stale_regions(kb, today):
        since = collection_opens(kb.regions[s.region], s.wanted_year)
        lines.append(
            f"warning: {s.region}: no notice for policy year {s.wanted_year} "
            f"(collection under way since {since.isoformat()}); latest on file: {s.latest_year}"
        )
    return lines
