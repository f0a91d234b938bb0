"""A web app over the real knowledge, on aiohttp's test server, with a fixed today."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.knowledge.base import KnowledgeBase
from bot.web.app import create_app
from bot.web.settings import WebSettings

TODAY = dt.date(2023, 11, 20)  # inside the collection period for policy year 2024


@pytest.fixture
async def client(kb: KnowledgeBase) -> AsyncIterator[TestClient]:
    app = create_app(lambda: kb, lambda: TODAY, WebSettings(rate=0))
    async with TestClient(TestServer(app)) as c:
        yield c


@dataclass(frozen=True)
class PageLink:
    label: str
    href: str
    classes: tuple[str, ...]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[PageLink] = []
        self.say = ""
        self.notes: list[str] = []
        self._in: str | None = None
        self._attrs: dict[str, str] = {}
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        button = tag == "a" and "btn" in a.get("class", "").split()
        if button or (tag == "div" and a.get("id") == "say") or (tag == "p" and a.get("class") == "note"):
            self._in, self._attrs, self._buf = tag, a, []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in != tag:
            return
        text = "".join(self._buf)
        if tag == "a":
            self.links.append(PageLink(text, self._attrs["href"], tuple(self._attrs["class"].split())))
        elif tag == "div":
            self.say = text
        else:
            self.notes.append(text)
        self._in = None


def parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def share_link(html: str) -> str | None:
    m = re.search(r'<a class="link" href="([^"]+)"', html)
    return unescape(m.group(1)) if m else None
