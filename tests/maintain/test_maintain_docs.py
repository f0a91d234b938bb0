"""docs/MAINTAINING.md cannot drift: its worked example is run here, command by command.

* ```console blocks: each `$ ` line is run in a scratch copy of the project (the real
  knowledge/ plus tests/fixtures/maintain/); the lines after it are expected output, in
  order, each matching one output line (`...` matches anything; a line of just `...` is
  a reminder that lines were left out); a last line `[exit status N]` gives the exit code
  (otherwise it must be 0).
* `<!-- test: replace PATH "OLD" "NEW" -->` comments edit a file, as the text tells the
  reader to.
* ```sh blocks: each `python -m bot …` line must be accepted by the argument parser.
* `<!-- excerpt: PATH -->` before a ```yaml block: the block's lines are in PATH, in order.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from maintain_helpers import FIXTURES, ROOT, run_cli

from bot.__main__ import _parser
from bot.knowledge.loader import DEFAULT_DIR

DOC = ROOT / "docs" / "MAINTAINING.md"


@dataclass
class Step:
    kind: str  # "command" | "replace"
    text: str
    expected: list[str] = field(default_factory=list)
    args: tuple[str, ...] = ()


def _blocks(text: str, lang: str) -> list[tuple[int, list[str]]]:
    """(start offset, lines) of each fenced block of the language."""
    out = []
    for m in re.finditer(rf"^```{lang}\n(.*?)^```$", text, flags=re.S | re.M):
        out.append((m.start(), m.group(1).splitlines()))
    return out


def doc_steps(text: str) -> list[Step]:
    items: list[tuple[int, Step | list[Step]]] = []
    for m in re.finditer(r'<!-- test: replace (\S+) "(.*?)" "(.*?)" -->', text):
        items.append((m.start(), Step("replace", m.group(0), args=m.groups())))
    for start, lines in _blocks(text, "console"):
        steps: list[Step] = []
        for line in lines:
            if line.startswith("$ "):
                steps.append(Step("command", line[2:]))
            else:
                assert steps, f"output before any command in a console block: {line!r}"
                steps[-1].expected.append(line)
        items.append((start, steps))
    out: list[Step] = []
    for _, item in sorted(items, key=lambda i: i[0]):
        out.extend(item if isinstance(item, list) else [item])
    return out


def _matches(pattern: str, line: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.rstrip().split("..."))
    return re.fullmatch(regex, line.rstrip()) is not None


def assert_output(expected: list[str], output: str, command: str) -> None:
    lines = output.splitlines()
    at = 0
    for want in expected:
        if want.strip() in ("", "..."):
            continue
        while at < len(lines) and not _matches(want, lines[at]):
            at += 1
        assert at < len(lines), f"`{command}`: no line matching {want!r} (in order) in:\n{output}"
        at += 1


def run_step(step: Step, cwd: Path, monkeypatch) -> None:
    if step.kind == "replace":
        path, old, new = step.args
        target = cwd / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{step.text}: {old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        return
    tokens = shlex.split(step.text)
    env: dict[str, str] = {}
    while tokens and re.fullmatch(r"[A-Z_]+=.*", tokens[0]):
        key, _, value = tokens.pop(0).partition("=")
        env[key] = value
    if tokens[:3] == ["python", "-m", "bot"]:
        with monkeypatch.context() as m:
            m.chdir(cwd)
            for key, value in env.items():
                m.setenv(key, value)
            result = run_cli(*tokens[3:])
        status = [int(m.group(1)) for line in step.expected
                  if (m := re.fullmatch(r"\[exit status (\d+)\]", line.strip()))]
        want = status[0] if status else 0
        assert result.code == want, f"`{step.text}` exited {result.code}, not {want}:\n{result.out}"
        expected = [line for line in step.expected if not line.startswith("[exit status")]
        assert_output(expected, result.out, step.text)
        return
    assert tokens[0] in ("cp", "rm", "mkdir"), f"the doc runs an unexpected command: {step.text}"
    assert not env
    done = subprocess.run(tokens, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"`{step.text}`: {done.stderr}"
    assert_output(step.expected, done.stdout, step.text)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project folder: knowledge/ and tests/fixtures/maintain/ as in the repo."""
    shutil.copytree(DEFAULT_DIR, tmp_path / "knowledge")
    shutil.copytree(FIXTURES, tmp_path / "tests" / "fixtures" / "maintain")
    return tmp_path


def test_worked_example_runs_as_written(project, monkeypatch):
    steps = doc_steps(DOC.read_text(encoding="utf-8"))
    commands = [s.text for s in steps if s.kind == "command"]
    # the example covers what the guide promises: check, diff, a preview, both fixtures
    assert any("knowledge check" in c for c in commands)
    assert any("knowledge diff" in c for c in commands)
    assert any(" answer " in c and "--as-of" in c and "示例县" in c for c in commands)
    assert any("2026-shilixian.yaml" in c for c in commands)
    for step in steps:
        run_step(step, project, monkeypatch)
    assert not (project / "practice").exists(), "the example cleans up after itself"
    assert sorted(p.name for p in (project / "knowledge").iterdir()) == sorted(
        p.name for p in DEFAULT_DIR.iterdir()), "the example never touches knowledge/"


def test_commands_shown_in_sh_blocks_parse():
    parser = _parser()
    text = DOC.read_text(encoding="utf-8")
    seen = 0
    for _, lines in _blocks(text, "sh"):
        for line in lines:
            if line.startswith("python -m bot "):
                args = shlex.split(line)[3:]
                parser.parse_args(args)  # SystemExit (a failed test) on an unknown flag
                seen += 1
    assert seen >= 5


def test_yaml_excerpts_are_in_the_fixture():
    text = DOC.read_text(encoding="utf-8")
    found = 0
    for m in re.finditer(r"<!-- excerpt: (\S+) -->\n```yaml\n(.*?)^```$", text, flags=re.S | re.M):
        source = (ROOT / m.group(1)).read_text(encoding="utf-8").splitlines()
        at = 0
        for line in m.group(2).splitlines():
            while at < len(source) and source[at] != line:
                at += 1
            assert at < len(source), f"{m.group(1)} has no line {line!r} (in this order)"
            at += 1
        found += 1
    assert found >= 3


def test_fixtures_are_fictional_and_not_in_knowledge():
    for path in FIXTURES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "虚构示例" in text and "示例医保发〔2099〕" in text
        assert not (DEFAULT_DIR / path.name).exists()
    for path in DEFAULT_DIR.glob("*.yaml"):
        assert "示例县" not in path.read_text(encoding="utf-8")


def test_doc_names_the_staleness_rule_as_coded():
    from bot.knowledge.staleness import OPENS_DAY, OPENS_MONTH

    assert (OPENS_MONTH, OPENS_DAY) == (9, 1)
    assert "September 1 of year Y-1" in DOC.read_text(encoding="utf-8")

