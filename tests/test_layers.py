"""The package layering, checked on the code's own imports (every ``import``/``from`` in bot/,
deferred ones included): no loop between packages, and the arrows the design forbids."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"

# (from, to): what must never import what.
WORDING = ("render", "present", "jinja2")
USERS = ("engine", "understand", "conversation", "telegram", "cli", "chat", "maintain")
FORBIDDEN = [
    # the engine and the understanding return data; only bot.render/bot.present word it
    *[(low, high) for low in ("engine", "understand", "knowledge") for high in WORDING],
    # knowledge is the bottom: it knows nothing of how it is used
    *[("knowledge", p) for p in USERS],
    # the engine knows no channel and no conversation
    *[("engine", p) for p in ("understand", "conversation", "telegram", "cli", "chat", "maintain", "ledger")],
    *[("ledger", p) for p in ("conversation", "telegram", "cli", "chat", "maintain")],
    # the conversation is the same for every channel
    *[("conversation", p) for p in ("telegram", "cli", "chat", "maintain")],
    # adapters and tools do not reach into each other
    *[(p, q) for p in ("telegram", "maintain", "cli") for q in ("chat",)],
    *[(p, "cli") for p in ("telegram", "maintain", "chat")],
    ("maintain", "telegram"),
    ("understand", "telegram"),
    # channels do not reach into each other; what two need lives below them
    ("web", "telegram"), ("telegram", "web"), ("web", "chat"), ("ledger", "telegram"), ("ledger", "web"),
    # the web channel is an adapter like the others: nothing below it knows it
    *[(p, "web") for p in ("engine", "understand", "knowledge", "conversation", "telegram", "cli", "chat",
                           "maintain", "render", "present")],
    ("web", "chat"),
    ("web", "maintain"),
    # reminders plan and word dates from the engine; the conversation and the channels use them
    # (maintain is allowed: notice alerts compare knowledge versions with its `knowledge diff`)
    *[("reminders", p) for p in ("conversation", "understand", "telegram", "web", "cli", "chat",
                                 "ledger")],
    *[(p, "reminders") for p in ("engine", "knowledge", "render", "present", "understand")],
    # the store keeps rows: no channel, no conversation, no wording reaches into it
    *[("store", p) for p in ("telegram", "web", "cli", "chat", "conversation", *WORDING)],
]


def package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "jinja2":
        return "jinja2"
    if parts[0] != "bot" or len(parts) < 2:
        return None
    return parts[1]


def arrows() -> dict[tuple[str, str], list[str]]:
    """(package, package) → the files that make that import."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(BOT.rglob("*.py")):
        rel = path.relative_to(BOT)
        here = rel.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module == "bot":  # from bot import clock
                    names += [f"bot.{a.name}" for a in node.names]
            for name in names:
                there = package_of(name)
                if there and there != here:
                    found[(here, there)].append(f"bot/{rel}:{node.lineno}")
    return found


def test_no_forbidden_import():
    found = arrows()
    bad = {pair: found[pair] for pair in FORBIDDEN if pair in found}
    assert not bad, f"forbidden imports: {bad}"


def test_no_loop_between_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in arrows():
        graph[a].add(b)
    loops = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                loops.append([*path[path.index(nxt):], nxt])
            elif len(path) < 12:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert not loops, f"import loops between packages: {loops[:5]}"


# Inside bot/understand: ask.py only routes, so no module of a kind of question imports it (it
# re-exports result.py's names for the layers above), and result.py, the data every kind of
# question returns, imports none of them.
QUESTION_KINDS = ("one_person", "household", "region_wide", "not_on_file", "facts", "person_figures",
                  "newborn", "candidates", "beside", "follow_up", "situated")


def understand_imports() -> dict[str, set[str]]:
    """bot/understand module → the bot.understand modules it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((BOT / "understand").glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot.understand."):
                names.add(node.module.removeprefix("bot.understand."))
        found[path.stem] = names
    return found


def test_the_understanding_routes_from_ask_only():
    found = understand_imports()
    assert set(QUESTION_KINDS) <= set(found)
    assert [m for m, names in found.items() if "ask" in names] == []
    assert found["result"] & set(QUESTION_KINDS) == set()
