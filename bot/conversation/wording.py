"""The conversation's words (buttons, prompts, the summary line) from templates/conversation/."""

from __future__ import annotations

from typing import Any

from bot.render import macro


def button(name: str, /, **params: Any) -> str:
    return macro("conversation/buttons.j2", name, **params)


def screen(name: str, /, **params: Any) -> str:
    return macro("conversation/screens.j2", name, **params)
