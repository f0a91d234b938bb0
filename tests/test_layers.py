"""Which packages may import which: the knowledge stands at the bottom, the maintainers'
tools do not lean on the command-line adapters (a package loop `cli ↔ maintain` once did)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"


def _imports(folder: Path) -> list[tuple[str, str]]:
    """(file, imported module) for every `import bot…` / `from bot… import` under ``folder``,
    function-local imports included."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found += [(path.relative_to(BOT.parent).as_posix(), n) for n in names if n.startswith("bot")]
    return found


def _offending(folder: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f, m) for f, m in _imports(BOT / folder)
            if any(m == p or m.startswith(p + ".") for p in forbidden)]


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("knowledge", ("bot.engine", "bot.cli", "bot.maintain", "bot.telegram", "bot.chat",
                       "bot.understand", "bot.render", "bot.present")),
        ("maintain", ("bot.cli", "bot.chat", "bot.telegram")),
        ("engine", ("bot.cli", "bot.maintain", "bot.telegram", "bot.chat")),
    ],
)
def test_imports_point_down_only(folder: str, forbidden: tuple[str, ...]):
    assert _offending(folder, forbidden) == []
