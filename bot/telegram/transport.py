"""PTB's HTTP layer over aiohttp instead of httpx: the same calls at a fraction of the CPU.

Why: measured against the Bot API emulator on this machine, an httpx POST costs the bot
1.7 ms of CPU one at a time and 2.9 ms with 16 in flight (httpcore's pool walks every
connection for every request); aiohttp costs 0.5 and 0.3 ms. With a cited answer to build
for each update, that was most of the bot's time (bench/throughput.py; PTB's own issue
#4560 asks for the same switch). python-telegram-bot ships only the httpx one, so this is
the small :class:`~telegram.request.BaseRequest` it documents for other libraries.

Behaviour kept from PTB's HTTPXRequest: multipart when a file is sent, its User-Agent,
its default timeouts (read/write/connect 5 s, pool 1 s), proxies from the usual
HTTPS_PROXY/HTTP_PROXY variables, ``TimedOut`` for any timeout and
``NetworkError`` for any other transport failure, so retries (retry.py) work the same.
What differs: parameters go as a JSON body, not a form (see ``_body``).

aiohttp speaks only HTTP(S) proxies. Through a SOCKS5 proxy (``socks5://``, or ``socks5h://``
for the proxy to resolve the name), :func:`bot_api_requests` hands PTB its own httpx
transport instead, which speaks SOCKS (``python-telegram-bot[socks]``).
"""

from __future__ import annotations

import json
import logging
import os
import ssl
import urllib.request
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

if TYPE_CHECKING:  # PTB has no public name for it; never imported at run time
    from telegram._utils.types import ODVInput  # BaseRequest's own timeout type

log = logging.getLogger(__name__)

MEDIA_WRITE = 20.0  # seconds to send a file, PTB's media_write_timeout
SOCKS = ("socks5", "socks5h")  # the proxies httpx speaks and aiohttp does not


def bot_api_requests(base_url: str) -> tuple[BaseRequest, BaseRequest]:
    """The HTTP layers for the bot's calls (256 connections, as PTB) and for polling (one),
    for the Bot API at ``base_url``: aiohttp, or PTB's httpx when the proxy the environment
    names for it is SOCKS5. Logs which, once."""
    proxy = proxy_for(base_url)
    if proxy is not None and urlsplit(proxy).scheme.lower() in SOCKS:
        log.info("Bot API transport: httpx (python-telegram-bot's) through the SOCKS proxy %s",
                 _shown(proxy))
        return HTTPXRequest(256, proxy=proxy), HTTPXRequest(1, proxy=proxy)
    log.info("Bot API transport: aiohttp%s", f" through the proxy {_shown(proxy)}" if proxy else "")
    return AiohttpRequest(256), AiohttpRequest(1)


def proxy_for(url: str) -> str | None:
    """HTTPS_PROXY / HTTP_PROXY (or ALL_PROXY) for ``url`` unless NO_PROXY names its host."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    if urllib.request.proxy_bypass_environment(parts.hostname or "", proxies):
        return None
    return proxies.get(parts.scheme) or proxies.get("all")


def _shown(proxy: str) -> str:
    """The proxy without its user name and password, for the log."""
    parts = urlsplit(proxy)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


class AiohttpRequest(BaseRequest):
    __slots__ = ("_connect", "_pool", "_pool_size", "_proxies", "_read", "_session", "_trust_env", "_write")

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        trust_env: bool = True,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read, self._write = read_timeout, write_timeout
        self._connect, self._pool = connect_timeout, pool_timeout
        self._trust_env = trust_env
        self._proxies: dict[str, str | None] = {}  # per Bot API base URL: the proxy, if any
        # A session belongs to the event loop it was made in, so it is made in initialize().
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=_tls()),
                timeout=aiohttp.ClientTimeout(total=None),  # each call sets its own
                # aiohttp's own trust_env reads ~/.netrc and the proxy variables in a worker
                # thread on every call (two thread hops per message); _proxy_for reads the
                # variables once per base URL instead.
                trust_env=False,
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

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
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data is not None and request_data.contains_files
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout, files)
        try:
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout,
                                             proxy=self._proxy_for(url)) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's own timeouts derive from it too
            raise TimedOut(f"Timed out ({type(exc).__name__})") from exc
        except aiohttp.ClientError as exc:
            # Name the class: some aiohttp errors have an empty message.
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

    def _proxy_for(self, url: str) -> str | None:
        """HTTPS_PROXY / HTTP_PROXY (or ALL_PROXY) for ``url`` unless NO_PROXY names its host."""
        if not self._trust_env:
            return None
        base = url.rsplit("/", 1)[0]  # every method of one bot shares it
        if base not in self._proxies:
            self._proxies[base] = proxy_for(url)
        return self._proxies[base]

    def _timeout(
        self,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
        files: bool,
    ) -> aiohttp.ClientTimeout:
        def pick(given: ODVInput[float], default: float | None) -> float | None:
            # PTB's documented test for "not given" (BaseRequest.DEFAULT_NONE's docstring)
            return default if given is BaseRequest.DEFAULT_NONE else cast("float | None", given)

        read_s, write_s = pick(read, self._read), pick(write, self._write if not files else MEDIA_WRITE)
        connect_s, pool_s = pick(connect, self._connect), pick(pool, self._pool)
        # aiohttp has no write timeout and counts waiting for a pooled connection as part of
        # connecting, so the whole call is also bounded by the sum: a call never hangs.
        parts = (pool_s, connect_s, write_s, read_s)
        total = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
        waiting = None if pool_s is None or connect_s is None else pool_s + connect_s
        return aiohttp.ClientTimeout(total=total, connect=waiting, sock_connect=connect_s,
                                     sock_read=read_s)


def _tls() -> ssl.SSLContext:
    """Trust what httpx (PTB's default) trusts, certifi's certificates, so a slim image
    with no system store still reaches api.telegram.org; SSL_CERT_FILE names another file
    (a company's own authority, say)."""
    import certifi  # installed with PTB (through httpx)

    return ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE") or certifi.where())


def _body(request_data: RequestData | None) -> aiohttp.FormData | aiohttp.BytesPayload | None:
    """A JSON body, or multipart when a file goes along.

    JSON, which the Bot API takes for every call but uploads, rather than PTB's form
    encoding: percent-encoding a Chinese answer costs a dictionary look-up per byte in
    Python (~1,600 per answer), more than everything else the transport does.
    """
    if request_data is None:
        return None
    if not request_data.contains_files:
        payload = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":"))
        return aiohttp.BytesPayload(payload.encode(), content_type="application/json")
    # quote_fields=False: aiohttp would percent-encode a file name ("%E5%8F%B0%E8%B4%A6.xlsx"),
    # which Telegram shows as it is; it takes the name as raw UTF-8, as PTB's httpx sends it.
    form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)
    for name, (filename, content, mimetype) in (request_data.multipart_data or {}).items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
