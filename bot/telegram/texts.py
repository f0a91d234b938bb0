"""Wording only Telegram needs (messages, inline cards): templates/telegram/*.j2.

The conversation's own words (buttons, prompts) are in bot.conversation.wording."""

from __future__ import annotations

from typing import Any

from bot.render import macro


def message(name: str, /, **params: Any) -> str:
    return macro("telegram/messages.j2", name, **params)


def inline(name: str, /, **params: Any) -> str:
    return macro("telegram/inline.j2", name, **params)


def reminders(name: str, /, **params: Any) -> str:
    return macro("telegram/reminders.j2", name, **params)


def ledger(name: str, /, **params: Any) -> str:
    return macro("telegram/ledger.j2", name, **params)
