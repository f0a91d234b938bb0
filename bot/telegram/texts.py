"""Wording for the Telegram adapter: every string comes from templates/telegram/*.j2."""

from __future__ import annotations

from typing import Any

from bot.render import macro


def message(name: str, /, **params: Any) -> str:
    return macro("telegram/messages.j2", name, **params)


def button(name: str, /, **params: Any) -> str:
    return macro("telegram/buttons.j2", name, **params)


def screen(name: str, /, **params: Any) -> str:
    return macro("telegram/screens.j2", name, **params)


def inline(name: str, /, **params: Any) -> str:
    return macro("telegram/inline.j2", name, **params)
