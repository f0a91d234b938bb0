"""Configuration from environment variables, checked once at start-up."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from bot import clock

Mode = Literal["polling", "webhook"]

_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # Bot API rule for secret_token
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


class ConfigError(ValueError):
    """A missing or malformed setting; the message names the variable."""


@dataclass(frozen=True)
class BotConfig:
    token: str
    mode: Mode = "polling"
    webhook_url: str | None = None
    webhook_port: int = 8443
    webhook_listen: str = "127.0.0.1"
    webhook_secret: str | None = None
    api_base_url: str | None = None  # Bot API server root, e.g. http://127.0.0.1:8081
    admin_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    callback_secret: bytes = field(default=b"", repr=False)
    reload_every: float = 60.0  # seconds between looks at the knowledge files; 0: never
    remind_every: float = 15.0  # seconds between looks for reminders due (when none were)

    def __post_init__(self) -> None:
        if not self.callback_secret:
            object.__setattr__(self, "callback_secret", derive_secret(self.token))

    @property
    def webhook_path(self) -> str:
        """The local path the webhook server listens on: the path of the public URL."""
        return urlsplit(self.webhook_url or "").path.strip("/")

    @property
    def bot_base_url(self) -> str | None:
        return f"{self.api_base_url}/bot" if self.api_base_url else None

    @property
    def file_base_url(self) -> str | None:
        return f"{self.api_base_url}/file/bot" if self.api_base_url else None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BotConfig:
        """Every setting checked on its own; the first wrong one stops start-up, named."""
        get = _reader(os.environ if env is None else env)
        token, mode, port = _token(get), _mode(get), _port(get)
        url, secret = _webhook(get, mode)
        base, level = _api_base(get), _log_level(get)
        _check_clocks(get)
        reload_every = _reload_every(get)
        remind_every = _seconds(get("YIBAO_REMIND_EVERY") or "15", "YIBAO_REMIND_EVERY")
        callback = get("YIBAO_CALLBACK_SECRET")
        if callback is not None and len(callback) < 16:
            raise ConfigError("YIBAO_CALLBACK_SECRET must be at least 16 characters")
        return cls(
            token=token,
            mode=mode,
            webhook_url=url,
            webhook_port=port,
            webhook_listen=get("YIBAO_WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_secret=secret,
            api_base_url=base,
            admin_ids=_ids(get("YIBAO_ADMIN_IDS")),
            log_level=level,
            callback_secret=callback.encode() if callback else derive_secret(token),
            reload_every=reload_every,
            remind_every=remind_every,
        )


Get = Callable[[str], "str | None"]


def _reader(env: Mapping[str, str]) -> Get:
    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    return get


def _token(get: Get) -> str:
    token = get("TELEGRAM_BOT_TOKEN")
    if token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set")
    if not _TOKEN.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like 123456:ABC-DEF… (from @BotFather)")
    return token


def _mode(get: Get) -> Mode:
    mode = (get("YIBAO_MODE") or "polling").lower()
    if mode not in ("polling", "webhook"):
        raise ConfigError(f"YIBAO_MODE must be polling or webhook, not {mode!r}")
    return mode  # type: ignore[return-value]


def _port(get: Get) -> int:
    port_text = get("YIBAO_WEBHOOK_PORT") or "8443"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"YIBAO_WEBHOOK_PORT must be a port number, not {port_text!r}")
    return int(port_text)


def _webhook(get: Get, mode: Mode) -> tuple[str | None, str | None]:
    """The public URL and secret token: both required in webhook mode."""
    url, secret = get("YIBAO_WEBHOOK_URL"), get("YIBAO_WEBHOOK_SECRET")
    if mode == "webhook":
        if url is None or urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
            raise ConfigError("YIBAO_WEBHOOK_URL must be the public https:// URL in webhook mode")
        if secret is None:
            raise ConfigError("YIBAO_WEBHOOK_SECRET is required in webhook mode")
    if secret is not None and not _SECRET_TOKEN.match(secret):
        raise ConfigError("YIBAO_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
    return url, secret


def _api_base(get: Get) -> str | None:
    base = get("TELEGRAM_API_BASE_URL")
    if base is None:
        return None
    if urlsplit(base).scheme not in ("http", "https"):
        raise ConfigError("TELEGRAM_API_BASE_URL must start with http:// or https://")
    return base.rstrip("/").removesuffix("/bot")


def _log_level(get: Get) -> str:
    level = (get("YIBAO_LOG_LEVEL") or "INFO").upper()
    if not isinstance(logging.getLevelName(level), int):
        raise ConfigError(f"YIBAO_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    return level


def _check_clocks(get: Get) -> None:
    """A bad preview date or start instant must stop start-up: every handler asks "today", and
    reminders fall due on the clock."""
    as_of = get("YIBAO_AS_OF")
    if as_of is not None:
        try:
            dt.date.fromisoformat(as_of.strip())
        except ValueError:
            raise ConfigError(f"YIBAO_AS_OF must be a date like 2023-11-01, not {as_of!r}") from None
    start = get(clock.ENV_NOW)
    if start is not None:
        try:
            clock.parse_instant(start)
        except clock.ClockError as exc:
            raise ConfigError(str(exc)) from None


def _reload_every(get: Get) -> float:
    every_text = get("YIBAO_RELOAD_EVERY") or "60"
    try:
        reload_every = float(every_text)
    except ValueError:
        reload_every = -1.0
    if not 0 <= reload_every < float("inf"):
        raise ConfigError(f"YIBAO_RELOAD_EVERY must be seconds (0 to turn it off), not {every_text!r}")
    return reload_every


def _seconds(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 86_400:
        raise ConfigError(f"{name} must be seconds, more than 0, not {text!r}")
    return value


def derive_secret(token: str) -> bytes:
    """The default callback key: stable for one bot token, so every instance agrees."""
    return hmac.new(token.encode(), b"yibao-callback-data", hashlib.sha256).digest()


def _ids(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    parts = [p for p in re.split(r"[,\s]+", text) if p]
    if not all(re.fullmatch(r"-?\d+", p) for p in parts):
        raise ConfigError("YIBAO_ADMIN_IDS must be Telegram user ids separated by commas")
    return tuple(int(p) for p in parts)
