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
from telegram._utils.types import ODVInput  # the timeout type BaseRequest's own signature uses
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)


class SkipMalformedUpdates(BaseRequest):
    """A :class:`~telegram.request.BaseRequest` for ``getUpdates`` (see module docs)."""

    __slots__ = ("inner",)

    def __init__(self, inner: BaseRequest) -> None:
        self.inner = inner

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await self.inner.do_request(
            url=url,
            method=method,
            request_data=request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
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
