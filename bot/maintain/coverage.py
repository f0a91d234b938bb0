"""Which numbered clauses of a notice the knowledge cites, and which docs/COVERAGE.md leaves out.

Every statement a resident could ask about is either in ``knowledge/`` with its clause or
listed in ``docs/COVERAGE.md`` with the reason it was left out. This module reads the
three sides: the clause numbers of a notice's text (一、 （一） 1. as the text numbers
them), the clauses a knowledge file's ``source.clause`` fields name, and the clauses
COVERAGE.md lists per knowledge file.

Clause ids are written as the knowledge writes them: 二, 二（一）, 二（一）1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_NUMERALS = "一二三四五六七八九十"
_TOP = re.compile(rf"^([{_NUMERALS}]+)、")
_SUB = re.compile(rf"^（([{_NUMERALS}]+)）")
_ITEM = re.compile(r"^(\d+)[.．](?!\d)")
# one cited clause: 二, 二（一）, 二（一）1, （四）; what follows (（表）, 注, a title) is a note
_CITED = re.compile(rf"^([{_NUMERALS}]+)?((?:（[{_NUMERALS}]+）)*)(\d+)?")
_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|")
_SECTION = re.compile(r"^##\s+(\S+\.yaml)")


def _line(raw: str) -> str:
    """A line of the text without markdown marks and with full-width brackets: the seeds
    mix (一) and （一）, and one wraps its headings in ## **…**."""
    line = raw.strip().lstrip("#").strip().strip("*").strip()
    return line.replace("(", "（").replace(")", "）")


def clauses_of(text: str) -> list[str]:
    """The numbered clauses of a notice's text, in order: 一, 一（一）, 二（一）1 …"""
    out: list[str] = []
    top = sub = ""
    for raw in text.splitlines():
        line = _line(raw)
        if m := _TOP.match(line):
            top, sub = m.group(1), ""
            out.append(top)
        elif (m := _SUB.match(line)) and top:
            sub = f"（{m.group(1)}）"
            out.append(top + sub)
        elif (m := _ITEM.match(line)) and top:
            out.append(f"{top}{sub}{m.group(1)}")
    return list(dict.fromkeys(out))


def _parts(top: str, subs: list[str], item: str | None) -> str:
    return top + "".join(f"（{s}）" for s in subs) + (item or "")


def cited_clauses(clause: str) -> list[str]:
    """The clause ids one ``source.clause`` names: "三、六（三）" → 三, 六（三);
    "二（一）至（四）" → 二（一）…二（四）; "五（表）" → 五; "标题" → nothing."""
    out: list[str] = []
    top = ""
    for part in clause.split("、"):
        left, _, right = part.partition("至")
        m = _CITED.match(left)
        if m is None or not (m.group(1) or m.group(2) or m.group(3)):
            continue
        top = m.group(1) or top
        if not top:
            continue
        subs = re.findall(rf"（([{_NUMERALS}]+)）", m.group(2))
        out.append(_parts(top, subs, m.group(3)))
        end = re.match(rf"^（([{_NUMERALS}]+)）", right)
        if end and subs:  # 二（一）至（四）
            first, last = _NUMERALS.index(subs[-1]), _NUMERALS.index(end.group(1))
            out += [_parts(top, [*subs[:-1], _NUMERALS[i]], None) for i in range(first + 1, last + 1)]
    return out


def _sources(value: Any) -> Iterator[str]:
    """Every ``source.clause`` (and ``fixed_tier_source.clause``) in a loaded knowledge file."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("source", "fixed_tier_source") and isinstance(inner, dict) and "clause" in inner:
                yield str(inner["clause"])
            yield from _sources(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _sources(inner)


def cited_in(data: Any) -> set[str]:
    """The clause ids a knowledge file (as loaded YAML) cites anywhere."""
    return {c for clause in _sources(data) for c in cited_clauses(clause)}


def listed_out(coverage_md: str) -> dict[str, set[str]]:
    """knowledge file name → the clause ids COVERAGE.md lists as left out (its first column,
    under a ``## 2024-tunliu.yaml`` heading; several ids may share a cell, 、-separated)."""
    out: dict[str, set[str]] = {}
    section: str | None = None
    for line in coverage_md.splitlines():
        if m := _SECTION.match(line):
            section = m.group(1)
            out.setdefault(section, set())
        elif section and (m := _ROW.match(line)) and not set(m.group(1)) <= set("-: "):
            out[section].update(cited_clauses(m.group(1)))
    return out


def _ancestors(clause: str, all_clauses: Iterable[str]) -> list[str]:
    return [c for c in all_clauses if c != clause and clause.startswith(c)]


@dataclass(frozen=True)
class Coverage:
    clauses: list[str]  # every numbered clause of the notice
    cited: list[str]  # cited (itself or through a clause under it)
    left_out: list[str]  # listed in COVERAGE.md (itself or a clause above it), not cited
    missing: list[str]  # neither: the test fails on these
    unknown: list[str]  # cited or listed but not a clause of the text (a typo)


def coverage(text: str, cited: set[str], listed: set[str]) -> Coverage:
    clauses = clauses_of(text)
    is_cited = [c for c in clauses if any(x == c or x.startswith(c) for x in cited)]
    rest = [c for c in clauses if c not in is_cited]
    left_out = [c for c in rest if c in listed or set(_ancestors(c, clauses)) & listed]
    missing = [c for c in rest if c not in left_out]
    unknown = sorted((cited | listed) - set(clauses))
    return Coverage(clauses, is_cited, left_out, missing, unknown)


def coverage_of(knowledge_file: Path, notice_text: Path, coverage_md: str) -> Coverage:
    import yaml

    data = yaml.safe_load(knowledge_file.read_text(encoding="utf-8"))
    listed = listed_out(coverage_md).get(knowledge_file.name, set())
    return coverage(notice_text.read_text(encoding="utf-8"), cited_in(data), listed)
