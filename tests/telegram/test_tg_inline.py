"""Inline mode: answer cards for @bot 乌鲁木齐 低保."""

from __future__ import annotations

import datetime as dt

from tg_harness import TODAY, Bot

from bot.conversation.free_text import Reply
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.present import answer_text


async def _cards(kb, query: str) -> dict:
    async with Bot(kb) as bot:
        await bot.inline(query)
    (call,) = bot.api.of("answerInlineQuery")
    return call.params


async def test_region_and_identity_give_the_answer_card(kb):
    params = await _cards(kb, "乌鲁木齐 低保")
    first = params["results"][0]
    expected = calculate(kb, Situation(region="乌鲁木齐市", identities=("dibao",), newborn=False,
                                       student="none", paid_on=TODAY))
    assert first["type"] == "article"
    assert "乌市" in first["title"] and "低保" in first["title"]
    assert first["input_message_content"]["message_text"] == answer_text(expected)
    assert f"个人交{expected.total_personal}元" in first["description"]
    url = first["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url == "https://t.me/yibao_test_bot?start=wulumuqi-dibao"
    assert params["button"]["start_parameter"] == "wulumuqi-dibao"
    assert len({r["id"] for r in params["results"]}) == len(params["results"])


async def test_tiered_region_offers_each_tier(kb):
    params = await _cards(kb, "酉阳 特困")
    titles = [r["title"] for r in params["results"]]
    assert any("一档" in t for t in titles) and any("二档" in t for t in titles)
    assert all("特困" in t for t in titles)


async def test_identity_alone_offers_every_region(kb):
    params = await _cards(kb, "低保")
    regions = {r["title"].split(" · ")[0] for r in params["results"]}
    assert regions == {rk.short_name for rk in kb.regions.values()}


async def test_ambiguous_word_offers_each_reading(kb):
    params = await _cards(kb, "屯留 监测户")
    assert len(params["results"]) == 3


async def test_empty_query_offers_the_private_chat(kb):
    params = await _cards(kb, "  ")
    assert params["results"] == []
    assert params["button"]["start_parameter"] == "inline"


async def test_inline_cards_use_free_text_answers_first(kb):
    answer = calculate(kb, Situation(region="乌拉特前旗", identities=("tekun",), newborn=False,
                                     student="none", paid_on=dt.date(2023, 10, 1)))

    reply = Reply("…", Situation(region="乌拉特前旗", identities=("tekun",)), answer)
    async with Bot(kb, understand=lambda kb, text, today, context: reply) as bot:
        await bot.inline("前旗 特困户 10月1日交")
    results = bot.api.of("answerInlineQuery")[0].params["results"]
    assert results[0]["input_message_content"]["message_text"] == answer_text(answer)
