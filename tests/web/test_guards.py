"""Headers, caps and the per-client limit: what keeps the pages safe and the server standing."""

from __future__ import annotations

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.knowledge.base import KnowledgeBase
from bot.web.app import SECURITY_HEADERS, PathOnlyAccessLogger, create_app
from bot.web.limits import RateLimit, client_of
from bot.web.settings import SettingError, WebSettings
from tests.web.conftest import TODAY, parse

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@pytest.mark.parametrize("method,url", [("GET", "/"), ("GET", "/?r=youyang"), ("GET", "/?bad"),
                                        ("GET", "/api/answer?region=酉阳"), ("GET", "/no/such/page"),
                                        ("GET", "/static/web.css"), ("POST", "/ask"), ("GET", "/healthz")])
async def test_security_headers_on_every_response(client: TestClient, method: str, url: str) -> None:
    response = await client.request(method, url)
    assert response.status < 500
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert SECURITY_HEADERS["Content-Security-Policy"] == CSP


async def test_the_icon_browsers_ask_for_is_empty(client: TestClient) -> None:
    assert (await client.get("/favicon.ico")).status == 204


async def test_healthz(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200 and await response.text() == "ok"


async def test_unknown_pages_are_404_in_the_callers_form(client: TestClient) -> None:
    page = await client.get("/nowhere")
    assert page.status == 404 and parse(await page.text()).say
    api = await client.get("/api/nowhere")
    assert api.status == 404 and "error" in await api.json()


async def test_a_copied_ask_address_leads_to_the_start(client: TestClient) -> None:
    response = await client.get("/ask", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"


async def test_a_wrong_method_gets_a_polite_refusal(client: TestClient) -> None:
    page = await client.put("/")
    assert page.status == 405 and parse(await page.text()).say
    api = await client.get("/api/ask")
    assert api.status == 405 and "error" in await api.json()


async def test_an_over_long_link_is_414_with_the_start_page(client: TestClient) -> None:
    response = await client.get("/?r=youyang&x=" + "a" * 2100)
    assert response.status == 414
    assert parse(await response.text()).notes
    api = await client.get("/api/answer?region=" + "a" * 2100)
    assert api.status == 414 and "error" in await api.json()


async def test_429_after_the_limit_then_served_again(kb: KnowledgeBase) -> None:
    app = create_app(lambda: kb, lambda: TODAY, WebSettings(rate=0.5, burst=5))
    async with TestClient(TestServer(app)) as c:
        statuses = [(await c.get("/healthz")).status for _ in range(3)]  # the health check is not counted
        statuses += [(await c.get("/")).status for _ in range(5)]
        assert statuses == [200] * 8
        page = await c.get("/")
        assert page.status == 429 and page.headers["Retry-After"] == "2"
        assert "请求太频繁" in parse(await page.text()).say
        api = await c.get("/api/answer?region=酉阳")
        assert api.status == 429 and "请求太频繁" in (await api.json())["error"]
        assert page.headers["Content-Security-Policy"] == CSP


def test_the_bucket_refills_with_time() -> None:
    now = [0.0]
    limit = RateLimit(rate=2, burst=3, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")  # another client has its own bucket
    now[0] = 0.5
    assert limit.allow("a") and not limit.allow("a")
    assert RateLimit(rate=0, burst=0).allow("a")  # 0 turns it off


def test_the_client_is_the_peer_unless_forwarding_is_trusted() -> None:
    assert client_of("10.0.0.1", "1.2.3.4", trust_forwarded=False) == "10.0.0.1"
    assert client_of("10.0.0.1", "6.6.6.6, 1.2.3.4", trust_forwarded=True) == "1.2.3.4"
    assert client_of("10.0.0.1", None, trust_forwarded=True) == "10.0.0.1"


def test_settings_from_the_environment() -> None:
    s = WebSettings.from_env({"YIBAO_WEB_PORT": "9000", "YIBAO_WEB_LISTEN": "0.0.0.0",
                              "YIBAO_WEB_TRUST_FORWARDED": "1", "YIBAO_WEB_PUBLIC_URL": "https://x.org/"})
    assert (s.port, s.listen, s.trust_forwarded, s.public_url) == (9000, "0.0.0.0", True, "https://x.org")
    assert WebSettings.from_env({}) == WebSettings(listen="127.0.0.1", port=8080)
    with pytest.raises(SettingError, match="YIBAO_WEB_PORT"):
        WebSettings.from_env({"YIBAO_WEB_PORT": "eighty"})


async def test_the_share_link_uses_the_public_url(kb: KnowledgeBase) -> None:
    app = create_app(lambda: kb, lambda: TODAY, WebSettings(rate=0, public_url="https://yibao.example.org"))
    async with TestClient(TestServer(app)) as c:
        html = await (await c.get("/?r=youyang&i=ordinary&s=none&t=1&p=2023-12-01")).text()
        assert 'value="https://yibao.example.org/?r=youyang&amp;i=ordinary' in html


async def test_the_log_holds_no_query_and_no_typed_text(kb: KnowledgeBase,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(lambda: kb, lambda: TODAY, WebSettings(rate=0))
    server = TestServer(app)
    await server.start_server(access_log_class=PathOnlyAccessLogger)  # as run_web serves it
    async with TestClient(server) as c:
        with caplog.at_level(logging.INFO):
            await c.get("/?r=youyang&i=ordinary&s=none&t=1&p=2023-12-01")
            await c.post("/ask", data={"text": "身份证650102199001011234 酉阳"})
            await c.post("/ask", data={"text": "酉阳 新生儿 2023-10-02 出生"})
    logged = caplog.text
    assert "GET / 200" in logged and "POST /ask 200" in logged
    assert "p=2023" not in logged and "650102" not in logged and "新生儿" not in logged
