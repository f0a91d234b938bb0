"""The guided conversation in a private chat: every step edits one message."""

from __future__ import annotations

import datetime as dt

import pytest
from tg_harness import ALICE, TODAY, Bot

from bot.conversation import wording
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.present import answer_text
from bot.telegram.deps import KEY

BACK, RESTART = wording.button("back"), wording.button("restart")
REGION_PROMPT = "您在哪个地区参保？"


async def start(bot: Bot):
    await bot.send("/start")
    return bot.api.last_message(ALICE.id)


async def tap(bot: Bot, *labels: str):
    for label in labels:
        await bot.press(bot.api.last_message(ALICE.id), label)
    return bot.api.last_message(ALICE.id)


async def test_start_greets_in_one_line_and_asks_the_region(kb):
    async with Bot(kb) as bot:
        msg = await start(bot)
    greeting, _, question = msg.text.partition("\n\n")
    assert "\n" not in greeting and "医保缴费助手" in greeting
    assert question == REGION_PROMPT
    assert msg.rows == [[name] for name in kb.regions]
    assert len(bot.api.of("sendMessage")) == 1


@pytest.mark.parametrize(
    ("region", "picks", "extra", "situation"),
    [
        ("乌鲁木齐市", ["低保"], [], dict(identities=("dibao",))),
        ("长治市屯留区", ["特困"], [], dict(identities=("tekun",))),
        ("乌拉特前旗", [], [], dict(identities=())),
        ("酉阳土家族苗族自治县", ["低保"], ["不是", "二档"],  # not a university student; tier
         dict(identities=("dibao",), student="none", tier=2)),
    ],
)
async def test_full_conversation_edits_one_message_into_the_answer(kb, region, picks, extra, situation):
    async with Bot(kb) as bot:
        first = await start(bot)
        msg = await tap(bot, region)
        assert msg.message_id == first.message_id and "您属于哪类人员" in msg.text
        msg = await tap(bot, *picks) if picks else await tap(bot, wording.button("ordinary"))  # one press
        assert "是给新生儿" not in msg.text  # not asked: most people are not newborns
        msg = await tap(bot, *extra) if extra else msg
        assert "哪天缴费" in msg.text
        msg = await tap(bot, "2023年12月", "15日")
    expected = calculate(kb, Situation(region=region, newborn=False, paid_on=dt.date(2023, 12, 15),
                                       **situation))
    assert msg.text == answer_text(expected)
    assert len(bot.api.of("sendMessage")) == 1  # everything was an edit of the first message
    assert len(bot.api.of("answerCallbackQuery")) == len(bot.api.of("editMessageText"))
    for label in (BACK, RESTART, wording.button("share"), wording.button("change", slot="identities"),
                  wording.button("change", slot="paid_on"), wording.button("change", slot="region"),
                  wording.button("newborn_toggle", newborn=True)):
        assert label in msg.labels


async def test_back_walks_back_one_question_at_a_time(kb):
    async with Bot(kb) as bot:
        await start(bot)
        await tap(bot, "乌鲁木齐市", "低保")
        msg = await tap(bot, "2023年12月")
        assert "2023年12月几日缴费" in msg.text
        msg = await tap(bot, BACK)
        assert "哪天缴费" in msg.text and "2023年12月" in msg.labels
        msg = await tap(bot, BACK)
        assert "您属于哪类人员" in msg.text and "✅ 低保" not in msg.labels
        msg = await tap(bot, BACK)
        assert msg.text == REGION_PROMPT


async def test_back_from_the_answer_reasks_the_date_and_restart_starts_over(kb):
    async with Bot(kb) as bot:
        await start(bot)
        today = wording.button("today", day=TODAY)
        msg = await tap(bot, "长治市屯留区", wording.button("ordinary"), today)
        assert msg.text.startswith("📋 长治市屯留区")
        msg = await tap(bot, BACK)
        assert "哪天缴费" in msg.text and "已选：长治市屯留区 · 普通居民\n" in msg.text
        msg = await tap(bot, RESTART)
        assert msg.text == REGION_PROMPT


async def test_one_identity_is_one_press(kb):
    async with Bot(kb) as bot:
        await start(bot)
        msg = await tap(bot, "酉阳土家族苗族自治县", "低保")
        assert "已选：酉阳土家族苗族自治县 · 低保" in msg.text and "大学生" in msg.text  # the next question


async def test_multi_select_ticks_unticks_and_completes(kb):
    async with Bot(kb) as bot:
        await start(bot)
        msg = await tap(bot, "酉阳土家族苗族自治县", wording.button("several"), "低保", "特困")
        assert {"✅ 低保", "✅ 特困", wording.button("done", count=2)} <= set(msg.labels)
        msg = await tap(bot, "✅ 特困")
        assert "特困" in msg.labels and "✅ 低保" in msg.labels
        msg = await tap(bot, wording.button("done", count=1))
        assert "已选：酉阳土家族苗族自治县 · 低保" in msg.text


async def test_ordinary_button_means_no_identity(kb):
    async with Bot(kb) as bot:
        await start(bot)
        msg = await tap(bot, "乌鲁木齐市", wording.button("ordinary"))
        assert "已选：乌鲁木齐市 · 普通居民" in msg.text
        assert wording.button("done", count=0) not in msg.labels


async def test_today_means_the_day_of_the_press(kb):
    async with Bot(kb) as bot:
        await start(bot)
        msg = await tap(bot, "乌鲁木齐市", wording.button("ordinary"))
        bot.today = dt.date(2023, 12, 2)  # the button was drawn yesterday
        msg = await tap(bot, wording.button("today", day=TODAY))
    assert "缴费日期：2023年12月2日" in msg.text


async def test_newborn_asks_the_birth_date_with_buttons(kb):
    async with Bot(kb) as bot:
        await start(bot)
        msg = await tap(bot, "长治市屯留区", wording.button("newborn"))
        assert "宝宝是哪天出生的" in msg.text and "2023年1月" in msg.labels
        msg = await tap(bot, "2023年10月", "8日")
        assert "新生儿（2023年10月8日出生）" in msg.text and "哪天缴费" in msg.text
        msg = await tap(bot, "2024年1月", "10日")
    assert "📅 缴费日期：2024年1月10日" in msg.text and "新生儿" in msg.text


async def test_born_after_payment_asks_again(kb):
    async with Bot(kb) as bot:
        await start(bot)
        await tap(bot, "长治市屯留区", wording.button("newborn"), "2023年10月", "8日")
        msg = await tap(bot, "2023年9月", "1日")
    assert "晚于缴费日期" in msg.text and "哪天缴费" in msg.text


async def test_typed_dates(kb):
    async with Bot(kb) as bot:
        await start(bot)
        await tap(bot, "乌鲁木齐市", wording.button("ordinary"))
        await bot.send("2023-12-20")
        msg = bot.api.last_message(ALICE.id)
        assert "缴费日期：2023年12月20日" in msg.text
        await tap(bot, wording.button("change", slot="paid_on"))
        await bot.send("1月15日")
        msg = bot.api.last_message(ALICE.id)
        assert msg.text.startswith("📋") and "月15日" in msg.text
        await tap(bot, wording.button("change", slot="paid_on"))
        await bot.send("2023-13-45")
        msg = bot.api.last_message(ALICE.id)
        assert "2023-13-45" in msg.text and "哪天缴费" in msg.text
        assert wording.button("today", day=TODAY) in msg.labels


async def test_only_a_date_question_on_show_is_remembered(kb):
    """A typed message is only ever checked against a date question on show: the memory
    keeps that and nothing else, so an answer on show lets a typed date be a new question."""
    async with Bot(kb) as bot:
        memory = bot.app.bot_data[KEY].memory
        await start(bot)
        await tap(bot, "乌鲁木齐市")
        assert len(memory) == 0  # asks the identities
        await tap(bot, wording.button("ordinary"))
        assert len(memory) == 1  # asks the payment date
        await bot.send("2023-12-20")
        assert "缴费日期：2023年12月20日" in bot.api.last_message(ALICE.id).text
        assert len(memory) == 0  # the answer is on show
        await bot.send("2023-12-21")
    assert not bot.api.last_message(ALICE.id).text.startswith("📋")  # read as a new question


async def test_typed_date_as_a_reply_needs_no_memory(kb, api):
    async with Bot(kb, api) as first:
        await start(first)
        question = await tap(first, "乌鲁木齐市", wording.button("ordinary"))
    async with Bot(kb, api) as fresh:  # a new process: nothing in memory
        await fresh.send("2023-12-21", reply_to=question)
    msg = api.last_message(ALICE.id)
    assert "缴费日期：2023年12月21日" in msg.text and msg.message_id != question.message_id


async def test_typed_date_in_reply_to_the_day_grid(kb, api):
    async with Bot(kb, api) as first:
        await start(first)
        grid = await tap(first, "长治市屯留区", wording.button("newborn"), "2023年10月")
    async with Bot(kb, api) as fresh:
        await fresh.send("2023-10-09", reply_to=grid)
    assert "新生儿（2023年10月9日出生）" in api.last_message(ALICE.id).text


async def test_change_one_answer_keeps_the_others(kb):
    async with Bot(kb) as bot:
        await start(bot)
        await tap(bot, "酉阳土家族苗族自治县", "低保", "不是", "一档")
        answer = await tap(bot, "2023年12月", "15日")
        msg = await tap(bot, wording.button("change", slot="identities"))
        assert "✅ 低保" in msg.labels
        msg = await tap(bot, BACK)
        assert msg.text == answer.text
        await tap(bot, wording.button("change", slot="identities"), "✅ 低保", "特困")
        msg = await tap(bot, wording.button("done", count=1))
        assert msg.text.startswith("📋") and "特困" in msg.text and "一档" in msg.text
        assert "缴费日期：2023年12月15日" in msg.text
        msg = await tap(bot, wording.button("change", slot="tier"), "二档")
        assert "二档" in msg.text and "特困" in msg.text
        msg = await tap(bot, wording.button("change", slot="region"), "乌鲁木齐市")
        assert "您属于哪类人员" in msg.text
        msg = await tap(bot, "低保")
    assert msg.text.startswith("📋 乌鲁木齐市") and "缴费日期：2023年12月15日" in msg.text


async def test_share_sends_a_deep_link(kb):
    async with Bot(kb) as bot:
        await start(bot)
        await tap(bot, "乌鲁木齐市", "低保", "2023年12月", "1日")
        await tap(bot, wording.button("share"))
        link_msg = bot.api.last_message(ALICE.id)
    assert "https://t.me/yibao_test_bot?start=wulumuqi-dibao-P20231201" in link_msg.text
    assert "乌鲁木齐市 · 低保" in link_msg.text


async def test_unknown_text_gets_the_guided_flow(kb):
    async with Bot(kb) as bot:
        await bot.send("你好")
        msg = bot.api.last_message(ALICE.id)
    assert msg.labels  # buttons to carry on
    assert not bot.errors


async def test_pressing_the_same_state_twice_is_harmless(kb):
    async with Bot(kb) as bot:
        msg = await start(bot)
        data = msg.button("乌鲁木齐市")["callback_data"]
        await bot.press_data(msg, data)
        await bot.press_data(msg, data)  # Telegram: "message is not modified" -> ignored
    assert len(bot.api.of("answerCallbackQuery")) == 2


async def test_free_text_hands_over_to_the_question_it_still_needs(kb):
    from bot.conversation.free_text import Reply
    from bot.engine.situation import Situation as S
    from bot.understand.ask import carried

    youyang = S(region="酉阳土家族苗族自治县", identities=("dibao",))
    carry = carried(youyang, ["tier"], None)
    assert carry == youyang.with_(newborn=False, student="none")
    assert carried(S(), ["region"], None) == S()  # nothing said: every question still asked
    async with Bot(kb, understand=lambda kb, text, today, context: Reply("…", carry)) as bot:
        await bot.send("酉阳 低保户 交多少")
        msg = bot.api.last_message(ALICE.id)
        assert msg.text == "…" and msg.rows[0] == ["一档", "二档"]
        msg = await tap(bot, "一档")
    assert "哪天缴费" in msg.text and "已选：酉阳土家族苗族自治县 · 低保 · 非新生儿 · 一档" in msg.text


async def test_newborn_is_offered_after_the_answer_and_can_be_undone(kb):
    async with Bot(kb) as bot:
        await start(bot)
        answer = await tap(bot, "长治市屯留区", wording.button("ordinary"), "2023年11月", "20日")
        msg = await tap(bot, wording.button("newborn_toggle", newborn=True))
        assert "宝宝是哪天出生的" in msg.text
        msg = await tap(bot, "2023年10月", "8日")
        assert msg.text.startswith("📋") and "新生儿" in msg.text and "2023年11月20日" in msg.text
        msg = await tap(bot, wording.button("newborn_toggle", newborn=False))
    assert msg.text == answer.text


async def test_opening_a_shared_answer_shows_that_answer_not_the_questions_again(kb):
    async with Bot(kb) as bot:
        await bot.send("/start wulumuqi-dibao-N0-P20231201")
        msg = bot.api.last_message(ALICE.id)
    expected = calculate(kb, Situation(region="乌鲁木齐市", identities=("dibao",), newborn=False,
                                       student="none", paid_on=dt.date(2023, 12, 1)))
    assert answer_text(expected) in msg.text and "新生儿" not in msg.text.split("\n\n")[0]


async def test_a_question_without_an_identity_is_answered_then_offers_the_categories(kb):
    async with Bot(kb) as bot:
        await bot.send("乌鲁木齐交多少钱")
        msg = bot.api.last_message(ALICE.id)
        ordinary = calculate(kb, Situation(region="乌鲁木齐市", identities=(), newborn=False,
                                           student="none", paid_on=TODAY))
        assert answer_text(ordinary) in msg.text and "先按普通居民算" in msg.text
        assert "低保" in msg.labels  # one press refines it
        msg = await tap(bot, "低保")
    dibao = calculate(kb, Situation(region="乌鲁木齐市", identities=("dibao",), newborn=False,
                                    student="none", paid_on=TODAY))
    assert msg.text == answer_text(dibao)
