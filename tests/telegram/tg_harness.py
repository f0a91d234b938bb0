"""Feed real telegram.Update objects to a real Application (process_update), no network."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application
from tg_fakeapi import BOT_USERNAME, TOKEN, BotMessage, FakeBotAPI

from bot.conversation.free_text import Understand, reply_to
from bot.knowledge.base import KnowledgeBase
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig

TODAY = dt.date(2023, 11, 1)
GROUP = -100555


@dataclass(frozen=True)
class User:
    id: int
    first_name: str

    def api(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": "zh-hans"}


ALICE = User(1001, "阿丽")
BOB = User(2002, "老王")
_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


class Bot:
    """One bot process: an Application over a FakeBotAPI. Several may share one FakeBotAPI."""

    def __init__(
        self,
        kb: KnowledgeBase | Callable[[], KnowledgeBase],
        api: FakeBotAPI | None = None,
        *,
        today: dt.date = TODAY,
        understand: Understand = reply_to,
        config: BotConfig | None = None,
        **options: Any,  # more build_application keywords (e.g. retry=)
    ) -> None:
        self.api = api or FakeBotAPI()
        self.today = today
        self.config = config or BotConfig(token=TOKEN)
        # Telegram's pacing (20 messages a minute in a group) would only slow the tests down;
        # tests/telegram/test_tg_reminders.py checks that a real bot gets it.
        options.setdefault("rate_limiter", None)
        self.app: Application = build_application(  # type: ignore[type-arg]
            kb, self.config, request=self.api, today=lambda: self.today, understand=understand, **options
        )
        self.errors: list[BaseException] = []

        async def record(update: object, context: Any) -> None:
            self.errors.append(context.error)

        self.app.add_error_handler(record)

    async def __aenter__(self) -> Bot:
        await self.app.initialize()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.shutdown()
        assert not self.errors, f"handlers raised: {self.errors!r}"

    async def feed(self, data: dict[str, Any]) -> None:
        data = {"update_id": next(_update_ids), **data}
        await self.app.process_update(Update.de_json(data, self.app.bot))

    # -- a user acting ----------------------------------------------------------------------

    async def send(
        self,
        text: str,
        user: User = ALICE,
        *,
        chat_id: int | None = None,
        reply_to: BotMessage | dict[str, Any] | None = None,
    ) -> None:
        chat_id = user.id if chat_id is None else chat_id
        await self.feed({"message": user_message(text, user, chat_id, reply_to)})

    async def send_document(
        self,
        data: bytes,
        file_name: str | None,
        user: User = ALICE,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        mime_type: str | None = None,
        file_size: int | None = None,
        reply_to: BotMessage | None = None,
    ) -> None:
        """A file sent as a document (its bytes kept by the fake API until the bot fetches them);
        ``file_size`` overrides the size Telegram reports."""
        chat_id = user.id if chat_id is None else chat_id
        msg = user_message(caption or "", user, chat_id, reply_to)
        del msg["text"]
        msg.pop("entities", None)
        if caption:
            msg["caption"] = caption
            mention = f"@{BOT_USERNAME}"
            if mention in caption:
                offset = _u16(caption[: caption.index(mention)])
                msg["caption_entities"] = [{"type": "mention", "offset": offset, "length": _u16(mention)}]
        file_id = self.api.add_file(data)
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u{file_id}",
                                    "file_size": len(data) if file_size is None else file_size}
        if file_name is not None:
            document["file_name"] = file_name
        if mime_type is not None:
            document["mime_type"] = mime_type
        msg["document"] = document
        await self.feed({"message": msg})

    async def press(self, message: BotMessage, label: str, user: User = ALICE) -> None:
        await self.press_data(message, message.button(label)["callback_data"], user)

    async def press_data(self, message: BotMessage, data: str, user: User = ALICE) -> None:
        await self.feed({"callback_query": {
            "id": str(next(_update_ids)),
            "from": user.api(),
            "chat_instance": str(message.chat_id),
            "data": data,
            "message": FakeBotAPI.api_message(message),
        }})

    async def inline(self, query: str, user: User = ALICE) -> None:
        await self.feed({"inline_query": {"id": str(next(_update_ids)), "from": user.api(),
                                          "query": query, "offset": ""}})


def user_message(
    text: str, user: User, chat_id: int, reply_to: BotMessage | dict[str, Any] | None = None
) -> dict[str, Any]:
    chat = ({"id": chat_id, "type": "private", "first_name": user.first_name} if chat_id > 0
            else {"id": chat_id, "type": "supergroup", "title": "社区缴费群"})
    msg: dict[str, Any] = {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat,
                           "from": user.api(), "text": text}
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": _u16(text.split()[0])})
    mention = f"@{BOT_USERNAME}"
    if mention in text:
        entities.append({"type": "mention", "offset": _u16(text[: text.index(mention)]),
                         "length": _u16(mention)})
    if entities:
        msg["entities"] = entities
    if isinstance(reply_to, BotMessage):
        msg["reply_to_message"] = FakeBotAPI.api_message(reply_to)
    elif reply_to is not None:
        msg["reply_to_message"] = reply_to
    return msg


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
