"""Wording lives in templates/telegram/: no Chinese prose in the adapter's Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bot.telegram

PACKAGE = Path(bot.telegram.__file__).parent
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
# word lists used to *read* input, not wording shown to people
READING_VOCABULARY = {"match.py", "typed.py"}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_chinese_string_literals_in_python():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in READING_VOCABULARY:
            continue
        for line, value in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if CJK.search(value):
                offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {value!r}")
    assert offenders == []
