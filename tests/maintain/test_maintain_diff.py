"""`knowledge diff OLD NEW`: folders and git revisions, text and JSON."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from maintain_helpers import (
    SHILI_2025,
    SHILI_2026,
    commit_all,
    copy_knowledge,
    fixture_knowledge,
    init_repo,
    run_cli,
)

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import DEFAULT_DIR
from bot.maintain.diff import diff_knowledge, render_text
from bot.maintain.sources import SourceError, open_source

AS_OF = "2025-09-15"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def with_2025(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path / "with2025", SHILI_2025)


@pytest.fixture
def with_2026(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path / "with2026", SHILI_2025, SHILI_2026)


def test_same_folder_has_no_differences():
    r = run_cli("knowledge", "diff", str(DEFAULT_DIR), str(DEFAULT_DIR), "--as-of", "2024-01-10")
    assert r.code == 0
    assert "no differences" in r.stdout
    assert "regions added: none" in r.stdout


def test_new_region_is_listed_and_nothing_else_changes(with_2025):
    r = run_cli("knowledge", "diff", str(DEFAULT_DIR), str(with_2025), "--as-of", "2024-10-08")
    assert r.code == 0, r.out
    assert "regions added: 示例县" in r.stdout
    assert "+ 示例县: policy years 2025; 4 categories (普通居民、特困、低保、退役军人)" in r.stdout
    assert ", 0 changed" in r.stdout


def test_removed_region_is_listed(with_2025):
    r = run_cli("knowledge", "diff", str(with_2025), str(DEFAULT_DIR), "--as-of", "2024-10-08")
    assert r.code == 0
    assert "regions removed: 示例县" in r.stdout


def test_next_year_changes_figures_rows(with_2025, with_2026):
    r = run_cli("knowledge", "diff", str(with_2025), str(with_2026), "--as-of", AS_OF)
    assert r.code == 0, r.out
    out = r.stdout
    assert "categories added: 示例县: 边缘户" in out
    assert "policy years: 示例县: 2025 → 2025、2026" in out
    assert "medical.standard  400 → 420" in out
    assert "medical.subsidy   300 → 320" in out
    assert "cites             −示例医保发〔2099〕1号 → +示例医保发〔2099〕2号" in out
    # the real regions are untouched
    assert "乌鲁木齐市:" not in out


def test_changed_standard_names_region_identity_tier_date_field(tmp_path):
    new = copy_knowledge(tmp_path / "k")
    _edit(new / "2024-youyang.yaml", "standard: 755", "standard: 800")
    old_kb, new_kb = KnowledgeBase.load(DEFAULT_DIR), KnowledgeBase.load(new)
    d = diff_knowledge(old_kb, new_kb, today=dt.date(2023, 11, 1))
    assert {c.region for c in d.changes} == {"酉阳土家族苗族自治县"}
    assert {c.tier for c in d.changes} == {1, 2}  # tier 1 only for those fixed at tier 2
    ordinary = [c for c in d.changes if c.category == "ordinary" and c.field == "medical.personal"]
    assert ordinary and all((c.old, c.new, c.tier) == (755, 800, 2) for c in ordinary)
    assert any(c.date == dt.date(2023, 11, 1) for c in ordinary)  # today is sampled
    text = render_text(d)
    assert "酉阳土家族苗族自治县: answers that change" in text
    assert "普通居民 · tier 2 ·" in text and "medical.personal  755 → 800" in text


def test_json_lists_every_changed_cell(with_2025, with_2026):
    r = run_cli("knowledge", "diff", str(with_2025), str(with_2026), "--as-of", AS_OF, "--json")
    assert r.code == 0
    data = json.loads(r.stdout)
    assert data["regions_added"] == [] and data["categories_added"] == {"示例县": ["边缘户"]}
    change = next(c for c in data["changes"] if c["identity"] == "dibao" and c["field"] == "medical.subsidy"
                  and c["date"] == AS_OF and not c["newborn"])
    assert change == {"region": "示例县", "identity": "dibao", "identity_label": "低保", "tier": None,
                      "newborn": False, "date": AS_OF, "field": "medical.subsidy", "old": 300, "new": 320}
    assert data["changed_cases"] > 0 and data["cases"] >= data["changed_cases"]


def test_git_revisions_in_a_temp_repo(tmp_path, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(DEFAULT_DIR, repo / "knowledge")
    first = commit_all(repo, "2024 notices")
    shutil.copy(SHILI_2025, repo / "knowledge")
    second = commit_all(repo, "add 示例县")
    shutil.copy(SHILI_2026, repo / "knowledge")  # not committed: the folder being edited
    monkeypatch.chdir(repo)

    r = run_cli("knowledge", "diff", "HEAD~1", "HEAD", "--as-of", "2024-10-08")
    assert r.code == 0, r.out
    assert "knowledge diff: HEAD~1:knowledge → HEAD:knowledge" in r.stdout
    assert "regions added: 示例县" in r.stdout

    r = run_cli("knowledge", "diff", first, f"{second}:knowledge", "--as-of", "2024-10-08")
    assert r.code == 0 and "regions added: 示例县" in r.stdout

    r = run_cli("knowledge", "diff", "HEAD", "knowledge", "--as-of", AS_OF)
    assert r.code == 0, r.out
    assert "knowledge diff: HEAD:knowledge → knowledge" in r.stdout
    assert "categories added: 示例县: 边缘户" in r.stdout
    assert "medical.standard  400 → 420" in r.stdout


def test_git_revision_copy_is_cleaned_up(tmp_path, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(DEFAULT_DIR, repo / "knowledge")
    commit_all(repo, "v1")
    with open_source("HEAD", repo=repo) as src:
        folder = src.folder
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in DEFAULT_DIR.iterdir())
        assert src.label == "HEAD:knowledge" and src.revision
    assert not folder.exists()


def test_broken_revision_names_the_file_in_the_revision(tmp_path, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(DEFAULT_DIR, repo / "knowledge")
    _edit(repo / "knowledge" / "2024-wulumuqi.yaml", "  - standard: 380", "  - standerd: 380")
    commit_all(repo, "broken")
    monkeypatch.chdir(repo)
    r = run_cli("knowledge", "diff", "HEAD", str(DEFAULT_DIR))
    assert r.code == 1
    assert "HEAD:knowledge/2024-wulumuqi.yaml:" in r.stderr and "standerd" in r.stderr


def test_unknown_folder_or_revision_exits_2(tmp_path, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(DEFAULT_DIR, repo / "knowledge")
    commit_all(repo, "v1")
    monkeypatch.chdir(repo)
    r = run_cli("knowledge", "diff", "no-such-thing", "knowledge")
    assert r.code == 2 and "no-such-thing: no such folder or git revision" in r.stderr
    r = run_cli("knowledge", "diff", "HEAD:elsewhere", "knowledge")
    assert r.code == 2 and "no .yaml files under elsewhere/" in r.stderr
    with pytest.raises(SourceError), open_source("HEAD~5", repo=repo):
        pass


def test_words_residents_type_added_and_removed(tmp_path):
    old = fixture_knowledge(tmp_path / "old", SHILI_2025)
    new = fixture_knowledge(tmp_path / "new", SHILI_2025, edits={"2025-shilixian.yaml": (
        "aliases: [低保, 低保户, 低保对象]", "aliases: [低保, 低保对象, 低保家庭]")})
    r = run_cli("knowledge", "diff", str(old), str(new), "--as-of", "2024-10-08")
    assert r.code == 0
    assert "aliases added: 示例县 低保: 低保家庭" in r.stdout
    assert "aliases removed: 示例县 低保: 低保户" in r.stdout
    assert ", 0 changed" in r.stdout and "no differences" not in r.stdout


def test_places_added_and_removed_are_listed(tmp_path):
    old = copy_knowledge(tmp_path / "old")
    new = copy_knowledge(tmp_path / "new")
    _edit(new / "2024-tunliu.yaml", "names: [麟绛街道, 上村镇, ", "names: [麟绛街道, 新设乡, ")
    d = diff_knowledge(KnowledgeBase.load(old), KnowledgeBase.load(new), today=dt.date(2023, 10, 15))
    assert d.aliases_added == {"长治市屯留区": ["新设乡"]}
    assert d.aliases_removed == {"长治市屯留区": ["上村镇"]}
