"""Smoke tests of the emulator harness with a trivial PTB 22 bot.

They prove the launcher's mends: getMe (initialize works), sendMessage dates (replies
parse), callback_query chat_instance (button presses reach the handler) and
editMessageText returning the Message (the edit handler uses it), and files (a user's
document, getFile, the file URL, sendDocument).
"""

from __future__ import annotations

import asyncio

import pytest
from emulator_client import EmulatorSession, TgUser, running
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

TEST_TIMEOUT = 20.0  # whole-test bound, on top of each wait's own timeout

ALICE = TgUser(id=424242, first_name="Alice", username="alice")
BOB = TgUser(id=515151, first_name="Bob")


def build_echo_app(emulator: EmulatorSession) -> tuple[Application, list[object]]:
    """Echo bot: /menu shows a button; pressing it edits the message. Records what it saw."""
    seen: list[object] = []

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pay", callback_data="pay")]])
        sent = await update.effective_message.reply_text("Choose:", reply_markup=keyboard)
        seen.append(sent)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        sent = await update.effective_message.reply_text(f"echo: {update.message.text}")
        seen.append(sent)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer("got it")
        edited = await query.edit_message_text(f"{query.from_user.first_name} chose {query.data}")
        seen.append(edited)

    app = emulator.application_builder().build()
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(on_button))
    return app, seen


async def test_text_round_trip(emulator: EmulatorSession) -> None:
    app, seen = build_echo_app(emulator)
    client = emulator.client

    async def scenario() -> None:
        async with running(app):
            assert app.bot.username == "emulator_bot"  # getMe parsed (is_bot mend)
            sent = await client.send_text("你好", user=ALICE)
            reply = await client.wait_for_bot_message(sent.chat_id)
            assert reply.text == "echo: 你好"
            assert reply.chat_id == ALICE.id
            assert reply.message_id > sent.message_id

            second = await client.send_text("again", user=ALICE)
            reply2 = await client.wait_for_bot_message(ALICE.id)
            assert reply2.text == "echo: again"
            assert reply2.message_id > second.message_id

        # sendMessage's result parsed into a Message with a sane date (seconds mend)
        assert seen[0].date.year >= 2024
        assert seen[0].chat.type == "private"

    await asyncio.wait_for(scenario(), TEST_TIMEOUT)


async def test_button_press_edits_message(emulator: EmulatorSession) -> None:
    app, seen = build_echo_app(emulator)
    client = emulator.client

    async def scenario() -> None:
        async with running(app):
            await client.send_text("/menu", user=ALICE)
            menu = await client.wait_for_bot_message(ALICE.id)
            assert menu.text == "Choose:"
            assert menu.callback_data == ["pay"]
            assert menu.button("Pay")["callback_data"] == "pay"

            press = await client.press(menu, "pay", user=ALICE)
            edited = await client.wait_for_edit(menu)
            assert edited.text == "Alice chose pay"
            assert edited.edit_count == 1
            assert edited.reply_markup is None  # an edit without a keyboard removes it
            answer = await client.wait_for_callback_answer(press)
            assert answer["text"] == "got it"

            # the removed button cannot be pressed any more
            with pytest.raises(ValueError, match="no button"):
                await client.press(edited, "pay", user=ALICE)

        # editMessageText returned a Message, not True/None (edit mend)
        assert seen[-1].text == "Alice chose pay"
        assert seen[-1].edit_date is not None

    await asyncio.wait_for(scenario(), TEST_TIMEOUT)


async def test_group_chat(emulator: EmulatorSession) -> None:
    app, seen = build_echo_app(emulator)
    client = emulator.client
    group_id = -1001234567890

    async def scenario() -> None:
        async with running(app):
            sent = await client.send_text(
                "hello group",
                chat_id=group_id,
                user=BOB,
                chat_type="supergroup",
                chat_title="缴费群",
            )
            reply = await client.wait_for_bot_message(group_id)
            assert reply.text == "echo: hello group"
            assert reply.api["chat"]["type"] == "supergroup"
            # PTB quotes the user's message in groups by default
            assert str(sent.message_id) in reply.request.get("reply_parameters", "")

            # another user in the same group; nothing leaks into Bob's private chat
            await client.send_text("me too", chat_id=group_id, user=ALICE, chat_type="supergroup")
            reply2 = await client.wait_for_bot_message(group_id)
            assert reply2.text == "echo: me too"
            assert await client.bot_messages(BOB.id) == []
            await client.expect_no_bot_message(group_id, within=0.2)

        assert seen[0].chat.type == "supergroup"
        assert seen[0].chat.title == "缴费群"

    await asyncio.wait_for(scenario(), TEST_TIMEOUT)


async def test_a_document_round_trip(emulator: EmulatorSession) -> None:
    """Patch 10: a user's document reaches the bot, getFile + the file URL give its bytes, and
    sendDocument (PTB's own httpx multipart here) gives the user a file with its UTF-8 name."""
    got: list[bytes] = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        doc = update.message.document
        data = bytes(await (await doc.get_file()).download_as_bytearray())
        got.append(data)
        await update.message.reply_document(data[::-1], filename=f"回声_{doc.file_name}",
                                            caption=f"{doc.mime_type} {update.message.caption}")

    app = emulator.application_builder().build()
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    client = emulator.client
    payload = bytes(range(256)) * 50  # every byte value, CRLFs and "--" included

    async def scenario() -> bytes:
        async with running(app):
            await client.send_document(payload, "台账 v1.xlsx", caption="说明",
                                       mime_type="application/x-test", user=ALICE)
            reply = await client.wait_for_bot_message(ALICE.id)
            assert reply.document is not None
            assert reply.document["file_name"] == "回声_台账 v1.xlsx"
            assert reply.document["file_size"] == len(payload)
            assert reply.caption == "application/x-test 说明"
            return await client.download(reply.document)

    sent_back = await asyncio.wait_for(scenario(), TEST_TIMEOUT)
    assert got == [payload]
    assert sent_back == payload[::-1]


async def test_get_file_of_an_unknown_file_is_a_bad_request(emulator: EmulatorSession) -> None:
    from telegram.error import BadRequest

    app = emulator.application_builder().build()
    async with running(app):
        with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
            await app.bot.get_file("E2EFILE999999")
