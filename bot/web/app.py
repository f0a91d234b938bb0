"""`python -m bot web`: the aiohttp application, its guards (headers, limits) and the server.

Stateless: any process can serve any request (the state is in the links), so several run
side by side behind a reverse proxy with nothing shared.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from bot import clock
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.holder import KnowledgeHolder, log_automatic_reload, watch_folder
from bot.render import macro
from bot.web import api, chat_pages, context
from bot.web.limits import RateLimit, client_of
from bot.web.links import MAX_QUERY
from bot.web.pages import page
from bot.web.settings import WebSettings

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 64 * 1024  # a form or an API request; the text read from it is cut at 2,000 characters

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_LIMITER = web.AppKey("limiter", RateLimit)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _is_api(request: web.Request) -> bool:
    return request.path.startswith("/api/")


def _refusal(request: web.Request, message: str, status: int) -> web.Response:
    """A short message in the form the caller reads: JSON for the API, a page for people."""
    if _is_api(request):
        return api.json_error(message, status)
    return chat_pages.html(page("message.html.j2", message=message), status)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The per-client limit, the link length cap, and a polite answer instead of a traceback."""
    limiter = request.app[_LIMITER]
    settings = context.settings_of(request)
    client = client_of(request.remote, request.headers.get("X-Forwarded-For"), settings.trust_forwarded)
    if request.path != "/healthz" and not limiter.allow(client):
        response = _refusal(request, macro("web/api.j2", "too_many"), 429)
        response.headers["Retry-After"] = str(limiter.retry_after())
        return response
    if len(request.rel_url.raw_query_string) > MAX_QUERY and _is_api(request):
        return _refusal(request, macro("web/api.j2", "too_long"), 414)
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return _refusal(request, macro("web/api.j2", "not_found"), 404)
    except web.HTTPRequestEntityTooLarge:
        return _refusal(request, macro("web/api.j2", "too_big"), 413)
    except web.HTTPException as exc:
        if exc.status < 400:  # redirects go on as they are
            raise
        return _refusal(request, macro("web/api.j2", "refused"), exc.status)
    except Exception:
        log.exception("request failed: %s %s", request.method, request.path)  # the path only: no query
        return _refusal(request, macro("web/api.j2", "failed"), 500)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def no_icon(request: web.Request) -> web.Response:
    """Browsers ask for /favicon.ico on their own: nothing, cheaply, rather than a 404 page."""
    return web.Response(status=204, headers={"Cache-Control": "public, max-age=86400"})


async def stylesheet(request: web.Request) -> web.FileResponse:
    response = web.FileResponse(STATIC / "web.css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def create_app(
    kb: Callable[[], KnowledgeBase],
    today: Callable[[], dt.date] = clock.today,
    settings: WebSettings | None = None,
) -> web.Application:
    settings = settings or WebSettings()
    app = web.Application(middlewares=[guard], client_max_size=MAX_BODY)
    context.init(app, kb, today, settings)
    app[_LIMITER] = RateLimit(settings.rate, settings.burst)
    app.on_response_prepare.append(_security_headers)
    chat_pages.add_routes(app)
    api.add_routes(app)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/static/web.css", stylesheet)
    app.router.add_get("/favicon.ico", no_icon)
    return app


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Method, path, status and time: never the query (a step's link holds the answers,
    a birth date among them) and never a body (what was typed)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.1fms", request.method, request.path, response.status, time * 1000)


def _reloading(holder: KnowledgeHolder, every: float):
    async def watch(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(watch_folder(holder, every, log_automatic_reload)) if every > 0 else None
        yield
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    return watch


def run_web(holder: KnowledgeHolder, settings: WebSettings) -> int:
    from bot.logs import setup_logging  # the same redacting log lines as the bot

    setup_logging(os.environ.get("YIBAO_LOG_LEVEL") or "INFO")
    every = float(os.environ.get("YIBAO_RELOAD_EVERY") or 60)
    app = create_app(lambda: holder.kb, clock.today, settings)
    app.cleanup_ctx.append(_reloading(holder, every))
    host = settings.listen if ":" not in settings.listen else f"[{settings.listen}]"
    print(f"医保缴费助手 web: http://{host}:{settings.port}/", flush=True)
    web.run_app(app, host=settings.listen, port=settings.port, print=None,
                access_log_class=PathOnlyAccessLogger)
    return 0
