"""The aiohttp transport (bot/telegram/transport.py) against a real HTTP server on 127.0.0.1:
what goes on the wire, how failures surface to PTB, proxies from the environment, and PTB's
httpx transport in its place behind a SOCKS5 proxy (a small one, here on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import socket
import ssl
import subprocess
from urllib.parse import urlsplit

import pytest
from load_tools import ScriptedServer
from telegram import Bot as TgBot
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest
from tg_fakeapi import TOKEN
from tg_harness import ALICE

from bot.telegram import transport
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig
from bot.telegram.transport import AiohttpRequest


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


async def test_a_message_goes_as_utf8_json_with_ptbs_user_agent():
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("重新开始", callback_data="abc")]])
    async with (
        ScriptedServer([]) as server,
        TgBot(TOKEN, base_url=f"{server.url}/bot", request=AiohttpRequest(trust_env=False)) as tg,
    ):
        sent = await tg.send_message(ALICE.id, "乌鲁木齐低保户交多少钱", reply_markup=keyboard)
    assert sent.text == "乌鲁木齐低保户交多少钱" and sent.chat.id == ALICE.id
    request = server.requests[-1]
    assert request.request_line.startswith("POST /bot") and request.request_line.split()[1].endswith(
        "/sendMessage")
    assert request.headers["content-type"].startswith("application/json")
    assert request.headers["user-agent"] == BaseRequest.USER_AGENT
    assert "乌鲁木齐".encode() in request.body  # UTF-8 as it is, not \\u escapes
    body = json.loads(request.body)
    assert body == {"chat_id": ALICE.id, "text": "乌鲁木齐低保户交多少钱",
                    "reply_markup": {"inline_keyboard": [[{"text": "重新开始", "callback_data": "abc"}]]}}


async def test_a_file_goes_as_multipart():
    async with (
        ScriptedServer([]) as server,
        TgBot(TOKEN, base_url=f"{server.url}/bot", request=AiohttpRequest(trust_env=False)) as tg,
    ):
        await tg.send_document(ALICE.id, document=b"ledger,row\n1,2\n", filename="台账.csv")
    request = server.requests[-1]
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b"ledger,row\n1,2\n" in request.body
    assert f'name="chat_id"\r\n\r\n{ALICE.id}'.encode() in request.body
    # Telegram takes the name as raw UTF-8 and shows a percent-encoded one as it is ("%E5%8F%B0…")
    assert 'filename="台账.csv"'.encode() in request.body


async def test_no_answer_in_time_is_timed_out():
    async with ScriptedServer([("hang", 5.0)]) as server:
        transport = AiohttpRequest(read_timeout=0.3, trust_env=False)
        await transport.initialize()
        try:
            with pytest.raises(TimedOut):
                await transport.do_request(f"{server.url}/bot{TOKEN}/sendMessage", "POST")
        finally:
            await transport.shutdown()


async def test_a_refused_connection_is_a_network_error_naming_the_cause():
    transport = AiohttpRequest(trust_env=False)
    await transport.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await transport.do_request(f"http://127.0.0.1:{_closed_port()}/bot{TOKEN}/getMe", "POST")
    finally:
        await transport.shutdown()
    assert not isinstance(caught.value, TimedOut)
    assert caught.value.message.startswith("aiohttp.Client")  # e.g. ClientConnectorError


async def test_waiting_for_a_busy_pool_times_out():
    """One connection, held by a call that hangs: the next call gives up after the pool
    and connect timeouts instead of queueing for ever."""
    async with ScriptedServer([("hang", 2.0)]) as server:
        transport = AiohttpRequest(1, read_timeout=3.0, pool_timeout=0.1, connect_timeout=0.1,
                                   trust_env=False)
        await transport.initialize()
        url = f"{server.url}/bot{TOKEN}/sendMessage"
        try:
            hanging = asyncio.create_task(transport.do_request(url, "POST"))
            await asyncio.sleep(0.2)  # it holds the only connection now
            with pytest.raises(TimedOut):
                await transport.do_request(url, "POST")
            code, _ = await hanging
        finally:
            await transport.shutdown()
    assert code == 200


async def test_the_proxy_comes_from_the_environment(monkeypatch):
    async with ScriptedServer([]) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        transport = AiohttpRequest()
        await transport.initialize()
        try:
            code, _ = await transport.do_request(f"http://bot-api.invalid/bot{TOKEN}/getMe", "POST")
        finally:
            await transport.shutdown()
    assert code == 200
    # A proxy is asked for the absolute URL; nothing resolved bot-api.invalid itself.
    assert proxy.requests[0].request_line.startswith(f"POST http://bot-api.invalid/bot{TOKEN}/getMe ")


async def _get_me(transport: AiohttpRequest, base: str) -> int:
    await transport.initialize()
    try:
        code, _ = await transport.do_request(f"{base}/bot{TOKEN}/getMe", "POST")
    finally:
        await transport.shutdown()
    return code


async def test_no_proxy_and_trust_env_off_go_direct(monkeypatch):
    async with ScriptedServer([]) as proxy, ScriptedServer([]) as api:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        assert await _get_me(AiohttpRequest(), api.url) == 200
        monkeypatch.delenv("NO_PROXY")
        monkeypatch.delenv("no_proxy", raising=False)
        assert await _get_me(AiohttpRequest(trust_env=False), api.url) == 200
        assert not proxy.requests and len(api.requests) == 2
        assert await _get_me(AiohttpRequest(), api.url) == 200  # and with neither: the proxy
    assert len(proxy.requests) == 1 and len(api.requests) == 2


async def test_used_before_initialize_or_after_shutdown_it_says_so():
    transport = AiohttpRequest(trust_env=False)
    with pytest.raises(RuntimeError, match="not initialized"):
        await transport.do_request("http://127.0.0.1:1/x", "POST")
    async with ScriptedServer([]) as server:
        url = f"{server.url}/bot{TOKEN}/getMe"
        await transport.initialize()
        await transport.shutdown()
        await transport.shutdown()  # twice is harmless
        with pytest.raises(RuntimeError, match="not initialized"):
            await transport.do_request(url, "POST")
        await transport.initialize()  # a stopped Application may be started again
        try:
            code, _ = await transport.do_request(url, "POST")
        finally:
            await transport.shutdown()
    assert code == 200


def test_a_pool_needs_a_connection():
    with pytest.raises(ValueError):
        AiohttpRequest(0)


def _self_signed(tmp_path) -> tuple[str, str]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return str(cert), str(key)


async def test_tls_trusts_certifi_or_ssl_cert_file_and_nothing_else(tmp_path, monkeypatch):
    """Over TLS the server's certificate is checked: one signed by no authority the
    transport trusts is refused; named in SSL_CERT_FILE, it is accepted."""
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            body = b'{"ok": true, "result": true}'
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context)
    url = f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}/bot{TOKEN}/getMe"
    try:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        untrusted = AiohttpRequest(trust_env=False)
        await untrusted.initialize()
        try:
            with pytest.raises(NetworkError, match="Certificate"):
                await untrusted.do_request(url, "POST")
        finally:
            await untrusted.shutdown()
        monkeypatch.setenv("SSL_CERT_FILE", cert)
        trusted = AiohttpRequest(trust_env=False)
        await trusted.initialize()
        try:
            code, payload = await trusted.do_request(url, "POST")
        finally:
            await trusted.shutdown()
    finally:
        server.close()
        await server.wait_closed()
    assert code == 200 and json.loads(payload)["ok"] is True


# -- SOCKS proxies: PTB's httpx transport instead (aiohttp speaks only HTTP proxies) -------------

PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def no_proxy_set(monkeypatch):
    """No proxy variable from the machine running the tests, either spelling."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


@pytest.mark.parametrize(("variable", "proxy", "expected"), [
    ("HTTPS_PROXY", "socks5://127.0.0.1:1080", "httpx"),
    ("ALL_PROXY", "socks5h://user:s3cret@proxy.example:1080", "httpx"),
    ("HTTPS_PROXY", "http://127.0.0.1:3128", "aiohttp"),
    ("ALL_PROXY", "https://proxy.example:3128", "aiohttp"),
    (None, None, "aiohttp"),
])
def test_the_transport_follows_the_proxy(kb, no_proxy_set, caplog, variable, proxy, expected):
    """A SOCKS5 proxy for api.telegram.org gives PTB's HTTPXRequest with that proxy, for the
    calls and for polling; an HTTP(S) proxy, or none, keeps aiohttp. Logged once, no password."""
    made: list[dict[str, object]] = []

    def spy(*args: object, **kwargs: object) -> HTTPXRequest:
        made.append({"pool": args[0] if args else kwargs.get("connection_pool_size"), **kwargs})
        return HTTPXRequest(*args, **kwargs)  # type: ignore[arg-type]

    no_proxy_set.setattr(transport, "HTTPXRequest", spy)
    if variable is not None:
        no_proxy_set.setenv(variable, proxy)
    caplog.set_level(logging.INFO, logger="bot.telegram.transport")
    app = build_application(kb, BotConfig(token=TOKEN))
    calls, polling = app.bot.request.inner, app.bot._request[0].inner  # (polling, the rest) in PTB
    kind = HTTPXRequest if expected == "httpx" else AiohttpRequest
    assert isinstance(calls, kind) and isinstance(polling, kind)
    if expected == "httpx":
        assert made == [{"pool": 256, "proxy": proxy}, {"pool": 1, "proxy": proxy}]
    else:
        assert not made
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Bot API transport")]
    assert line.startswith(f"Bot API transport: {expected}") and "s3cret" not in line


def test_no_proxy_keeps_a_socks_proxy_off_a_local_bot_api(kb, no_proxy_set):
    no_proxy_set.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    no_proxy_set.setenv("NO_PROXY", "127.0.0.1")
    app = build_application(kb, BotConfig(token=TOKEN, api_base_url="http://127.0.0.1:8081"))
    assert isinstance(app.bot.request.inner, AiohttpRequest)


class Socks5Proxy:
    """A minimal SOCKS5 proxy on 127.0.0.1 (no authentication, CONNECT only) that takes every
    connection to one upstream address, whatever the client asked for, and records what it
    asked for. Each step is bounded; open connections end with it."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.asked: list[tuple[str, int]] = []  # (host, port) per CONNECT
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def url(self, scheme: str) -> str:
        assert self._server is not None
        return f"{scheme}://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def __aenter__(self) -> Socks5Proxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        upstream: asyncio.StreamWriter | None = None
        try:
            async with asyncio.timeout(5):
                version, count = await reader.readexactly(2)
                await reader.readexactly(count)  # the methods offered; "no authentication" is taken
                writer.write(b"\x05\x00")
                version, command, _, kind = await reader.readexactly(4)
                if kind == 1:
                    host = socket.inet_ntop(socket.AF_INET, await reader.readexactly(4))
                elif kind == 3:
                    host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
                else:
                    host = socket.inet_ntop(socket.AF_INET6, await reader.readexactly(16))
                port = int.from_bytes(await reader.readexactly(2), "big")
                assert version == 5 and command == 1, "only SOCKS5 CONNECT"
                self.asked.append((host, port))
                up_reader, upstream = await asyncio.open_connection(*self.upstream)
                writer.write(b"\x05\x00\x00\x01" + bytes(6))  # succeeded; bound address unused
            async with asyncio.timeout(10):
                await asyncio.gather(_pipe(reader, upstream), _pipe(up_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError):
            pass
        finally:
            self._tasks.discard(task)
            for w in (writer, upstream):
                if w is not None:
                    w.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    if writer.can_write_eof():
        writer.write_eof()


@pytest.mark.parametrize("scheme", ["socks5", "socks5h"])
async def test_calls_really_go_through_a_socks_proxy(kb, no_proxy_set, scheme):
    """The Bot API at a name only the proxy can reach (``.invalid`` never resolves): getMe
    (initialize) and a message go through the SOCKS5 proxy, which is asked for that name."""
    async with ScriptedServer([]) as api, Socks5Proxy(api.url) as proxy:
        no_proxy_set.setenv("ALL_PROXY", proxy.url(scheme))
        app = build_application(kb, BotConfig(token=TOKEN, api_base_url="http://bot-api.invalid"))
        async with app:  # initialize: getMe
            sent = await app.bot.send_message(ALICE.id, "乌鲁木齐低保户交多少钱")
    assert sent.text == "乌鲁木齐低保户交多少钱"
    assert proxy.asked and set(proxy.asked) == {("bot-api.invalid", 80)}
    assert [r.request_line.split()[1].rsplit("/", 1)[-1] for r in api.requests] == ["getMe", "sendMessage"]
