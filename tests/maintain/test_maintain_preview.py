"""Preview date: --as-of / YIBAO_AS_OF move "today" for answer and ask."""

from __future__ import annotations

import datetime as dt
import json
import sys
import types

import pytest
from maintain_helpers import SHILI_2025, fixture_knowledge, run_cli

from bot.__main__ import _parser, _today_for_ask


@pytest.fixture(autouse=True)
def _fictional_knowledge(tmp_path, monkeypatch):
    """Only the fictional 示例县 2025 notice, so real notices arriving do not move these tests."""
    monkeypatch.setenv("YIBAO_KNOWLEDGE_DIR", str(fixture_knowledge(tmp_path / "k", SHILI_2025)))


def _answer(*extra: str) -> dict:
    r = run_cli("answer", "--region", "示例县", "--json", *extra)
    assert r.code == 0, r.out
    return json.loads(r.stdout)


def test_as_of_is_the_default_payment_date():
    first = _answer("--as-of", "2024-10-08")
    assert (first["paid_on"], first["policy_year"]) == ("2024-10-08", 2025)
    assert first["benefit_start"] == "2025-01-01"
    later = _answer("--as-of", "2025-03-05")
    assert later["paid_on"] == "2025-03-05"
    assert later["benefit_start"] == "2025-04-01"  # late payment: cover from next month


def test_paid_on_still_wins_over_as_of():
    assert _answer("--as-of", "2024-10-08", "--paid-on", "2024-11-11")["paid_on"] == "2024-11-11"


def test_as_of_past_every_policy_year_gives_the_stale_message():
    fresh, stale = _answer("--as-of", "2024-10-08"), _answer("--as-of", "2026-03-01")
    assert fresh["stale"] is False and stale["stale"] is True
    assert stale["payment_reason"] == "stale" and stale["paid_on"] == "2026-03-01"
    stale_note = stale["notes"][0]  # the engine's `stale` note, as templates/notes.j2 words it
    assert "2025" in stale_note and "2026" in stale_note and stale_note not in fresh["notes"]
    text = run_cli("answer", "--region", "示例县", "--as-of", "2026-03-01")
    assert text.code == 0 and stale_note in text.stdout
    before = run_cli("answer", "--region", "示例县", "--as-of", "2024-10-08")
    assert stale_note not in before.stdout


def test_env_preview_date(monkeypatch):
    monkeypatch.setenv("YIBAO_AS_OF", "2026-03-01")
    assert _answer()["paid_on"] == "2026-03-01" and _answer()["stale"] is True
    assert _answer("--as-of", "2024-10-08")["paid_on"] == "2024-10-08"  # the flag wins


def test_bad_as_of_exits_2():
    r = run_cli("answer", "--region", "示例县", "--as-of", "tomorrow")
    assert r.code == 2 and r.stderr.strip()


def test_ask_honours_as_of_today_and_env(monkeypatch):
    parse = _parser().parse_args
    assert _today_for_ask(parse(["ask", "乌市多少钱", "--as-of", "2024-03-05"])) == dt.date(2024, 3, 5)
    assert _today_for_ask(parse(["ask", "乌市多少钱", "--today", "2024-03-06"])) == dt.date(2024, 3, 6)
    both = parse(["ask", "x", "--today", "2024-03-06", "--as-of", "2024-03-05"])
    assert _today_for_ask(both) == dt.date(2024, 3, 6)
    monkeypatch.setenv("YIBAO_AS_OF", "2024-03-07")
    assert _today_for_ask(parse(["ask", "乌市多少钱"])) == dt.date(2024, 3, 7)


def test_ask_command_gets_the_preview_date(monkeypatch):
    """`ask` is dispatched with the preview day as today (its module is another engineer's)."""
    import bot.cli

    seen: list[dt.date] = []
    fake = types.ModuleType("bot.cli.ask_cmd")
    fake.run = lambda kb, args, today: seen.append(today) or 0
    monkeypatch.setitem(sys.modules, "bot.cli.ask_cmd", fake)
    monkeypatch.setattr(bot.cli, "ask_cmd", fake, raising=False)
    assert run_cli("ask", "乌市多少钱", "--as-of", "2026-10-01").code == 0
    assert run_cli("ask", "乌市多少钱", "--today", "2024-02-02").code == 0
    monkeypatch.setenv("YIBAO_AS_OF", "2025-05-05")
    assert run_cli("ask", "乌市多少钱").code == 0
    assert seen == [dt.date(2026, 10, 1), dt.date(2024, 2, 2), dt.date(2025, 5, 5)]
