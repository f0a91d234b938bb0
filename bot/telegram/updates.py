"""Long polling that one malformed update cannot jam.

PTB parses a whole ``getUpdates`` batch at once; if any update in it fails to parse, the
updater logs the error and asks again *with the same offset*, gets the same batch, and so
on for ever: every update after the bad one is never answered (seen with PTB 22.8).

:class:`SkipMalformedUpdates` wraps the request PTB polls with and checks each update of a
``getUpdates`` answer on its own. One that does not parse is logged (its id and what went
wrong, never its content) and replaced by a bare ``{"update_id": n}``: no handler takes
an update without content, and its id still moves the offset past it. An entry without
a usable ``update_id`` cannot be confirmed at all and is left out.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update

from bot.telegram.wrapped_request import WrappedRequest

log = logging.getLogger(__name__)


class SkipMalformedUpdates(WrappedRequest):
    """A request for ``getUpdates`` whose answers never hold an update PTB cannot parse."""

    __slots__ = ()

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(url, method, *args, **kwargs)
        if code == 200 and url.rsplit("/", 1)[-1] == "getUpdates":
            payload = usable_updates(payload)
        return code, payload


def usable_updates(payload: bytes) -> bytes:
    """A ``getUpdates`` response body with every update that does not parse made harmless."""
    try:
        body = json.loads(payload.decode("utf-8", "replace"))
    except ValueError:
        return payload  # PTB reports an unreadable response itself
    result = body.get("result") if isinstance(body, dict) else None
    if not isinstance(result, list):
        return payload
    kept: list[Any] = []
    changed = False
    for entry in result:
        problem = _problem(entry)
        if problem is None:
            kept.append(entry)
            continue
        changed = True
        update_id = entry.get("update_id") if isinstance(entry, dict) else None
        if isinstance(update_id, int) and not isinstance(update_id, bool):
            log.warning("skipped malformed update %d (%s)", update_id, problem)
            kept.append({"update_id": update_id})
        else:
            log.warning("dropped a malformed update without an update_id (%s)", problem)
    if not changed:
        return payload
    return json.dumps({**body, "result": kept}).encode()


def _problem(entry: object) -> str | None:
    """Why PTB cannot parse ``entry`` as an Update (the exception type), or None if it can."""
    if not isinstance(entry, dict):
        return f"not an object but {type(entry).__name__}"
    if not isinstance(entry.get("update_id"), int) or isinstance(entry.get("update_id"), bool):
        return "no integer update_id"
    try:
        Update.de_json(entry, None)
    except Exception as exc:  # whatever PTB's parsing raises, that update is unusable
        return type(exc).__name__
    return None
