"""Screens as HTML: each button a link to the state it leads to (bot/web/links.py).

The words are the conversation's own (bot/conversation, the same as Telegram's); the page
around them comes from templates/web/, rendered by an environment of its own with
autoescape on (bot/render.py's is for plain-text messages and escapes nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, StrictUndefined

from bot import render
from bot.conversation.screens import Kind, Screen
from bot.conversation.state import Action, fill_date
from bot.web.links import LinkCodec


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    kind: str


@cache
def web_environment() -> Environment:
    plain = render.environment()
    env = Environment(
        loader=plain.loader,
        undefined=StrictUndefined,
        autoescape=True,  # every value in a page is escaped: the text typed, names from the knowledge
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["date_cn"] = render.date_cn
    env.globals["group_sources"] = render.group_sources
    return env


def page(name: str, **context: Any) -> str:
    return web_environment().get_template(f"web/{name}").render(**context)


def href(query: str) -> str:
    return f"/?{query}" if query else "/"


def button_links(codec: LinkCodec, screen: Screen, today: dt.date) -> list[list[Link]]:
    """The screen's buttons as links, row by row; the share button is a block of its own."""
    rows = []
    for row in screen.rows:
        links = []
        for b in row:
            if b.kind == Kind.SHARE or b.target is None:
                continue
            target = b.target
            if b.action == Action.TODAY:  # the day the page was made: the link carries the date
                target = fill_date(codec.kb, target, today) or target
            links.append(Link(b.label, href(codec.encode(target, today)), str(b.kind)))
        if links:
            rows.append(links)
    return rows


def share_url(codec: LinkCodec, screen: Screen, today: dt.date, base: str) -> str | None:
    if not any(b.kind == Kind.SHARE for b in screen.buttons):
        return None
    return base + href(codec.encode(screen.conv, today))


def chat_page(
    codec: LinkCodec,
    screen: Screen,
    today: dt.date,
    *,
    base: str,
    notes: tuple[str, ...] = (),
    asked: str | None = None,
) -> str:
    """The whole page for ``screen``; ``asked``: the question typed (already masked)."""
    return page(
        "chat.html.j2",
        text=screen.text,
        rows=button_links(codec, screen, today),
        share=share_url(codec, screen, today, base),
        notes=notes,
        asked=asked,
        here=codec.encode(screen.conv, today),
        is_answer=screen.answer is not None or screen.household is not None,
    )
