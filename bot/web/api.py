"""The JSON API: the `answer --json` and `ask --json` objects over HTTP, and its OpenAPI document.

Both call what the command line calls (bot/cli), so an answer is the same object whichever
way it is asked for; an error is HTTP 400 with the command line's one-line message.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from bot import clock
from bot.cli.answer_cmd import situation_from_values
from bot.cli.ask_cmd import result_json
from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.present import answer_json
from bot.render import error_text, macro
from bot.web.api_models import AnswerQuery, AskRequest
from bot.web.context import knowledge, today_of

MAX_TEXT = 2_000  # characters of a typed question that are read; the rest is cut
_REPEATABLE = ("identity",)
_dumps = partial(json.dumps, ensure_ascii=False)


def json_ok(data: Any) -> web.Response:
    return web.json_response(data, dumps=_dumps)


def json_error(message: str, status: int = 400) -> web.Response:
    return web.json_response({"error": message}, status=status, dumps=_dumps)


def api_message(name: str, /, **params: Any) -> str:
    return macro("web/api.j2", name, **params)


def _day_or_error(text: str | None, fallback: dt.date) -> dt.date:
    """As the command line reads --as-of / --today: a bad day is a bad_date error."""
    if text is None:
        return fallback
    try:
        return clock.today(text)
    except ValueError:
        raise InputError("bad_date", text=text) from None


def answer_query(request: web.Request) -> AnswerQuery:
    """The query parameters as the model; InputError-like ValueError with the message."""
    params: dict[str, Any] = {}
    for key in request.query:
        values = request.query.getall(key)
        if key in _REPEATABLE:
            params[key] = values
        elif len(values) > 1:
            raise ValueError(api_message("repeated_param", name=key))
        else:
            params[key] = values[0]
    unknown = sorted(set(params) - set(AnswerQuery.model_fields))
    if unknown:
        raise ValueError(api_message("unknown_param", names=unknown))
    if "region" not in params:
        raise ValueError(api_message("missing_param", name="region"))
    return AnswerQuery.model_validate(params)


async def get_answer(request: web.Request) -> web.Response:
    try:
        q = answer_query(request)
    except (ValueError, ValidationError) as exc:
        return json_error(str(exc) if not isinstance(exc, ValidationError) else api_message("bad_body"))
    kb = knowledge(request)
    try:
        today = _day_or_error(q.as_of, today_of(request))
        s = situation_from_values(kb, q.region, q.identity, born_on=q.born_on, student=q.student,
                                  tier=q.tier, paid_on=q.paid_on, today=today)
        return json_ok(answer_json(calculate(kb, s)))
    except InputError as exc:
        return json_error(error_text(exc))


async def post_ask(request: web.Request) -> web.Response:
    try:
        body = AskRequest.model_validate(await request.json())
    except (ValueError, ValidationError):  # not JSON, not an object, or not these fields
        return json_error(api_message("bad_body"))
    try:
        today = _day_or_error(body.today, today_of(request))
    except InputError as exc:
        return json_error(error_text(exc))
    return json_ok(result_json(knowledge(request), body.text[:MAX_TEXT], today))


async def get_openapi(request: web.Request) -> web.Response:
    from bot.web.openapi import document  # built on first request only

    return json_ok(document())


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/answer", get_answer)
    app.router.add_post("/api/ask", post_ask)
    app.router.add_get("/api/openapi.json", get_openapi)
