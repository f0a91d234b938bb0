"""No function is graded F by radon (cyclomatic complexity over 40), as ``radon cc -n F`` checks.

A function that complex holds too many rules to read or test one at a time; the engine's
``calculate`` was one (CC 144) until it was split into rule functions, and the free-text
``understand`` another (CC 47).
"""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_rank, cc_visit

BOT = Path(__file__).resolve().parents[1] / "bot"
ROOTS = [BOT]


def graded_f(roots: list[Path], base: Path = BOT.parent) -> list[str]:
    """``path:line name CC n`` for each function, class or method graded F under ``roots``."""
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            for block in cc_visit(path.read_text(encoding="utf-8")):  # functions, classes, methods
                if cc_rank(block.complexity) == "F":
                    where = path.relative_to(base)
                    found.append(f"{where}:{block.lineno} {block.fullname} CC {block.complexity}")
    return found


def test_no_function_is_graded_f():
    assert graded_f(ROOTS) == [], "split these into smaller functions"


def test_the_check_finds_an_f(tmp_path):
    """The check itself works: a function with 41 branches is reported."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(41))
    (tmp_path / "tangled.py").write_text(f"def tangled(x):\n{body}    return -1\n", encoding="utf-8")
    assert [line.split(" ", 1)[1] for line in graded_f([tmp_path], base=tmp_path)] == ["tangled CC 42"]
