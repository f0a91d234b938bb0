"""The chat pages, walked as a browser without JavaScript would: by following links only."""

from __future__ import annotations

import random
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient

from bot.conversation.screens import build_screen
from bot.conversation.state import Conv
from bot.engine.calculator import calculate
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text
from bot.web.links import LinkCodec
from tests.web.conftest import TODAY, parse, share_link

FORWARD = ("option", "ordinary", "today", "month", "day", "newborn")


async def walk(client: TestClient, region: str, pick: str) -> tuple[str, str]:
    """From the start page to an answer, pressing the region's link, then the first (or last)
    link that answers the question on each page. Returns (the answer page's URL, its HTML)."""
    url = "/"
    for _ in range(20):
        response = await client.get(url)
        assert response.status == 200, url
        html = await response.text()
        page = parse(html)
        if share_link(html):
            return url, html
        forward = [link for link in page.links if set(link.classes) & set(FORWARD)]
        if url == "/":
            forward = [link for link in forward if link.label == region]
        assert forward, (url, page.say)
        url = (forward[0] if pick == "first" else forward[-1]).href
    raise AssertionError(f"no answer after 20 steps from {region}")


def expected_answer(kb: KnowledgeBase, url: str) -> str:
    s = LinkCodec(kb).decode(urlsplit(url).query).conv.situation
    return answer_text(calculate(kb, s.with_(newborn=bool(s.newborn), student=s.student or "none")))


@pytest.mark.parametrize("pick", ["first", "last"])
async def test_every_region_walked_to_its_answer_by_links(client: TestClient, kb: KnowledgeBase,
                                                          pick: str) -> None:
    for region in kb.regions:
        url, html = await walk(client, region, pick)
        page = parse(html)
        assert page.say == expected_answer(kb, url)
        assert region in page.say
        assert "p=" in url and "v=" in url  # the answer's own URL names the day and the notice


async def test_the_answer_link_reproduces_the_answer_on_another_phone(client: TestClient,
                                                                      kb: KnowledgeBase) -> None:
    url, html = await walk(client, "酉阳土家族苗族自治县", "first")
    shared = share_link(html)
    assert shared is not None and shared.endswith(url)
    fresh = await client.session.get(client.make_url(urlsplit(shared).path + "?" + urlsplit(shared).query))
    again = parse(await fresh.text())
    assert again.say == parse(html).say
    assert not again.notes


async def test_an_old_answer_link_says_the_notice_was_updated(client: TestClient) -> None:
    url, html = await walk(client, "乌鲁木齐市", "first")
    forged = url.rsplit("v=", 1)[0] + "v=0000"
    page = parse(await (await client.get(forged)).text())
    assert page.say == parse(html).say
    assert any("更新" in note for note in page.notes)


async def test_each_page_shows_the_conversation_screen(client: TestClient, kb: KnowledgeBase) -> None:
    for query in ["", "r=youyang", "r=youyang&i=ordinary", "r=youyang&i=ordinary&s=none&t=1&m=2023-12"]:
        page = parse(await (await client.get("/?" + query)).text())
        screen = build_screen(kb, LinkCodec(kb).decode(query).conv, TODAY)
        assert page.say == screen.text
        labels = [b.label for b in screen.buttons if b.kind != "share"]
        assert [link.label for link in page.links] == labels


async def test_back_is_a_link_to_the_step_before(client: TestClient, kb: KnowledgeBase) -> None:
    page = parse(await (await client.get("/?r=youyang&i=dibao")).text())
    back = next(link for link in page.links if "back" in link.classes)
    assert back.href == "/?r=youyang"
    restart = next(link for link in page.links if "restart" in link.classes)
    assert restart.href == "/"


async def test_today_becomes_a_dated_link(client: TestClient) -> None:
    page = parse(await (await client.get("/?r=youyang&i=ordinary&s=none&t=1")).text())
    today = next(link for link in page.links if "today" in link.classes)
    assert f"p={TODAY.isoformat()}" in today.href


@pytest.mark.parametrize("query", [
    "r=nowhere", "r=youyang&t=7", "garbage", "r=youyang&p=2023-02-30", "r=%00%FF&i=<script>",
    "r=youyang&i=ordinary&f=born_on&m=2023-05", "r=youyang&f=tier&k=dibao",
    "r=wulumuqi&i=ordinary&n=1&b=2024-05-01&p=2023-10-01",
])
async def test_forged_links_start_again_politely(client: TestClient, query: str) -> None:
    response = await client.get("/?" + query)
    assert response.status in (200, 400)
    html = await response.text()
    assert "<script" not in html.lower()
    page = parse(html)
    assert page.say


async def test_a_garbled_link_gets_the_start_page_with_a_note(client: TestClient, kb: KnowledgeBase) -> None:
    response = await client.get("/?r=nowhere&i=dibao")
    assert response.status == 400
    page = parse(await response.text())
    assert page.notes and page.say == build_screen(kb, Conv(), TODAY).text


async def test_a_typed_question_is_answered_with_buttons(client: TestClient) -> None:
    response = await client.post("/ask", data={"text": "酉阳 低保 二档 12月5号交多少", "at": ""})
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = await response.text()
    page = parse(html)
    assert "酉阳" in page.say and "元" in page.say
    assert share_link(html) and "r=youyang" in share_link(html)


async def test_a_date_typed_at_a_date_question_answers_it(client: TestClient) -> None:
    response = await client.post("/ask", data={"text": "2023-12-05", "at": "r=youyang&i=ordinary&s=none&t=1"})
    html = await response.text()
    assert share_link(html) and "p=2023-12-05" in share_link(html)


async def test_an_id_number_typed_is_never_shown_back(client: TestClient) -> None:
    for text in ["我的身份证号 650102199001011234 酉阳交多少", "电话 13912345678 乌鲁木齐低保"]:
        html = await (await client.post("/ask", data={"text": text})).text()
        assert "650102199001011234" not in html and "13912345678" not in html
        assert "1234" not in html.replace("1234567", "")  # not even the tail


async def test_a_very_long_question_is_cut(client: TestClient) -> None:
    html = await (await client.post("/ask", data={"text": "酉阳" + "交多少" * 1000})).text()
    assert len(html) < 40_000
    assert parse(html).notes


async def test_a_body_over_the_cap_gets_a_polite_refusal(client: TestClient) -> None:
    response = await client.post("/ask", data={"text": "交多少" * 10_000})
    assert response.status == 413
    assert parse(await response.text()).say


async def test_what_is_typed_is_escaped(client: TestClient) -> None:
    html = await (await client.post("/ask", data={"text": "<script>alert(1)</script> 酉阳"})).text()
    assert "<script" not in html
    assert "&lt;script&gt;" in html


async def test_no_page_has_inline_script_or_foreign_resources(client: TestClient) -> None:
    for url in ["/", "/?r=youyang", "/?r=youyang&i=ordinary&s=none&t=1", "/?bad=1"]:
        html = await (await client.get(url)).text()
        assert "<script" not in html.lower() and "style=" not in html.lower()
        assert "http://" not in html and "https://" not in html.replace(str(client.make_url("/")), "")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


async def test_the_style_sheet_is_served_from_here(client: TestClient) -> None:
    response = await client.get("/static/web.css")
    assert response.status == 200 and response.content_type == "text/css"
    css = await response.text()
    assert "overflow-wrap: anywhere" in css and "min-height: 48px" in css and "url(" not in css


async def test_random_links_never_fail(client: TestClient, kb: KnowledgeBase) -> None:
    """Mutated links of real steps (a key dropped, a value swapped for another key's): the
    page is a step or the start again, never an error."""
    rng = random.Random(15)
    statuses = {200: 0, 400: 0}
    codec = LinkCodec(kb)
    steps = ("", "r=youyang", "r=tunliu&i=ordinary", "r=wulumuqi&i=dibao", "r=youyang&i=dibao&s=none")
    real = [codec.encode(b.target, TODAY) for q in steps
            for b in build_screen(kb, codec.decode(q).conv, TODAY).buttons if b.target is not None]
    values = [pair.split("=", 1)[1] for q in real for pair in q.split("&") if "=" in pair]
    for _ in range(150):
        pairs = [p.split("=", 1) for p in rng.choice(real).split("&") if "=" in p]
        if pairs and rng.random() < 0.5:
            pairs.pop(rng.randrange(len(pairs)))
        if pairs:
            pairs[rng.randrange(len(pairs))][1] = rng.choice(values)
        if rng.random() < 0.3:
            pairs.append([rng.choice("rinbstpfkmv"), rng.choice(values)])
        response = await client.get("/?" + "&".join(f"{k}={v}" for k, v in pairs))
        assert response.status in (200, 400), pairs
        assert parse(await response.text()).say
        statuses[response.status] += 1
    assert statuses[200] > 20 and statuses[400] > 20  # both kinds were tried
