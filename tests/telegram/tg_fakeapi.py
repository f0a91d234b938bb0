"""A Bot API stand-in for handler tests: records every call, answers with canned results.

It keeps the bot's messages as Telegram would (edits applied, keyboards replaced) so a
test can press a button on the message as it is now. No network.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 999000
BOT_USERNAME = "yibao_test_bot"
TOKEN = f"{BOT_ID}:TEST-TOKEN-abcdefghijklmnopqrstuv"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "医保缴费助手", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200  # the HTTP status it was answered with


@dataclass(frozen=True)
class SentFile:
    """A file the bot sent (sendDocument), as it was uploaded."""

    file_name: str
    data: bytes
    mime_type: str


@dataclass
class BotMessage:
    chat_id: int
    message_id: int
    text: str
    reply_markup: dict[str, Any] | None
    edits: int = 0
    document: SentFile | None = None  # sendDocument: the file; ``text`` is then its caption

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b for row in rows for b in row]

    @property
    def labels(self) -> list[str]:
        return [b["text"] for b in self.buttons]

    @property
    def rows(self) -> list[list[str]]:
        return [[b["text"] for b in row] for row in (self.reply_markup or {}).get("inline_keyboard", [])]

    def button(self, label: str) -> dict[str, Any]:
        found = [b for b in self.buttons if b["text"] == label]
        if not found:
            raise KeyError(f"no button {label!r}; buttons: {self.labels}")
        return found[0]


class OfflineRequest(BaseRequest):
    """A BaseRequest with nothing to open or close: the base of the in-memory Bot APIs."""

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


@dataclass
class FakeBotAPI(OfflineRequest):
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], BotMessage] = field(default_factory=dict)
    ids: itertools.count = field(default_factory=lambda: itertools.count(5000))
    failing: dict[str, int] = field(default_factory=dict)  # method -> the HTTP error it gets
    owners: set[tuple[int, int]] = field(default_factory=set)  # (group, user): getChatMember says creator
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> what a user uploaded
    downloads: list[str] = field(default_factory=list)  # file_paths the bot fetched
    migrated: dict[int, int] = field(default_factory=dict)  # a group upgraded -> its supergroup's id

    # -- BaseRequest -------------------------------------------------------------------

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # File.download_*: a GET of the file's bytes, not a method call
            return self._download(url.rsplit("/", 1)[-1])
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if request_data is not None and request_data.contains_files:  # an upload: multipart parts
            uploads = request_data.multipart_data or {}
            files = {k: SentFile(fn, bytes(data), mime) for k, (fn, data, mime) in uploads.items()}
            params = {**params, **files}
        call = Call(name, params)
        self.calls.append(call)
        if name in self.failing:
            call.status = self.failing[name]
            body = {"ok": False, "error_code": call.status, "description": HTTPStatus(call.status).phrase}
            return call.status, json.dumps(body).encode()
        gone_to = self.migrated.get(int(params.get("chat_id", 0) or 0))
        if gone_to is not None:  # what the Bot API answers for a group upgraded to a supergroup
            call.status = 400
            body = {"ok": False, "error_code": 400, "parameters": {"migrate_to_chat_id": gone_to},
                    "description": "Bad Request: group chat was upgraded to a supergroup chat"}
            return 400, json.dumps(body).encode()
        try:
            result = self._result(name, params)
        except _ApiError as exc:
            call.status = 400
            body = {"ok": False, "error_code": 400, "description": exc.description}
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- canned results -------------------------------------------------------------------

    def _result(self, name: str, p: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name == "getChatMember":
            chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
            user = {"id": user_id, "is_bot": False, "first_name": "x"}
            if (chat_id, user_id) in self.owners:
                return {"status": "creator", "user": user, "is_anonymous": False}
            return {"status": "member", "user": user}
        if name == "getFile":
            file_id = p["file_id"]
            if file_id not in self.files:
                raise _ApiError("Bad Request: invalid file_id")
            size = len(self.files[file_id])
            return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": size,
                    "file_path": f"documents/{file_id}"}
        if name == "sendDocument":
            return self._send_document(p)
        if name == "sendMessage":
            chat_id = int(p["chat_id"])
            msg = BotMessage(chat_id, next(self.ids), p["text"], p.get("reply_markup"))
            self.messages[(chat_id, msg.message_id)] = msg
            return self.api_message(msg)
        if name in ("editMessageText", "editMessageReplyMarkup") and "inline_message_id" in p:
            return True  # a message sent via inline mode: Telegram answers True, not the Message
        if name == "editMessageText":
            msg = self.messages[(int(p["chat_id"]), int(p["message_id"]))]
            if msg.text == p["text"] and msg.reply_markup == p.get("reply_markup"):
                raise _ApiError("Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same")
            msg.text, msg.reply_markup, msg.edits = p["text"], p.get("reply_markup"), msg.edits + 1
            return self.api_message(msg, edited=True)
        if name == "editMessageReplyMarkup":
            msg = self.messages[(int(p["chat_id"]), int(p["message_id"]))]
            msg.reply_markup, msg.edits = p.get("reply_markup"), msg.edits + 1
            return self.api_message(msg, edited=True)
        return True  # answerCallbackQuery, setMyCommands, answerInlineQuery, …

    def _download(self, file_id: str) -> tuple[int, bytes]:
        self.calls.append(Call("download", {"file_id": file_id}))
        if file_id not in self.files:
            return 404, b"Not Found"
        self.downloads.append(file_id)
        return 200, self.files[file_id]

    def _send_document(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(p["chat_id"])
        msg = BotMessage(chat_id, next(self.ids), p.get("caption") or "", None, document=p["document"])
        self.messages[(chat_id, msg.message_id)] = msg
        return self.api_message(msg)

    def add_file(self, data: bytes) -> str:
        """A file a user uploads: its file_id, for a document message."""
        file_id = f"F{len(self.files) + 1}"
        self.files[file_id] = data
        return file_id

    @staticmethod
    def api_message(msg: BotMessage, edited: bool = False) -> dict[str, Any]:
        chat = ({"id": msg.chat_id, "type": "private", "first_name": "x"} if msg.chat_id > 0
                else {"id": msg.chat_id, "type": "supergroup", "title": "群"})
        data: dict[str, Any] = {"message_id": msg.message_id, "date": int(time.time()), "chat": chat,
                                "from": BOT_USER}
        if msg.document is None:
            data["text"] = msg.text
        else:
            data["caption"] = msg.text
            data["document"] = {"file_id": f"B{msg.message_id}", "file_unique_id": f"b{msg.message_id}",
                                "file_name": msg.document.file_name, "mime_type": msg.document.mime_type,
                                "file_size": len(msg.document.data)}
        if msg.reply_markup:
            data["reply_markup"] = msg.reply_markup
        if edited:
            data["edit_date"] = int(time.time())
        return data

    # -- reading ---------------------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def last_message(self, chat_id: int) -> BotMessage:
        mine = [m for (c, _), m in self.messages.items() if c == chat_id]
        if not mine:
            methods = [c.method for c in self.calls]
            raise AssertionError(f"the bot sent nothing to {chat_id}; calls: {methods}")
        return max(mine, key=lambda m: m.message_id)

    def documents(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.sent_to(chat_id) if m.document is not None]

    def sent_to(self, chat_id: int) -> list[BotMessage]:
        return sorted((m for (c, _), m in self.messages.items() if c == chat_id), key=lambda m: m.message_id)


class _ApiError(Exception):
    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description
