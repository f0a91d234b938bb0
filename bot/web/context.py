"""What every handler reads from the application: the knowledge, today, the settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from aiohttp import web

from bot.knowledge.base import KnowledgeBase
from bot.web.links import LinkCodec
from bot.web.settings import WebSettings

KNOWLEDGE = web.AppKey("knowledge", Callable[[], KnowledgeBase])  # the knowledge serving now
TODAY = web.AppKey("today", Callable[[], dt.date])
SETTINGS = web.AppKey("settings", WebSettings)
_CODEC = web.AppKey("codec", list)  # [LinkCodec] for the knowledge it was made for


def knowledge(request: web.Request) -> KnowledgeBase:
    return request.app[KNOWLEDGE]()


def today_of(request: web.Request) -> dt.date:
    return request.app[TODAY]()


def settings_of(request: web.Request) -> WebSettings:
    return request.app[SETTINGS]


def codec_of(request: web.Request) -> LinkCodec:
    """The link codec for the knowledge serving now (a reload makes a new one)."""
    kb = knowledge(request)
    held = request.app[_CODEC]
    if not held or held[0].kb is not kb:
        held[:] = [LinkCodec(kb)]
    return held[0]


def init(app: web.Application, kb: Callable[[], KnowledgeBase], today: Callable[[], dt.date],
         settings: WebSettings) -> None:
    app[KNOWLEDGE] = kb
    app[TODAY] = today
    app[SETTINGS] = settings
    app[_CODEC] = []
