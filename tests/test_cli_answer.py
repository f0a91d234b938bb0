"""`python -m bot answer` as scripts use it: the JSON contract, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=env)


CONTRACT_KEYS = {"region", "policy_year", "tier", "identity", "medical", "long_term_care",
                 "total_personal", "window", "payment_open", "benefit_start", "benefit_end",
                 "sources", "notes"}


def test_json_contract():
    p = run("answer", "--region", "乌市", "--identity", "低保户", "--paid-on", "2023-10-01", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert set(data) >= CONTRACT_KEYS
    assert set(data["medical"]) >= {"standard", "subsidy", "personal", "subsidy_payers"}
    assert data["medical"]["personal"] == 76 and data["long_term_care"]["personal"] == 8
    assert data["total_personal"] == 84
    assert data["window"] == {"name": "集中参保缴费期", "start": "2023-09-01", "end": "2023-12-31"}
    assert isinstance(data["medical"]["standard"], int)
    assert {"notice": "乌医保〔2023〕36号", "clause": "一（四）"} in data["sources"]


def test_identity_repeats():
    p = run("answer", "--region", "酉阳", "--identity", "低保", "--identity", "特别扶助",
            "--tier", "1", "--paid-on", "2023-10-01", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["identity"].startswith("计划生育家庭特别扶助")


def test_text_output_leads_with_what_to_pay():
    p = run("answer", "--region", "屯留", "--identity", "返贫致贫", "--paid-on", "2023-10-10")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    pay = next(i for i, line in enumerate(lines) if "个人要交" in line)
    src = next(i for i, line in enumerate(lines) if "依据" in line)
    assert "38元" in lines[pay] and pay < src
    assert "屯政办发〔2023〕27号" in lines[src]
    assert len(p.stdout) < 1000


def test_paid_on_defaults_to_as_of():
    p = run("answer", "--region", "乌鲁木齐", "--as-of", "2023-11-11", "--json")
    assert json.loads(p.stdout)["paid_on"] == "2023-11-11"
    p = run("answer", "--region", "乌鲁木齐", "--json", env_extra={"YIBAO_AS_OF": "2023-11-12"})
    assert json.loads(p.stdout)["paid_on"] == "2023-11-12"


def test_today_says_plainly_the_knowledge_is_2024():
    p = run("answer", "--region", "乌鲁木齐", "--as-of", "2026-11-22")
    assert p.returncode == 0
    assert "只收录了2024年度" in p.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--region", "北京"], "可选：长治市屯留区、乌拉特前旗、乌鲁木齐市、酉阳土家族苗族自治县"),
        (["--region", "新疆"], "乌鲁木齐市"),
        (["--region", "乌市", "--identity", "火星人"], "可选："),
        (["--region", "乌市", "--paid-on", "2024-02-30"], "2024-02-30"),
        (["--region", "乌市", "--paid-on", "yesterday"], "yesterday"),
        (["--region", "乌市", "--tier", "2"], "不分档次"),
        (["--region", "酉阳", "--tier", "3"], "只有一档、二档"),
        (["--region", "酉阳", "--identity", "计生", "--tier", "1"], "计生奖励扶助、计生特别扶助"),
        (["--region", "屯留", "--identity", "残疾"], "1、2级重度残疾人"),
        (["--region", "乌市", "--born-on", "2024-05-01", "--paid-on", "2024-04-01"], "晚于缴费日期"),
        (["--region", "乌市", "--student", "kindergarten"], "school"),
        (["--region", "乌市", "--as-of", "soon"], "soon"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, fragment):
    p = run("answer", *args)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    assert fragment in p.stderr


def test_fuzzy_region_typo_is_understood():
    p = run("answer", "--region", "乌鲁木齐是", "--paid-on", "2023-10-01", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["region"] == "乌鲁木齐市"


def test_broken_knowledge_is_reported_not_raised(tmp_path):
    import shutil

    folder = tmp_path / "k"
    shutil.copytree(ROOT / "knowledge", folder)
    f = folder / "2024-tunliu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("standard: 380", "standard: 三百八"), encoding="utf-8")
    p = run("answer", "--region", "屯留", env_extra={"YIBAO_KNOWLEDGE_DIR": str(folder)})
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    assert "2024-tunliu.yaml:" in p.stderr and "standards[0].standard" in p.stderr
