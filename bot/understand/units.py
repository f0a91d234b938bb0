"""Households within one question ("3户 一户4口普通 一户低保2口", "低保5户 每户3口人",
"老王家4口人低保 老李家3口人普通"): the text cut into one piece per household (or per group of
alike households), each with how many households it stands for and how many people each has.

Only the cutting is here; bot.understand.members reads each piece's people as it reads a whole
question. Word lists live in ``cues.yaml`` (``household_units``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.understand.numbers import to_int
from bot.understand.slots import CUES

_WORDS = CUES["household_units"]
_NUM = r"(\d{1,3}|[" + "".join(CUES["count_numerals"]) + "百零]{1,4})"
_EACH = re.compile("|".join(map(re.escape, _WORDS["each"])))
# "一户", "3户", "两户": so many households; "每户": each of them; "老王家4口": one household
_ANCHOR = re.compile(
    "(?:" + _EACH.pattern + ")|" + _NUM + "(?:" + "|".join(map(re.escape, _WORDS["households"])) + ")"
    "(?!" + "|".join(map(re.escape, _WORDS["not_then"])) + ")"
    "|(?<=\\S)(?:" + "|".join(map(re.escape, _WORDS["family"])) + ")(?=" + _NUM + "口)")
_SIZE = re.compile(_NUM + "(?:" + "|".join(map(re.escape, _WORDS["people"])) + ")")
_BREAKS = "".join(re.escape(c) for c in CUES["clause_breaks"]) + "\\s"


@dataclass
class Unit:
    """A piece of the text about ``households`` alike households of ``size`` people each."""

    text: str
    households: int = 1
    size: int | None = None  # None: not said


def _clauses(text: str) -> list[str]:
    """The text cut at clause breaks and spaces, and before a second household word in one
    clause ("一户4口普通人一户低保2口")."""
    out: list[str] = []
    for clause in re.split("[" + _BREAKS + "]+", text):
        starts = [m.start() for m in _ANCHOR.finditer(clause)]
        cuts = [0, *starts[1:], len(clause)]
        out += [clause[a:b] for a, b in itertools.pairwise(cuts) if clause[a:b]]
    return out


def _households(clause: str) -> int | None:
    """How many households a clause names (None: it names none); "每户" is no count of its own."""
    m = _ANCHOR.search(clause)
    if m is None or _EACH.match(clause[m.start():]):
        return None
    if m.group(1):
        return to_int(m.group(1))
    return 1


def _size(clause: str) -> int | None:
    m = _SIZE.search(clause)
    return to_int(m.group(1)) if m else None


def household_units(text: str, describes: Callable[[str], bool]) -> list[Unit] | None:
    """The households the text lists, each with its own words; None when it lists fewer than
    two (one family's question is read whole) or a household's size is left unsaid.
    ``describes``: whether a piece names who its people are (a category, an ordinary resident);
    a piece naming neither nor their number is a heading ("3户")."""
    units: list[Unit] = []
    each = False
    for clause in _clauses(text):
        n = _households(clause)
        if _EACH.search(clause) and units:  # "每户3口": the size of the households just named
            each = True
            for u in units:
                u.size = u.size or _size(clause)
            units[-1].text += " " + _EACH.sub("", clause)
        elif n is not None:
            units.append(Unit(clause, n, _size(clause)))
        elif units:
            units[-1].text += " " + clause  # "都是低保": said of the household just named
    units = _without_heading(units, describes)
    if not units or any(u.size is None for u in units) or (len(units) < 2 and not each):
        return None
    return units


def _without_heading(units: list[Unit], describes: Callable[[str], bool]) -> list[Unit]:
    """The units past a heading: "3户" before the three households it counts, or a count of
    households whose people are neither numbered nor described."""
    if len(units) > 1 and not describes(units[0].text) and units[0].households == sum(
            u.households for u in units[1:]):
        units = units[1:]
    return [u for u in units if u.size is not None or describes(u.text)]
