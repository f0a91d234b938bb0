"""docs/knowledge.schema.json is generated from the models and cannot go stale."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from maintain_helpers import FIXTURES, ROOT, run_cli

from bot.knowledge.loader import DEFAULT_DIR
from bot.maintain.schema import DEFAULT_PATH, HEADER, knowledge_schema, schema_text, undocumented_fields


def test_committed_schema_equals_the_generated_one():
    assert DEFAULT_PATH == ROOT / "docs" / "knowledge.schema.json"
    assert DEFAULT_PATH.read_text(encoding="utf-8") == schema_text(), (
        "docs/knowledge.schema.json is out of date: run `python -m bot knowledge schema`"
    )


def test_every_knowledge_file_starts_with_the_schema_header():
    files = sorted(DEFAULT_DIR.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
    assert len(files) >= 7
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == HEADER, f"{path.name}: first line must be {HEADER!r}"
    assert HEADER.endswith("$schema=../docs/knowledge.schema.json")  # relative to knowledge/


def test_every_field_is_described_for_the_maintainer():
    assert undocumented_fields() == []


def test_schema_shape():
    s = knowledge_schema()
    assert s["$schema"].startswith("https://json-schema.org/")
    assert s["additionalProperties"] is False  # misspelt keys are flagged in the editor
    assert set(s["required"]) == {"kind", "notice", "region", "contacts"}
    rule = s["$defs"]["SubsidyRule"]["properties"]["kind"]
    assert "not_stated" in rule["enum"] and len(rule["enumDescriptions"]) == len(rule["enum"])
    notice = s["properties"]["notice"]
    assert notice["allOf"] == [{"$ref": "#/$defs/NoticeMeta"}] and notice["description"]
    money = s["$defs"]["TierStandard"]["properties"]["standard"]
    assert money["type"] == "integer" and money["minimum"] == 0


def test_cli_writes_and_checks(tmp_path):
    out = tmp_path / "docs" / "schema.json"
    r = run_cli("knowledge", "schema", "--out", str(out))
    assert r.code == 0 and out.read_text(encoding="utf-8") == schema_text()
    assert run_cli("knowledge", "schema", "--out", str(out), "--check").code == 0
    out.write_text("{}\n", encoding="utf-8")
    r = run_cli("knowledge", "schema", "--out", str(out), "--check")
    assert r.code == 1 and "out of date" in r.stderr
    r = run_cli("knowledge", "schema", "--out", "-")
    assert r.code == 0 and json.loads(r.stdout) == knowledge_schema()


def _as_json(value):
    """YAML as an editor sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_knowledge_files_validate_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")  # not a project dependency
    validator = jsonschema.Draft202012Validator(knowledge_schema())
    for path in [*DEFAULT_DIR.glob("*.yaml"), *FIXTURES.glob("*.yaml")]:
        data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], f"{path.name}: {errors}"
