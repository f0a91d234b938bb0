"""The web server's settings, from the environment (documented in README and .env.example)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class SettingError(ValueError):
    """A setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class WebSettings:
    listen: str = "127.0.0.1"
    port: int = 8080
    rate: float = 5.0  # requests a second each client may make, on average
    burst: int = 60  # requests a client may make at once (a bucket's size)
    trust_forwarded: bool = False  # take the client from X-Forwarded-For (only behind our own proxy)
    public_url: str | None = None  # the address people see, for the "copy this link" block

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        env = os.environ if env is None else env
        return cls(
            listen=env.get("YIBAO_WEB_LISTEN") or cls.listen,
            port=_number(env, "YIBAO_WEB_PORT", cls.port, int),
            rate=_number(env, "YIBAO_WEB_RATE", cls.rate, float),
            burst=_number(env, "YIBAO_WEB_BURST", cls.burst, int),
            trust_forwarded=(env.get("YIBAO_WEB_TRUST_FORWARDED") or "").lower() in ("1", "true", "yes"),
            public_url=(env.get("YIBAO_WEB_PUBLIC_URL") or "").rstrip("/") or None,
        )


def _number(env: Mapping[str, str], name: str, default: float, kind: type[int] | type[float]) -> Any:
    text = env.get(name)
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise SettingError(f"{name}={text!r}: not a number") from None
    if value < 0:
        raise SettingError(f"{name}={text!r}: must not be negative")
    return value
