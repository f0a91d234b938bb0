"""The words that name a region's places: the official names, the listed short and everyday
forms, and each county-level name without its ending (尼勒克 for 尼勒克县, 和布克赛尔 for
和布克赛尔蒙古自治县), unless that bare form is a common word (the file's ``keep_suffix``) or
names a place of another file too (托里: 托里县 in 塔城, 托里乡 in 乌鲁木齐)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.knowledge.vocabulary import NATIONALITIES, PLACE_SUFFIXES

if TYPE_CHECKING:
    from bot.knowledge.models import Places, Region

MIN_BARE = 2  # 和田 yes; a one-character stem would be read in too many words


def bare(name: str) -> str | None:
    """尼勒克县 → 尼勒克, 巴里坤哈萨克自治县 → 巴里坤; None where nothing is left to read."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return None
    if suffix.startswith("自治"):
        stem = _without_nationalities(stem)
    return stem if len(stem) >= MIN_BARE else None


def _without_nationalities(stem: str) -> str:
    """"克孜勒苏柯尔克孜" → "克孜勒苏", "酉阳土家族苗族" → "酉阳": the nationalities end the name."""
    cut = True
    while cut:
        cut = False
        for nation in NATIONALITIES:
            if stem.endswith(nation) and len(stem) > len(nation):
                stem, cut = stem[: -len(nation)], True
    return stem


def listed_words(places: Places | None) -> list[str]:
    """What the file itself lists: official names, short forms, everyday names."""
    if places is None:
        return []
    return list(dict.fromkeys([*places.names, *places.short, *places.everyday]))


def bare_words(places: Places | None) -> list[str]:
    """Each county-level name's bare form, but not those the file keeps whole."""
    if places is None:
        return []
    keep = set(places.keep_suffix)
    found = (bare(n) for n in places.names if n not in keep)
    return list(dict.fromkeys(b for b in found if b and b not in places.names))


def place_words(regions: Iterable[Region]) -> dict[str, list[str]]:
    """Region (or province) name → every word naming one of its places, over all its files. A
    bare form is dropped when it is inside another region's name, alias or listed place (it
    could be either)."""
    names: dict[str, list[str]] = {}  # everything that names each region, for the ambiguity test
    out: dict[str, list[str]] = {}
    bares: dict[str, list[str]] = {}
    for r in regions:
        names.setdefault(r.name, []).extend([r.name, *r.aliases, *listed_words(r.places)])
        out.setdefault(r.name, []).extend(listed_words(r.places))
        bares.setdefault(r.name, []).extend(bare_words(r.places))
    for name, found in bares.items():
        others = [w for other, ws in names.items() if other != name for w in ws]
        out[name] = list(dict.fromkeys([*out[name], *(b for b in found if not any(b in w for w in others))]))
    return out
