"""What the bot's HTTP layer needs from python-telegram-bot, checked so that a PTB upgrade
that breaks it fails here, by name, rather than in production.

The transport (bot/telegram/transport.py, wrapped_request.py) uses PTB's public API at run
time. One name has no public equivalent: ``ODVInput``, the timeout type in BaseRequest's own
signature, imported for type checkers only. Hence the PTB range pinned in pyproject.toml to
what these tests ran on.
"""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path
from typing import Any

import telegram
from packaging.requirements import Requirement
from telegram import Bot as TgBot
from telegram.request import BaseRequest, RequestData
from tg_fakeapi import TOKEN, FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
# (module, name) of PTB's private names the bot's code names, for type checkers only
PRIVATE_FOR_TYPE_CHECKERS = [("telegram._utils.types", "ODVInput")]


def _runtime_private_imports(path: Path) -> list[str]:
    """``telegram._…`` imports in ``path`` outside an ``if TYPE_CHECKING:`` block."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking_only: set[int] = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        if isinstance(test, ast.Name | ast.Attribute) and ast.unparse(test).endswith("TYPE_CHECKING"):
            checking_only.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.ImportFrom):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                  if name.split(".")[0] == "telegram" and any(p.startswith("_") for p in name.split("."))]
    return found


def test_no_private_ptb_module_is_imported_at_run_time():
    found = [hit for path in sorted((ROOT / "bot").rglob("*.py")) for hit in _runtime_private_imports(path)]
    assert not found, "PTB's private modules, imported at run time:\n" + "\n".join(found)


def test_the_private_names_our_type_hints_use_are_still_there():
    for module, name in PRIVATE_FOR_TYPE_CHECKERS:
        try:
            found = hasattr(importlib.import_module(module), name)
        except ImportError:
            found = False
        assert found, (f"python-telegram-bot {telegram.__version__} no longer has {module}.{name}, which "
                       f"bot/telegram/transport.py and wrapped_request.py import for type checkers: find "
                       f"where it went, then widen the python-telegram-bot pin in pyproject.toml")


def test_the_installed_ptb_is_in_the_pinned_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (ptb,) = [Requirement(d) for d in project["dependencies"] if d.startswith("python-telegram-bot")]
    assert {"webhooks", "socks"} <= ptb.extras
    assert ptb.specifier.contains(telegram.__version__), (ptb.specifier, telegram.__version__)


class _Recording(FakeBotAPI):
    timeouts: list[Any]

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None, connect_timeout: Any = None,
                         pool_timeout: Any = None) -> tuple[int, bytes]:
        self.timeouts += [read_timeout, write_timeout, connect_timeout, pool_timeout]
        if url.endswith("/getUpdates"):
            return 200, b'{"ok": true, "result": []}'
        return await super().do_request(url, method, request_data)


async def test_a_timeout_not_given_comes_as_base_request_default_none():
    """The transport takes a timeout as "not given" only when it *is* BaseRequest.DEFAULT_NONE
    (PTB's documented test): any other marker would reach aiohttp as a number."""
    api = _Recording()
    api.timeouts = []
    async with TgBot(TOKEN, request=api, get_updates_request=api) as bot:
        await bot.send_message(1, "x")
        await bot.send_document(1, document=b"a,b\n", filename="t.csv")
        await bot.get_updates(timeout=0)
        await bot.send_message(1, "y", read_timeout=3.0)
    not_given = [t for t in api.timeouts if t is BaseRequest.DEFAULT_NONE]
    others = [t for t in api.timeouts if t is not BaseRequest.DEFAULT_NONE]
    assert not_given and all(t is None or isinstance(t, int | float) for t in others), others
    assert 3.0 in others
