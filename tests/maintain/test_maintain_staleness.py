"""Staleness: regions without a notice for the policy year being collected.

Built on the fictional 示例县 notices only, so real notices arriving do not move them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from maintain_helpers import SHILI_2025, SHILI_2026, fixture_knowledge, run_cli

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.staleness import collection_opens, stale_regions, stale_warnings, year_under_way

D = dt.date
SHILI = "示例县"


@pytest.fixture
def only_2025(tmp_path) -> KnowledgeBase:
    return KnowledgeBase.load(fixture_knowledge(tmp_path / "k", SHILI_2025))


@pytest.mark.parametrize(
    ("today", "wanted"),
    [
        (D(2024, 8, 31), 2024),  # the 2025 collection has not begun
        (D(2024, 9, 1), 2025),  # Sept 1 of Y-1: collection for 2025 under way
        (D(2024, 12, 31), 2025),
        (D(2025, 1, 1), 2025),
        (D(2025, 8, 31), 2025),
        (D(2025, 9, 1), 2026),
        (D(2026, 11, 22), 2027),
    ],
)
def test_the_year_under_way_turns_on_september_1(only_2025, today, wanted):
    assert year_under_way(only_2025.regions[SHILI], today) == wanted


def test_current_while_the_notice_covers_the_year_under_way(only_2025):
    assert stale_regions(only_2025, D(2024, 9, 1)) == []
    assert stale_regions(only_2025, D(2025, 8, 31)) == []
    assert stale_regions(only_2025, D(2020, 1, 1)) == []  # before every notice: a preview of the past


def test_stale_from_september_1_of_the_year_before(only_2025):
    found = stale_regions(only_2025, D(2025, 9, 1))
    assert found == [(SHILI, 2025, 2026)]
    region, latest, wanted = found[0]  # a plain (region, latest_year, wanted_year) tuple
    assert (region, latest, wanted) == (found[0].region, found[0].latest_year, found[0].wanted_year)
    assert stale_regions(only_2025, D(2026, 12, 1)) == [(SHILI, 2025, 2027)]


def test_next_years_notice_clears_the_warning(tmp_path):
    kb = KnowledgeBase.load(fixture_knowledge(tmp_path / "k", SHILI_2025, SHILI_2026))
    assert stale_regions(kb, D(2025, 9, 15)) == []
    assert stale_regions(kb, D(2026, 9, 1)) == [(SHILI, 2026, 2027)]


def test_a_missing_middle_year_is_stale(tmp_path):
    folder = fixture_knowledge(tmp_path / "k", SHILI_2026)
    (folder / "2024-shilixian.yaml").write_text(
        SHILI_2025.read_text(encoding="utf-8")
        .replace("policy_year: 2025", "policy_year: 2024")
        .replace("示例医保发〔2099〕1号", "示例医保发〔2099〕0号"),
        encoding="utf-8",
    )
    kb = KnowledgeBase.load(folder)
    assert stale_regions(kb, D(2024, 10, 1)) == [(SHILI, 2026, 2025)]


def test_an_earlier_local_opening_warns_earlier(tmp_path):
    folder = fixture_knowledge(tmp_path / "k", SHILI_2025,
                               edits={"2025-shilixian.yaml": ("start: 2024-09-01", "start: 2024-08-15")})
    kb = KnowledgeBase.load(folder)
    assert collection_opens(kb.regions[SHILI], 2026) == D(2025, 8, 15)
    assert stale_regions(kb, D(2025, 8, 14)) == []
    assert stale_regions(kb, D(2025, 8, 20)) == [(SHILI, 2025, 2026)]


def test_a_later_local_opening_does_not_delay_the_warning(tmp_path):
    folder = fixture_knowledge(tmp_path / "k", SHILI_2025,
                               edits={"2025-shilixian.yaml": ("start: 2024-09-01", "start: 2024-10-01")})
    kb = KnowledgeBase.load(folder)
    assert collection_opens(kb.regions[SHILI], 2026) == D(2025, 9, 1)
    assert stale_regions(kb, D(2025, 9, 2)) == [(SHILI, 2025, 2026)]


def test_check_warns_on_stderr_and_still_exits_0(tmp_path):
    folder = fixture_knowledge(tmp_path / "k", SHILI_2025)
    r = run_cli("knowledge", "check", str(folder), "--as-of", "2025-10-08")
    assert r.code == 0
    assert r.stdout == "OK: 1 notices, 1 regions, policy years 2025\n"
    assert r.stderr == ("warning: 示例县: no notice for policy year 2026 "
                        "(collection under way since 2025-09-01); latest on file: 2025\n")


def test_check_is_quiet_while_current_and_honours_the_env(tmp_path, monkeypatch):
    folder = fixture_knowledge(tmp_path / "k", SHILI_2025)
    r = run_cli("knowledge", "check", str(folder), "--as-of", "2024-10-08")
    assert (r.code, r.stderr) == (0, "")
    monkeypatch.setenv("YIBAO_AS_OF", "2025-09-02")
    monkeypatch.setenv("YIBAO_KNOWLEDGE_DIR", str(folder))
    r = run_cli("knowledge", "check")
    assert r.code == 0 and r.stderr.count("warning:") == 1


def test_check_rejects_a_bad_date():
    assert run_cli("knowledge", "check", "--as-of", "2024-13-45").code == 2


def test_warning_lines_match_the_tuples(tmp_path):
    kb = KnowledgeBase.load(fixture_knowledge(tmp_path / "k", SHILI_2025))
    for today in (D(2024, 10, 1), D(2025, 9, 1), D(2027, 3, 1)):
        assert len(stale_warnings(kb, today)) == len(stale_regions(kb, today))


def test_the_real_knowledge_runs_through_the_check(kb):
    # no assumption about which real notices are on file: every region is judged alike
    today = D(2026, 11, 22)
    for region, latest, wanted in stale_regions(kb, today):
        assert region in kb.regions and latest < wanted == 2027
