"""Notice alerts: when a region's knowledge changes what residents would be told, its followers
hear it once.

What was last announced per region is kept in the store as a snapshot of that region's notices
(their validated data as JSON; our own knowledge, nothing of anyone's). When the knowledge in
use differs, the two are compared with the maintainers' own ``knowledge diff`` (every answer of
the matrix asked of both); only a change in answers makes an alert. The store moves the region
to the new snapshot and queues the followers' alerts in one compare-and-set transaction, so with
several processes each follower gets each alert once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.clock import BEIJING
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.loaded import LoadedNotice
from bot.knowledge.models import NoticeFile
from bot.knowledge.record import as_data, to_record
from bot.maintain.diff import Change, diff_knowledge
from bot.render import macro
from bot.store import Store

ALERT = "alert"
MAX_ITEMS = 8  # lines an alert lists; the rest is counted ("and N more")
MAX_STATE_BYTES = 1500
# The answer fields an alert speaks of (what a resident pays and when); the rest (wording of
# notes, citations) changes with every edit and would make every alert noise.
FIELDS = (
    "medical.personal", "medical.subsidy", "long_term_care.personal", "total_personal",
    "window.end", "payment_open", "benefit_start", "policy_year",
)


def region_notices(kb: KnowledgeBase, region: str) -> list[Notice]:
    rk = kb.regions[region]
    return [*rk.notices, *rk.rules]


def snapshot(kb: KnowledgeBase, region: str) -> str:
    """The region's notices as JSON, enough to rebuild them (see ``rebuild``)."""
    return json.dumps([as_data(n.model) for n in region_notices(kb, region)], ensure_ascii=False,
                      sort_keys=True)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def rebuild(text: str) -> KnowledgeBase:
    """The knowledge a snapshot was taken of (one region's notices)."""
    notices = [Notice(LoadedNotice(Path(f"snapshot-{i}.yaml"),
                                   to_record(NoticeFile.model_validate_json(json.dumps(item))), {}))
               for i, item in enumerate(json.loads(text))]
    return KnowledgeBase.from_notices(notices)


@dataclass(frozen=True)
class Alert:
    """What an alert says: the region, the notice now in force, and the answers that changed."""

    region: str
    notice: str  # 文号 of the latest notice
    years: list[int]
    items: list[tuple[str, int | None, str, Any, Any]]  # label, tier, field, old, new
    more: int

    def as_state(self) -> str:
        """As a delivery's state: at most MAX_STATE_BYTES (the store's unique index holds the
        state, and PostgreSQL refuses an index row over ~2.7 kB); lines that do not fit are
        counted in ``more`` instead."""
        items = list(self.items)
        while True:
            text = json.dumps({"region": self.region, "notice": self.notice, "years": self.years,
                               "items": items, "more": self.more + len(self.items) - len(items)},
                              ensure_ascii=False, default=str)
            if len(text.encode()) <= MAX_STATE_BYTES or not items:
                return text
            items.pop()

    @classmethod
    def from_state(cls, text: str) -> Alert:
        data = json.loads(text)
        items = [tuple(item) for item in data["items"]]
        return cls(data["region"], data["notice"], data["years"], items, data["more"])  # type: ignore[arg-type]


def alert_for(old: KnowledgeBase, new: KnowledgeBase, region: str, today: dt.date) -> Alert | None:
    """The alert comparing two versions of one region's knowledge, or None when no answer changes."""
    d = diff_knowledge(old, new, today=today)
    wanted = [c for c in d.changes if c.field in FIELDS and c.region == region]
    rk = new.regions[region]
    years = rk.policy_years()
    if not wanted and years == (old.regions[region].policy_years() if region in old.regions else []):
        return None
    items = _grouped(wanted)
    return Alert(region, rk.latest().citation, years, items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS))


def _grouped(changes: Iterable[Change]) -> list[tuple[str, int | None, str, Any, Any]]:
    """One line per (group, tier, field, old → new), whatever the sample dates."""
    seen: dict[tuple[str, int | None, str, str, str], tuple[str, int | None, str, Any, Any]] = {}
    for c in changes:
        if c.newborn:
            continue  # a newborn's figures follow the others'; listing both doubles every line
        key = (c.label, c.tier, c.field, json.dumps(c.old, default=str), json.dumps(c.new, default=str))
        seen.setdefault(key, (c.label, c.tier, c.field, c.old, c.new))
    return list(seen.values())


def check_knowledge(store: Store, kb: KnowledgeBase, now: dt.datetime) -> list[str]:
    """Compare each region with what was last announced; queue alerts; the regions announced.

    The first look at a region only records it (nothing to compare with)."""
    today = now.astimezone(BEIJING).date()
    announced = []
    for region in kb.regions:
        text = snapshot(kb, region)
        new_print = fingerprint(text)
        seen = store.seen(region)
        if seen is not None and seen[0] == new_print:
            continue
        alert = None
        if seen is not None:
            alert = _compared(seen[1], kb, region, today)
        state = alert.as_state() if alert else None
        if store.advance(region, seen[0] if seen else None, new_print, text, state, now) and alert:
            announced.append(region)
    return announced


def _compared(old_text: str, kb: KnowledgeBase, region: str, today: dt.date) -> Alert | None:
    only_new = KnowledgeBase.from_notices(region_notices(kb, region))
    try:
        old = rebuild(old_text)
    except (ValueError, KeyError, TypeError):
        # recorded by a version whose models differ: the answers cannot be compared, but the
        # notice did change; say so with the new figures' 文号 rather than stay silent
        rk = only_new.regions[region]
        return Alert(region, rk.latest().citation, rk.policy_years(), [], 0)
    return alert_for(old, only_new, region, today)


def alert_text(alert: Alert) -> str:
    return macro("reminders/alert.j2", "alert", a=alert)
