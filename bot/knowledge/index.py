"""Small numbers for the knowledge's names: region and category positions, a fingerprint.

callback_data and deep links carry these instead of names. The fingerprint changes when
those numbers would mean something else, so such a button is recognised as outdated.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property

from bot.knowledge.base import KnowledgeBase

_SLUG = re.compile(r"^(?:\d{4}-)?([a-z][a-z0-9_]*)$")


@dataclass(frozen=True, eq=False)
class KnowledgeIndex:
    kb: KnowledgeBase

    @cached_property
    def regions(self) -> list[str]:
        return list(self.kb.regions)

    @cached_property
    def categories(self) -> dict[str, list[str]]:
        """Per region, every category id its notices use, oldest notice first."""
        out: dict[str, list[str]] = {}
        for name, rk in self.kb.regions.items():
            ids: dict[str, None] = {}
            for notice in rk.notices:
                ids.update((c.id, None) for c in notice.model.categories)
            out[name] = list(ids)
        return out

    @cached_property
    def mask_bytes(self) -> int:
        widest = max((len(ids) for ids in self.categories.values()), default=1)
        return max(1, (widest + 7) // 8)

    @cached_property
    def fingerprint(self) -> bytes:
        """2 bytes of a hash of what a button's numbers refer to: the regions in order, each
        one's categories in order and its tiers.

        Only that: a reload that corrects a figure, a date or a wording keeps every button
        working, and the next press is answered from the corrected notice. One that adds,
        removes or reorders regions or categories (a new notice may) makes older buttons
        say "start again", since their numbers would now name something else.
        """
        shape = [
            [name, self.categories[name], sorted({t for n in rk.notices for t in n.tiers})]
            for name, rk in self.kb.regions.items()
        ]
        blob = json.dumps(shape, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).digest()[:2]

    @cached_property
    def slugs(self) -> dict[str, str]:
        """Region -> a short ASCII name for links, from its notice file (2024-wulumuqi.yaml)."""
        out: dict[str, str] = {}
        for i, (name, rk) in enumerate(self.kb.regions.items()):
            match = _SLUG.match(rk.latest().loaded.path.stem)
            slug = match.group(1) if match else f"r{i}"
            out[name] = slug if slug not in out.values() else f"r{i}"
        return out

    def default_id(self, region: str) -> str:
        """The category a link writes for an ordinary resident (identities = ())."""
        return self.kb.regions[region].latest().default_category.id

    def mask(self, region: str, ids: tuple[str, ...]) -> int:
        order = self.categories[region]
        value = 0
        for cid in ids:
            value |= 1 << order.index(cid)
        return value

    def unmask(self, region: str, value: int) -> tuple[str, ...]:
        order = self.categories[region]
        if value >> len(order):
            raise ValueError("identity bit beyond the region's categories")
        return tuple(cid for i, cid in enumerate(order) if value >> i & 1)
