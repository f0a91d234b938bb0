"""The guided household on the web page: the same screens as the other channels, each step a
link (the household in the URL), walked by following links only."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient

from bot.conversation import wording
from bot.conversation.screens import build_screen
from bot.conversation.state import MAX_MEMBERS, members_of
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.web.links import LinkCodec
from tests.web.conftest import TODAY, parse

START = "/?r=youyang&i=dibao&s=none&t=2&p=2023-12-05"


async def follow(client: TestClient, url: str, label: str, prefix: bool = False) -> tuple[str, str]:
    """Press the link ``label`` on the page at ``url``: (its URL, the page it leads to)."""
    page = parse(await (await client.get(url)).text())
    found = [link for link in page.links if (link.label.startswith(label) if prefix else link.label == label)]
    assert found, (label, [link.label for link in page.links])
    response = await client.get(found[0].href)
    assert response.status == 200
    return found[0].href, await response.text()


async def test_a_household_is_built_changed_and_reduced_by_links(client: TestClient, kb: KnowledgeBase):
    url, html = await follow(client, START, wording.button("add_member"))
    assert "第2位家人" in parse(html).say
    url, html = await follow(client, url, "特困")
    for label in ("不是", "一档"):
        url, html = await follow(client, url, label)
    page = parse(html)
    conv = LinkCodec(kb).decode(urlsplit(url).query).conv
    alone = [calculate(kb, s).total_personal or 0 for s in members_of(conv)]
    assert [m.identities for m in members_of(conv)] == [("dibao",), ("tekun",)]
    assert f"{sum(alone)}元" in page.say and page.say == build_screen(kb, conv, TODAY).text
    # open the first member, remove it: the second alone is left, that person's own answer
    url, html = await follow(client, url, wording.button("member", n=1, identity=""), prefix=True)
    url, html = await follow(client, url, wording.button("remove_member", n=1))
    left = LinkCodec(kb).decode(urlsplit(url).query).conv
    assert not left.is_household and left.situation.identities == ("tekun",)
    assert parse(html).say == build_screen(kb, left, TODAY).text


async def test_the_limit_on_the_page(client: TestClient, kb: KnowledgeBase):
    url = START
    for _ in range(MAX_MEMBERS - 1):
        url, _ = await follow(client, url, wording.button("add_member"))
        for label in ("低保", "不是", "二档"):
            url, html = await follow(client, url, label)
    page = parse(html)
    assert wording.button("add_member") not in [link.label for link in page.links]
    assert f"最多一起算{MAX_MEMBERS}位" in page.say


async def test_a_forged_household_link_starts_again(client: TestClient):
    for query in ("h=dibao...none.2&a=1", "r=youyang&h=nobody....&a=1", "r=youyang&h=....&a=2",
                  "r=youyang&h=" + "~".join(["...."] * MAX_MEMBERS) + "&a=0", "r=youyang&a=0",
                  "r=youyang&o=1", "r=youyang&h=dibao...none&a=1", "r=youyang&h=....&a=1&o=2"):
        response = await client.get("/?" + query)
        assert response.status == 400, query
        assert parse(await response.text()).notes, query


def test_a_household_link_reads_like_its_members(kb: KnowledgeBase):
    first = Situation(region="酉阳土家族苗族自治县", identities=("dibao",), student="none", tier=2,
                      paid_on=dt.date(2023, 12, 5))
    screen = build_screen(kb, LinkCodec(kb).decode(START[2:]).conv, TODAY)
    assert screen.conv.situation == first and screen.answer is not None
    added = next(b.target for b in screen.buttons if b.label == wording.button("add_member"))
    assert LinkCodec(kb).encode(added, TODAY) == "r=youyang&p=2023-12-05&h=dibao...none.2&a=1"
