"""Bot API calls that fail for a passing reason are tried again, so no reply is lost.

:class:`RetryingRequest` wraps the HTTP layer PTB uses for the bot's own calls (sendMessage,
editMessageText, answerCallbackQuery, …). It retries, a bounded number of times:

* HTTP 429 with ``retry_after``: waits what Telegram asks (unless that is longer than
  :attr:`RetryPolicy.max_retry_after`; then the error goes up at once),
* HTTP 5xx: Telegram or a proxy in front of it had a problem,
* a timeout or a connection error (``TimedOut`` / ``NetworkError`` from the transport),

with a small exponential backoff. Everything else (400 Bad Request, 403 Forbidden, …) is
not retried: it would fail the same way again. When the tries run out the last response
(or error) is handed back to PTB unchanged, which raises its usual exception.

A timed-out call may have reached Telegram, so a retried ``sendMessage`` can arrive twice;
a retried edit that already happened fails with "message is not modified", which
``replies.edit_screen`` ignores. Telegram offers no idempotency key; at least once is the
better side to err on for a resident waiting for an answer.

``getUpdates`` is not wrapped: PTB's updater already retries polling on its own.

:func:`keep_trying` is for calls the bot can do without (setMyCommands at start-up): made
in the background, retried over minutes rather than seconds, each failure one log line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import warnings
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import BaseRequest
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.wrapped_request import WrappedRequest

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. ``sleep`` is injectable so tests need not wait."""

    attempts: int = 4  # tries in all, the first one included
    backoff: float = 0.5  # seconds before the second try; doubled for each one after
    max_backoff: float = 8.0
    max_retry_after: float = 60.0  # a longer flood wait is not waited out
    sleep: Sleep = field(default=asyncio.sleep, compare=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValueError("delays cannot be negative")

    def backoff_before(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the second try)."""
        return min(self.backoff * 2 ** (retry - 1), self.max_backoff)


DEFAULT_RETRY = RetryPolicy()
# Calls made in the background (keep_trying): ~15 minutes of tries, then left for the next start.
LATER_RETRY = RetryPolicy(attempts=6, backoff=30.0, max_backoff=600.0)

# Set in a keep_trying task (its own context): that loop owns the retries, so RetryingRequest
# makes one try and each failure is one log line, not four.
_SINGLE_TRY: ContextVar[bool] = ContextVar("yibao_single_try", default=False)


class RetryingRequest(WrappedRequest):
    """A :class:`~telegram.request.BaseRequest` that retries another one (see module docs)."""

    __slots__ = ("policy",)

    def __init__(self, inner: BaseRequest, policy: RetryPolicy = DEFAULT_RETRY) -> None:
        super().__init__(inner)
        self.policy = policy

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]  # never log the URL: it holds the token
        attempts = 1 if _SINGLE_TRY.get() else self.policy.attempts
        for attempt in range(1, attempts + 1):
            try:
                code, payload = await super().do_request(url, method, *args, **kwargs)
            except NetworkError as exc:  # TimedOut included; BadRequest only comes as a 400 code
                if isinstance(exc, BadRequest) or attempt == attempts:
                    raise
                wait = self.policy.backoff_before(attempt)
                reason = "timed out" if isinstance(exc, TimedOut) else f"network error ({exc.message})"
            else:
                wait_or_none = self._wait_for(code, payload, attempt)
                if wait_or_none is None or attempt == attempts:
                    return code, payload
                wait = wait_or_none
                reason = f"HTTP {code}"
            log.warning("Bot API %s: %s; try %d of %d in %.1f s", api_method, reason,
                        attempt + 1, attempts, wait)
            await self.policy.sleep(wait)
        raise AssertionError("unreachable: the last try returns or raises")  # pragma: no cover

    def _wait_for(self, code: int, payload: bytes, attempt: int) -> float | None:
        """Seconds to wait before trying again after ``code``, or None not to retry."""
        if code == HTTPStatus.TOO_MANY_REQUESTS:
            retry_after = _retry_after(payload)
            if retry_after is None:
                return self.policy.backoff_before(attempt)
            return retry_after if retry_after <= self.policy.max_retry_after else None
        if HTTPStatus.INTERNAL_SERVER_ERROR <= code <= 599:
            return self.policy.backoff_before(attempt)
        return None


def _retry_after(payload: bytes) -> float | None:
    """``parameters.retry_after`` of an error response, if it has a usable one."""
    try:
        body = json.loads(payload.decode("utf-8", "replace"))
        value = body["parameters"]["retry_after"]
    except (ValueError, KeyError, TypeError):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def with_retries(request: BaseRequest, policy: RetryPolicy | None) -> BaseRequest:
    """``request`` wrapped in retries, or as it is when ``policy`` is None."""
    return request if policy is None else RetryingRequest(request, policy)


async def keep_trying(
    name: str, call: Callable[[], Awaitable[object]], policy: RetryPolicy = LATER_RETRY
) -> bool:
    """Make ``call`` until it succeeds, at most ``policy.attempts`` times with its backoff
    between tries; True if it succeeded. For calls the bot works without, run as a task of
    their own: a failure is logged in one line (no traceback), and one that would only fail
    the same way again (400, 403, a bad token) is not retried."""
    single = _SINGLE_TRY.set(True)
    try:
        for attempt in range(1, policy.attempts + 1):
            try:
                await call()
            except BadRequest as exc:  # a NetworkError in PTB, but the request itself is wrong
                log.warning("%s failed (%s); not tried again", name, exc.message)
                return False
            except (NetworkError, RetryAfter) as exc:  # timeouts, connection errors, 5xx, 429
                reason = exc.message
                wait = policy.backoff_before(attempt)
                if isinstance(exc, RetryAfter):
                    wait = max(wait, _seconds(exc))
            except TelegramError as exc:
                log.warning("%s failed (%s); not tried again", name, exc.message)
                return False
            else:
                if attempt > 1:
                    log.info("%s succeeded at try %d of %d", name, attempt, policy.attempts)
                return True
            if attempt == policy.attempts:
                log.warning("%s failed (%s); gave up after %d tries", name, reason, attempt)
                return False
            log.warning("%s failed (%s); try %d of %d in %.0f s", name, reason, attempt + 1,
                        policy.attempts, wait)
            await policy.sleep(wait)
    finally:
        _SINGLE_TRY.reset(single)
    raise AssertionError("unreachable: the last try returns")  # pragma: no cover


def _seconds(flood: RetryAfter) -> float:
    """``flood.retry_after`` in seconds: an int in PTB 22 (reading it warns that it will be a
    timedelta, which PTB already did when it made the error), a timedelta with PTB_TIMEDELTA."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = flood.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
