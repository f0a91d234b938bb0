"""A per-client request limit (token bucket), so one busy client gets 429 and the rest are served.

In-process: each server process keeps its own buckets (several processes let a client make
that many times the requests). The client is the connection's address, which behind a
reverse proxy is the proxy's unless X-Forwarded-For is trusted (YIBAO_WEB_TRUST_FORWARDED).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_CLIENTS = 10_000  # buckets kept; when full they are all dropped (everyone starts full again)


@dataclass
class RateLimit:
    rate: float  # tokens added a second; 0 turns the limit off
    burst: int  # a bucket's size
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # client -> (tokens, when)

    def allow(self, client: str) -> bool:
        """Take one token from ``client``'s bucket; False when it is empty."""
        if self.rate <= 0:
            return True
        now = self.clock()
        tokens, then = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return False
        if len(self._buckets) >= MAX_CLIENTS and client not in self._buckets:
            self._buckets.clear()
        self._buckets[client] = (tokens - 1, now)
        return True

    def retry_after(self) -> int:
        """Whole seconds until a drained bucket holds a token again."""
        return max(1, int(1 / self.rate + 0.999)) if self.rate > 0 else 0


def client_of(remote: str | None, forwarded_for: str | None, trust_forwarded: bool) -> str:
    """Who is asking: the last address our proxy appended to X-Forwarded-For when it is
    trusted (earlier ones are whatever the client claimed), else the connection's peer."""
    if trust_forwarded and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return remote or "?"
