"""The chat pages: `GET /` (a step, from its link) and `POST /ask` (a typed question).

No state on the server: a step's link holds the answers so far, and the question typed goes
in a form's body with the step it was typed at (never in a URL, never in the log).
"""

from __future__ import annotations

import datetime as dt
import logging

from aiohttp import web

from bot import privacy
from bot.conversation.free_text import reply_screen, reply_to
from bot.conversation.screens import Screen, build_screen, typed_date_screen
from bot.conversation.state import Conv, asks_date
from bot.understand.dates import looks_like_date
from bot.web.api import MAX_TEXT
from bot.web.context import codec_of, knowledge, settings_of, today_of
from bot.web.links import MAX_QUERY, BadLink, LinkCodec
from bot.web.pages import chat_page

log = logging.getLogger(__name__)
HTML = "text/html"


def html(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type=HTML, charset="utf-8")


def base_url(request: web.Request) -> str:
    """Where people reach this server, for the link shown to copy."""
    return settings_of(request).public_url or f"{request.scheme}://{request.host}"


def start_page(request: web.Request, note: str, status: int) -> web.Response:
    codec, today = codec_of(request), today_of(request)
    screen = build_screen(codec.kb, Conv(), today)
    return html(chat_page(codec, screen, today, base=base_url(request), notes=(note,)), status)


def _opened(codec: LinkCodec, query: str, today: dt.date) -> tuple[Screen, tuple[str, ...]]:
    opened = codec.decode(query)
    screen = build_screen(codec.kb, opened.conv, today)
    replaced = opened.fingerprint != codec.answer_fingerprint(screen.conv.situation, today)
    return screen, ("updated",) if opened.fingerprint and screen.answer is not None and replaced else ()


async def step(request: web.Request) -> web.Response:
    query = request.rel_url.raw_query_string
    if len(query) > MAX_QUERY:
        return start_page(request, "too_long", 414)
    codec, today = codec_of(request), today_of(request)
    try:
        screen, notes = _opened(codec, query, today)
    except BadLink:
        return start_page(request, "bad_link", 400)
    except Exception as exc:  # a link that decodes to a state no button leads to: start again, never 500
        log.warning("unusable link (%s)", type(exc).__name__)
        return start_page(request, "bad_link", 400)
    return html(chat_page(codec, screen, today, base=base_url(request), notes=notes))


async def ask(request: web.Request) -> web.Response:
    form = await request.post()
    text = str(form.get("text") or "")
    notes: tuple[str, ...] = ("cut",) if len(text) > MAX_TEXT else ()
    text = text[:MAX_TEXT].strip()
    codec, today, kb = codec_of(request), today_of(request), knowledge(request)
    try:
        conv = codec.decode(str(form.get("at") or "")).conv
    except BadLink:
        conv = Conv()
    if not text:
        screen = build_screen(kb, conv, today)
        return html(chat_page(codec, screen, today, base=base_url(request), notes=("empty",)))
    if asks_date(kb, conv) and looks_like_date(text):  # a date typed at a date question answers it
        screen = typed_date_screen(kb, conv, text, today)
    else:
        reply = reply_to(kb, text, today)
        screen = reply_screen(kb, reply, Conv(reply.carry), today)
    body = chat_page(codec, screen, today, base=base_url(request), notes=notes, asked=privacy.redact(text))
    response = html(body)
    response.headers["Cache-Control"] = "no-store"  # holds what was typed
    return response


async def ask_address(request: web.Request) -> web.Response:
    """After a question is posted the address bar shows /ask; copied and opened elsewhere (a
    GET, and the question is not in it) it leads to the start."""
    raise web.HTTPSeeOther("/")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", step)
    app.router.add_post("/ask", ask)
    app.router.add_get("/ask", ask_address)
