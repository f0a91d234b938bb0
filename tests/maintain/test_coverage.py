"""Every numbered clause of every notice is cited by the knowledge or listed in
docs/COVERAGE.md as left out on purpose (issue 13, item 3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge.loader import DEFAULT_DIR
from bot.maintain.coverage import cited_clauses, clauses_of, coverage, coverage_of, listed_out

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "tests" / "fixtures" / "notices"
COVERAGE_MD = ROOT / "docs" / "COVERAGE.md"
FILES = sorted(DEFAULT_DIR.glob("*.yaml"))


def test_every_knowledge_file_has_its_notice_text():
    assert len(FILES) >= 5
    for path in FILES:
        source_text = yaml.safe_load(path.read_text(encoding="utf-8"))["notice"].get("source_text")
        assert source_text, f"{path.name}: notice.source_text names no text"
        assert (NOTICES / f"{path.stem}.txt").is_file(), (
            f"{path.name}: copy the notice text ({source_text}) to tests/fixtures/notices/{path.stem}.txt")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_clause_is_cited_or_listed_out(path: Path):
    c = coverage_of(path, NOTICES / f"{path.stem}.txt", COVERAGE_MD.read_text(encoding="utf-8"))
    assert len(c.clauses) >= 5, f"{path.stem}.txt: too few numbered clauses found; is it the notice?"
    assert not c.missing, (f"{path.name}: clauses {'、'.join(c.missing)} of the notice are neither cited by "
                           f"a source.clause nor listed in docs/COVERAGE.md under ## {path.name}")
    assert not c.unknown, (f"{path.name}: {'、'.join(c.unknown)} cited or listed, but the notice has no "
                           "such clause")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_coverage_md_counts_are_current(path: Path):
    text = COVERAGE_MD.read_text(encoding="utf-8")
    c = coverage_of(path, NOTICES / f"{path.stem}.txt", text)
    section = text.split(f"## {path.name}", 1)[1].split("\n## ", 1)[0]
    m = re.search(r"Clauses: (\d+); cited (\d+); left out (\d+)\.", section)
    assert m, f"docs/COVERAGE.md ## {path.name}: no 'Clauses: N; cited N; left out N.' line"
    assert tuple(map(int, m.groups())) == (len(c.clauses), len(c.cited), len(c.left_out)), (
        f"docs/COVERAGE.md ## {path.name}: say Clauses: {len(c.clauses)}; cited {len(c.cited)}; "
        f"left out {len(c.left_out)}.")


def test_clause_numbers_as_the_notices_write_them():
    text = ("一、参保\n（一）城乡居民\n1.特困\n2、3级残疾 640元\n(二)异地\n## **二、标准**\n"
            "2023年9月1日起\n三、附则")
    assert clauses_of(text) == ["一", "一（一）", "一（一）1", "一（二）", "二", "三"]


@pytest.mark.parametrize(("clause", "ids"), [
    ("三、六（三）", ["三", "六（三）"]),
    ("二（一）至（四）", ["二（一）", "二（二）", "二（三）", "二（四）"]),
    ("五（表）", ["五"]),
    ("二（二）注", ["二（二）"]),
    ("标题、一", ["一"]),
    ("二（一）2、二（二）", ["二（一）2", "二（二）"]),
    ("四（一）、（二）", ["四（一）", "四（二）"]),
])
def test_cited_clauses(clause: str, ids: list[str]):
    assert cited_clauses(clause) == ids


def test_a_child_cited_covers_its_parent_and_a_parent_listed_covers_its_children():
    text = "一、甲\n（一）乙\n（二）丙\n二、丁\n（一）戊\n三、己"
    c = coverage(text, cited={"一（一）"}, listed={"二"})
    assert c.cited == ["一", "一（一）"]
    assert c.left_out == ["二", "二（一）"]
    assert c.missing == ["一（二）", "三"]


def test_a_clause_dropped_from_the_knowledge_fails(tmp_path: Path):
    """The check can fail: cite only the note of 乌拉特前旗's ways to pay, and the ways cited
    nowhere else are reported (五（三）, 蒙速办, is also the region's ``province_apps`` source)."""
    text = (DEFAULT_DIR / "2024-wulateqianqi.yaml").read_text(encoding="utf-8")
    assert "clause: 五（一）至（三）、五（注）" in text
    broken = tmp_path / "2024-wulateqianqi.yaml"
    cut = text.replace("clause: 五（一）至（三）、五（注）", "clause: 五（注）")
    broken.write_text(cut, encoding="utf-8")
    c = coverage_of(broken, NOTICES / "2024-wulateqianqi.txt", COVERAGE_MD.read_text(encoding="utf-8"))
    assert c.missing == ["五（一）", "五（二）"]


def test_listed_out_reads_the_tables():
    md = "## a.yaml\n\n| clause | x |\n| --- | --- |\n| 五、六（一） | y |\n## b.yaml\n| 三 | z |\n"
    assert listed_out(md) == {"a.yaml": {"五", "六（一）"}, "b.yaml": {"三"}}
