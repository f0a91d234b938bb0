"""A lean in-process Bot API for the benchmarks, and a driver that feeds updates to an Application.

``LeanBotAPI`` answers every call like the Bot API but keeps only each chat's newest bot
message (what the next button press needs), so a long run measures the bot, not the fake.
``Driver`` builds real ``telegram.Update`` objects and awaits ``Application.process_update``.
Not a benchmark itself: imported by memory.py and throughput.py.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.conversation import wording

BOT_ID = 999000
TOKEN = f"{BOT_ID}:BENCH-TOKEN-abcdefghijklmnopqrstuv"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "医保缴费助手", "username": "yibao_bench_bot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True}


class LeanBotAPI(BaseRequest):
    """Answers like the Bot API; remembers only the newest bot message per chat."""

    def __init__(self) -> None:
        self.last: dict[int, dict[str, Any]] = {}
        self.ids = itertools.count(5000)
        self.calls = 0

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.calls += 1
        name = url.rsplit("/", 1)[-1]
        p = request_data.parameters if request_data else {}
        if name == "getMe":
            result: Any = BOT_USER
        elif name == "sendMessage":
            result = self._store(int(p["chat_id"]), next(self.ids), p)
        elif name == "editMessageText":
            chat_id, message_id = int(p["chat_id"]), int(p["message_id"])
            old = self.last.get(chat_id)
            if old and old["text"] == p["text"] and old.get("reply_markup") == p.get("reply_markup"):
                body = {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}
                return 400, json.dumps(body).encode()
            result = self._store(chat_id, message_id, p, edited=True)
        else:
            result = True  # answerCallbackQuery, setMyCommands, …
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _store(self, chat_id: int, message_id: int, p: dict[str, Any], edited: bool = False) -> dict:
        msg: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                               "chat": {"id": chat_id, "type": "private", "first_name": "x"},
                               "text": p["text"]}
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        if edited:
            msg["edit_date"] = msg["date"]
        self.last[chat_id] = msg
        return msg


class Driver:
    def __init__(self, app: Any, api: LeanBotAPI) -> None:
        self.app, self.api = app, api
        self.update_ids = itertools.count(1)
        self.message_ids = itertools.count(1)
        self.updates = 0

    async def feed(self, data: dict[str, Any]) -> None:
        self.updates += 1
        update = Update.de_json({"update_id": next(self.update_ids), **data}, self.app.bot)
        await self.app.process_update(update)

    async def send(self, user: int, text: str) -> None:
        msg: dict[str, Any] = {
            "message_id": next(self.message_ids), "date": int(time.time()),
            "chat": {"id": user, "type": "private", "first_name": f"居民{user}"},
            "from": {"id": user, "is_bot": False, "first_name": f"居民{user}", "language_code": "zh-hans"},
            "text": text,
        }
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        await self.feed({"message": msg})

    async def press(self, user: int, label: str) -> None:
        msg = self.api.last[user]
        rows = msg.get("reply_markup", {}).get("inline_keyboard", [])
        data = next((b["callback_data"] for row in rows for b in row if b["text"] == label), None)
        if data is None:
            labels = [b["text"] for row in rows for b in row]
            raise KeyError(f"user {user}: no button {label!r} under {msg['text'][:40]!r}: {labels}")
        await self.feed({"callback_query": {
            "id": str(next(self.update_ids)), "chat_instance": str(user), "data": data, "message": msg,
            "from": {"id": user, "is_bot": False, "first_name": f"居民{user}", "language_code": "zh-hans"},
        }})

    def answered(self, user: int) -> bool:
        rows = self.api.last[user].get("reply_markup", {}).get("inline_keyboard", [])
        return wording.button("share") in [b["text"] for row in rows for b in row]
