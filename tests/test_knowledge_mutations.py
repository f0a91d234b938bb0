"""Mutation sweep of the knowledge checker (issue 12): one broken file at a time in a copy of
knowledge/, every kind of break a maintainer (or an editor, or a bad paste) can make.

For each mutation the checker must refuse the folder (``load_checked`` raises
KnowledgeLoadError; ``python -m bot knowledge check PATH`` exits 1), every error must be one
line shaped ``file:line: field: problem`` naming the broken file (with a positive line
wherever the file could be parsed at all), nothing may raise anything else or print a
traceback, and the real knowledge/ must be left exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.knowledge.check import load_checked
from bot.knowledge.errors import KnowledgeError, KnowledgeLoadError
from bot.knowledge.loader import DEFAULT_DIR

ROOT = Path(__file__).resolve().parents[1]
WULUMUQI, TUNLIU, YOUYANG = "2024-wulumuqi.yaml", "2024-tunliu.yaml", "2024-youyang.yaml"
FIELD = re.compile(r"^[a-z_]+(\[\d+\]|\.[a-z_]+)*$")  # categories[0].medical[0].source


Mutate = Callable[[Path], tuple[str, ...]]  # breaks the folder; returns the files the errors must name


def _replace(name: str, old: str, new: str) -> Mutate:
    def mutate(folder: Path) -> tuple[str, ...]:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}: update the mutation"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return (name,)

    return mutate


def _rewrite(name: str, change: Callable[[str], bytes]) -> Mutate:
    def mutate(folder: Path) -> tuple[str, ...]:
        path = folder / name
        path.write_bytes(change(path.read_text(encoding="utf-8")))
        return (name,)

    return mutate


def _add_file(name: str, text: str) -> Mutate:
    def mutate(folder: Path) -> tuple[str, ...]:
        (folder / name).write_text(text, encoding="utf-8")
        return (name,)

    return mutate


def _copy_notice(name: str, copy: str) -> Mutate:
    """A second notice for the same region and policy year (a stale copy left beside the new)."""

    def mutate(folder: Path) -> tuple[str, ...]:
        shutil.copyfile(folder / name, folder / copy)
        return (name, copy)

    return mutate


def _symlink_loop(folder: Path) -> tuple[str, ...]:
    (folder / "2025-a.yaml").symlink_to("2025-b.yaml")
    (folder / "2025-b.yaml").symlink_to("2025-a.yaml")
    return ("2025-a.yaml", "2025-b.yaml")


LOL = "\n".join(
    ["kind: local", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
) + "\n"


@dataclass(frozen=True)
class Mutation:
    mutate: Mutate
    problem: str  # what the error must say (a fragment of it)
    parsed: bool = True  # False: the file cannot be read at all, so no line can be given


MUTATIONS: dict[str, Mutation] = {
    # duplicate keys, at several depths
    "duplicate key, top level": Mutation(
        _replace(TUNLIU, "kind: local\n", "kind: local\nkind: regional_rules\n"), "is written twice"),
    "duplicate key, depth 1": Mutation(
        _replace(TUNLIU, "  policy_year: 2024\n", "  policy_year: 2024\n  policy_year: 2025\n"),
        "is written twice"),
    "duplicate key, depth 4": Mutation(
        _replace(WULUMUQI, "      - kind: none\n", "      - kind: none\n        kind: full\n"),
        "is written twice"),
    "duplicate key, flow mapping": Mutation(
        _replace(WULUMUQI, "source: {clause: 一（三）}", "source: {clause: 一（三）, clause: 一（四）}"),
        "is written twice"),
    # missing or mistyped values
    "deleted required key": Mutation(_replace(TUNLIU, "  policy_year: 2024\n", ""), "Field required"),
    "deleted required section": Mutation(
        _replace(WULUMUQI, "benefit_period:\n  start: 2024-01-01\n  end: 2024-12-31\n"
                           "  source: {clause: 二（一）1}\n", ""), "a local notice needs: benefit_period"),
    "string for a number": Mutation(_replace(WULUMUQI, "amount: 304\n", 'amount: "304"\n'),
                                    "valid integer"),
    "list for a mapping": Mutation(
        _replace(WULUMUQI, "  source: {clause: 二（一）1}\n", "  source: [二（一）1]\n"), "valid dictionary"),
    "number too long to read": Mutation(
        _replace(WULUMUQI, "amount: 304\n", f"amount: {'3' * 5_000}\n"), "too long to be read"),
    "negative amount": Mutation(_replace(WULUMUQI, "amount: 304\n", "amount: -304\n"),
                                "greater than or equal to 0"),
    "unknown key": Mutation(
        _replace(WULUMUQI, "    medical_assistance: true\n", "    medical_asistance: true\n"), "unknown key"),
    "missing citation": Mutation(
        _replace(WULUMUQI, "        source: {clause: 一（三）}\n", ""), "Field required"),
    # an umbrella word's plain reading must be one of its own candidates
    "plain reading not a candidate": Mutation(
        _replace(TUNLIU, "    plain: wending_tuopin\n", "    plain: dibao\n"),
        "is not one of its candidates"),
    # dates
    "impossible date": Mutation(
        _replace(WULUMUQI, "end: 2023-12-31\n", "end: 2023-02-30\n"), "impossible date"),
    "benefit period ends before it starts": Mutation(
        _replace(WULUMUQI, "  end: 2024-12-31\n  source: {clause: 二（一）1}\n",
                 "  end: 2023-12-31\n  source: {clause: 二（一）1}\n"), "end 2023-12-31 is before start"),
    "window ends before it starts": Mutation(
        _replace(WULUMUQI, "    start: 2023-09-01\n    end: 2023-12-31\n",
                 "    start: 2023-09-01\n    end: 2023-08-31\n"), "end is before start"),
    "two notices for one region and year": Mutation(_copy_notice(YOUYANG, "2024-youyang-copy.yaml"),
                                                    "has two notices for 2024"),
    # bytes and syntax
    "NUL byte": Mutation(_replace(WULUMUQI, "aliases: [稳定脱贫, ", "aliases: [稳定\x00脱贫, "), "U+0000"),
    "zero-width space in an alias": Mutation(
        _replace(WULUMUQI, "aliases: [稳定脱贫, ", "aliases: [稳定\u200b脱贫, "), "U+200B"),
    "GBK-encoded file": Mutation(_rewrite(WULUMUQI, lambda text: text.encode("gbk")), "not UTF-8"),
    "BOM inside a value": Mutation(_replace(WULUMUQI, "aliases: [稳定脱贫, ", "aliases: [稳定\ufeff脱贫, "),
                                   "U+FEFF"),
    "unclosed quote": Mutation(_replace(WULUMUQI, "  title: 关于", '  title: "关于'), "never closed"),
    "tab indentation": Mutation(_replace(TUNLIU, "  policy_year: 2024\n", "\tpolicy_year: 2024\n"), "tab"),
    # cut through a category, at a line (a cut inside a line is another mutation's case); a third
    # of the way in, so aliases added after the categories never move the cut past the last one
    "truncated file": Mutation(_rewrite(YOUYANG, lambda text: text[: text.index(
        "    medical:", len(text) // 3)].encode("utf-8")),
                               "Field required"),
    "empty file": Mutation(_rewrite(YOUYANG, lambda text: b""), "must be a YAML mapping"),
    "nested aliases": Mutation(_add_file("2025-lol.yaml", LOL), "through YAML aliases"),
    "symlink loop": Mutation(_symlink_loop, "symbolic link loop", parsed=False),
}
SUBPROCESS = ("duplicate key, depth 4", "number too long to read", "two notices for one region and year",
              "GBK-encoded file", "BOM inside a value", "nested aliases", "symlink loop")


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def real_knowledge() -> Iterator[dict[str, str]]:
    before = _digest(DEFAULT_DIR)
    yield before
    assert _digest(DEFAULT_DIR) == before
    load_checked()  # and it still loads


@pytest.fixture
def folder(tmp_path: Path, real_knowledge: dict[str, str]) -> Iterator[Path]:
    copy = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, copy)
    yield copy
    assert _digest(DEFAULT_DIR) == real_knowledge, "a mutation reached the real knowledge/"


def check_shape(error: KnowledgeError, names: tuple[str, ...], parsed: bool) -> None:
    """One line, ``file:line: field: problem``, naming a broken file."""
    text = str(error)
    assert "\n" not in text and "Traceback" not in text, text
    assert Path(error.file).name in names, text
    if parsed:
        assert isinstance(error.line, int) and error.line >= 1, text
        assert text.startswith(f"{error.file}:{error.line}: "), text
    else:
        assert text.startswith(f"{error.file}: "), text
    assert not error.field or FIELD.match(error.field), text
    assert error.message.strip(), text


@pytest.mark.parametrize("kind", list(MUTATIONS))
def test_the_checker_refuses_each_mutation_with_file_line_errors(kind: str, folder: Path):
    m = MUTATIONS[kind]
    names = m.mutate(folder)
    with pytest.raises(KnowledgeLoadError) as exc:
        load_checked(folder)
    errors = exc.value.errors
    assert errors, kind
    for error in errors:
        check_shape(error, names, m.parsed)
    assert {Path(e.file).name for e in errors} == set(names), [str(e) for e in errors]
    assert any(m.problem in str(e) for e in errors), [str(e) for e in errors]


@pytest.mark.parametrize("kind", SUBPROCESS)
def test_knowledge_check_exits_1_with_one_line_per_error(kind: str, folder: Path):
    m = MUTATIONS[kind]
    names = m.mutate(folder)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run([sys.executable, "-m", "bot", "knowledge", "check", str(folder)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and p.stdout == "", p.stderr
    *lines, total = p.stderr.splitlines()
    assert total == f"{len(lines)} error(s)" and lines, p.stderr
    files = "|".join(re.escape(n) for n in names)
    where = r":\d+: " if m.parsed else ": "
    for line in lines:
        assert re.match(rf"^\S*/(?:{files}){where}\S", line), line
    assert any(m.problem in line for line in lines), p.stderr
