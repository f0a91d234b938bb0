"""The Dockerfile (no Docker engine here: read it) and the documented settings."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            out.append((op.upper(), rest.strip()))
    return out


def test_slim_python_base():
    froms = [rest for op, rest in _instructions() if op == "FROM"]
    assert len(froms) >= 1 and re.fullmatch(r"python:3\.1[1-9][\w.-]*-slim[\w.-]*", froms[-1])


def test_runs_as_a_non_root_user_after_installing():
    ins = _instructions()
    users = [i for i, (op, _) in enumerate(ins) if op == "USER"]
    assert users, "no USER instruction"
    final_user = ins[users[-1]][1].split(":")[0]
    assert final_user not in ("root", "0")
    last_run = max(i for i, (op, _) in enumerate(ins) if op == "RUN")
    assert users[-1] > last_run
    assert any(final_user in rest and "useradd" in rest for op, rest in ins if op == "RUN")


def test_copies_code_knowledge_and_templates_and_installs_the_package():
    copied = [shlex.split(rest)[0].rstrip("/") for op, rest in _instructions() if op == "COPY"]
    for needed in ("bot", "knowledge", "templates", "pyproject.toml"):
        assert needed in copied
    runs = " ".join(rest for op, rest in _instructions() if op == "RUN")
    assert re.search(r"pip install( -e)? \.", runs)


def test_starts_the_bot_in_exec_form():
    (cmd,) = [rest for op, rest in _instructions() if op == "CMD"]
    argv = json.loads(cmd)
    assert argv[:3] == ["python", "-m", "bot"]


def test_dockerignore_keeps_secrets_and_clutter_out_but_not_what_the_image_needs():
    lines = [x.strip() for x in (ROOT / ".dockerignore").read_text().splitlines()]
    ignored = {x for x in lines if x and not x.startswith(("#", "!"))}
    for must in (".env", ".venv", ".git", "tests"):
        assert must in ignored
    for needed in ("bot", "knowledge", "templates", "pyproject.toml"):
        assert needed not in ignored


def test_every_setting_the_config_reads_is_documented():
    source = (ROOT / "bot" / "telegram" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:TELEGRAM|YIBAO)_[A-Z_]+)"', source))
    assert {"TELEGRAM_BOT_TOKEN", "YIBAO_MODE", "YIBAO_WEBHOOK_SECRET", "YIBAO_CALLBACK_SECRET"} <= names
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*((?:TELEGRAM|YIBAO)_[A-Z_]+)=", example, re.MULTILINE))
    assert names <= documented
