"""YAML scenario tests (OpenFisca style): a situation in, the expected fields out.

The expected figures in tests/scenarios/*.yaml were read off the notices by hand;
the test goes through the same path as `python -m bot answer --json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli.answer_cmd import situation_from_args
from bot.engine.calculator import calculate
from bot.present import answer_json

SCENARIO_DIR = Path(__file__).parent / "scenarios"


def _load() -> list[Any]:
    cases = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return cases


def _norm(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _assert_subset(expected: Any, actual: Any, path: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            _assert_subset(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert len(expected) == len(actual), f"{path}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _assert_subset(e, a, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def run_case(kb, inp: dict) -> dict:
    args = argparse.Namespace(
        region=inp["region"],
        identity=list(inp.get("identity", [])),
        born_on=_norm(inp.get("born_on")),
        student=inp.get("student"),
        tier=str(inp["tier"]) if "tier" in inp else None,
        paid_on=_norm(inp.get("paid_on")),
    )
    today = inp.get("as_of", dt.date(2023, 10, 1))
    return answer_json(calculate(kb, situation_from_args(kb, args, today)))


@pytest.mark.parametrize("case", _load())
def test_scenario(kb, case):
    result = run_case(kb, case["input"])
    _assert_subset(_norm(case.get("expect", {})), result, "answer")
    got_sources = {(s["notice"], s["clause"]) for s in result["sources"]}
    for notice, clause in case.get("sources", []):
        assert (notice, clause) in got_sources, f"missing source {notice} {clause}: {got_sources}"
    notes = "\n".join(result["notes"])
    for fragment in case.get("notes_contain", []):
        assert fragment in notes, f"no note containing {fragment!r} in:\n{notes}"
    if "alternatives" in case:
        got = {a["identity"]: a["total_personal"] for a in result["alternatives"]}
        assert got == case["alternatives"]


def test_every_category_of_every_region_has_a_scenario(kb):
    """Coverage lint: a new category without a scenario fails here."""
    covered: dict[str, set[str]] = {}
    for param in _load():
        case = param.values[0]
        result = run_case(kb, case["input"])
        ids = {result["identity_id"]} | {a["identity_id"] for a in result["alternatives"]}
        covered.setdefault(result["region"], set()).update(i for i in ids if i)
    for name, region in kb.regions.items():
        wanted = {c.id for c in region.latest().model.categories}
        assert wanted <= covered.get(name, set()), f"{name}: no scenario for {wanted - covered[name]}"


def test_every_answer_cites_its_notice(kb):
    for param in _load():
        result = run_case(kb, param.values[0]["input"])
        assert result["sources"], param.id
        assert all(s["notice"] and s["clause"] for s in result["sources"])
