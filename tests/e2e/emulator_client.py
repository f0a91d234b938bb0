"""Drive the Bot API emulator (tests/e2e/emulator/launcher.js) as a Telegram *user*.

A test walks a conversation like this::

    sent = await client.send_text("你好", user=ALICE)
    reply = await client.wait_for_bot_message(sent.chat_id)
    press = await client.press(reply, "pay:online")
    edited = await client.wait_for_edit(reply)

Every wait is bounded (``timeout``, default 5 s) and raises :class:`EmulatorTimeout`, an
``AssertionError`` that lists what the bot did send to that chat.

:func:`running` starts a PTB ``Application`` polling the emulator and always shuts it down.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import re
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from telegram.ext import Application, ApplicationBuilder, ContextTypes

DEFAULT_TIMEOUT = 5.0
POLL_EVERY = 0.05


class EmulatorTimeout(AssertionError):
    """A wait on the emulator ran out of time."""


class EmulatorError(RuntimeError):
    """The emulator refused a request."""


@dataclass(frozen=True)
class TgUser:
    """A human Telegram user that sends messages and presses buttons."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "zh-hans"

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("username", "last_name", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


DEFAULT_USER = TgUser(id=10001, first_name="测试用户", username="test_user")


@dataclass(frozen=True)
class SentMessage:
    """A message the user sent (what the bot will receive as ``update.message``)."""

    chat_id: int
    message_id: int
    update_id: int
    text: str
    user: TgUser


@dataclass(frozen=True)
class BotMessage:
    """A message the bot sent, in its current (possibly edited) state."""

    chat_id: int
    message_id: int
    text: str
    date: int
    edit_count: int
    reply_markup: dict[str, Any] | None
    #: The message as a Bot API ``Message`` dict (what PTB got back from sendMessage).
    api: dict[str, Any] = field(repr=False)
    #: The parameters exactly as the bot sent them (parse_mode, reply keyboards, ...).
    request: dict[str, Any] = field(repr=False)

    @property
    def caption(self) -> str | None:
        return self.api.get("caption")

    @property
    def document(self) -> dict[str, Any] | None:
        """A sent file's ``Document`` (file_id, file_name, mime_type, file_size), or None."""
        return self.api.get("document")

    @property
    def parse_mode(self) -> str | None:
        return self.request.get("parse_mode")

    @property
    def plain_text(self) -> str:
        """The text as a user would read it: HTML tags stripped when parse_mode is HTML.

        The emulator stores text raw (it does not parse markup); this is a rough rendering.
        """
        if (self.parse_mode or "").upper() == "HTML":
            return html.unescape(re.sub(r"<[^>]+>", "", self.text))
        return self.text

    @property
    def buttons(self) -> list[list[dict[str, Any]]]:
        """Rows of inline keyboard buttons (empty when there is no inline keyboard)."""
        if not self.reply_markup:
            return []
        return self.reply_markup.get("inline_keyboard", [])

    @property
    def callback_data(self) -> list[str]:
        """All callback_data values of the inline keyboard, row by row."""
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]

    def button(self, text: str) -> dict[str, Any]:
        """The inline button whose label is ``text`` (exact match)."""
        for row in self.buttons:
            for b in row:
                if b.get("text") == text:
                    return b
        labels = [b.get("text") for row in self.buttons for b in row]
        raise KeyError(f"no button {text!r} on message {self.message_id}; buttons: {labels}")

    @classmethod
    def from_state(cls, item: dict[str, Any]) -> BotMessage:
        msg = item["message"]
        return cls(
            chat_id=int(msg["chat"]["id"]),
            message_id=int(msg["message_id"]),
            text=msg.get("text", ""),
            date=int(msg["date"]),
            edit_count=int(item.get("edit_count", 0)),
            reply_markup=msg.get("reply_markup"),
            api=msg,
            request=item.get("request", {}),
        )


@dataclass(frozen=True)
class CallbackPress:
    """An inline button press (what the bot receives as ``update.callback_query``)."""

    id: str
    update_id: int
    data: str
    message: BotMessage
    user: TgUser


MessageRef = int | SentMessage | BotMessage


def _message_id(ref: MessageRef) -> int:
    return ref if isinstance(ref, int) else ref.message_id


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class EmulatorClient:
    """Talks to the emulator's user-side routes for one bot token.

    Create it inside the event loop that uses it (httpx connections belong to one loop) and
    close it with :meth:`aclose` or ``async with``.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        default_user: TgUser = DEFAULT_USER,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.default_user = default_user
        self.timeout = timeout
        # trust_env=False: never send 127.0.0.1 traffic through an HTTP proxy from the env.
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=5.0, trust_env=False)
        # Per chat: the newest message id the test has "seen" (sent, or got from a wait).
        self._cursor: dict[int, int] = {}

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- low level -------------------------------------------------------------------------

    async def _post(self, path: str, payload: dict[str, Any]) -> Any:
        response = await self._http.post(path, json=payload)
        try:
            body = response.json()
        except ValueError:
            body = {"ok": False, "description": response.text}
        if response.status_code != 200 or not body.get("ok", False):
            raise EmulatorError(f"POST {path} -> {response.status_code}: {body}")
        return body["result"]

    async def state(self) -> dict[str, Any]:
        """Raw emulator state for this token: ``{"messages": [...], "callback_answers": [...]}``."""
        return await self._post("/e2e/state", {"token": self.token})

    async def message_count(self) -> int:
        """How many messages the bot has sent (one number, however many are stored)."""
        return int((await self._post("/e2e/count", {"token": self.token}))["messages"])

    def _advance(self, chat_id: int, message_id: int) -> None:
        self._cursor[chat_id] = max(self._cursor.get(chat_id, 0), message_id)

    # -- acting as the user ----------------------------------------------------------------

    async def send_text(
        self,
        text: str,
        *,
        chat_id: int | None = None,
        user: TgUser | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
    ) -> SentMessage:
        """Send ``text`` from ``user`` (default :data:`DEFAULT_USER`).

        Private chats use the user's id as chat id unless ``chat_id`` is given. For a group
        pass ``chat_type="group"`` (or ``"supergroup"``) and a negative ``chat_id``. Text
        starting with ``/`` gets a ``bot_command`` entity, so PTB's CommandHandler sees it.
        """
        user = user or self.default_user
        chat = self._chat(user, chat_id, chat_type, chat_title)
        message: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        return await self._send(user, chat, message, text)

    async def send_document(
        self,
        data: bytes,
        file_name: str | None,
        *,
        caption: str | None = None,
        mime_type: str | None = None,
        chat_id: int | None = None,
        user: TgUser | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
    ) -> SentMessage:
        """Send ``data`` as a document (a file the bot can getFile and download), with an
        optional caption; chats as for :meth:`send_text`."""
        user = user or self.default_user
        chat = self._chat(user, chat_id, chat_type, chat_title)
        query = {"token": self.token}
        if file_name is not None:
            query["file_name"] = file_name
        if mime_type is not None:
            query["mime_type"] = mime_type
        response = await self._http.post("/e2e/upload", params=query, content=data,
                                         headers={"content-type": "application/octet-stream"})
        body = response.json()
        if response.status_code != 200 or not body.get("ok"):
            raise EmulatorError(f"POST /e2e/upload -> {response.status_code}: {body}")
        message: dict[str, Any] = {"document": body["result"]}
        if caption is not None:
            message["caption"] = caption
        return await self._send(user, chat, message, caption or "")

    async def download(self, document: dict[str, Any]) -> bytes:
        """A file's bytes, fetched the way a bot fetches them (getFile, then its file_path)."""
        info = await self._post(f"/bot{self.token}/getFile", {"file_id": document["file_id"]})
        response = await self._http.get(f"/file/bot{self.token}/{info['file_path']}")
        if response.status_code != 200:
            raise EmulatorError(f"download of {document['file_id']} -> {response.status_code}")
        return response.content

    @staticmethod
    def _chat(user: TgUser, chat_id: int | None, chat_type: str, chat_title: str | None) -> dict[str, Any]:
        if chat_type == "private":
            chat: dict[str, Any] = {"id": user.id if chat_id is None else chat_id, "type": "private",
                                    "first_name": user.first_name}
            if user.username:
                chat["username"] = user.username
            return chat
        if chat_id is None:
            raise ValueError(f"a {chat_type} chat needs an explicit (negative) chat_id")
        return {"id": chat_id, "type": chat_type, "title": chat_title or f"Group {chat_id}"}

    async def _send(
        self, user: TgUser, chat: dict[str, Any], fields: dict[str, Any], text: str
    ) -> SentMessage:
        message = {"botToken": self.token, "date": int(time.time()), "chat": chat, "from": user.to_api(),
                   **fields}
        ids = await self._post("/sendMessage", message)
        sent = SentMessage(
            chat_id=int(chat["id"]),
            message_id=int(ids["message_id"]),
            update_id=int(ids["update_id"]),
            text=text,
            user=user,
        )
        self._advance(sent.chat_id, sent.message_id)
        return sent

    async def press(
        self, message: BotMessage, callback_data: str, *, user: TgUser | None = None
    ) -> CallbackPress:
        """Press the inline button with ``callback_data`` on ``message``.

        Uses the message's *current* state, as Telegram does: pressing a button that an edit
        already removed raises ``ValueError``.
        """
        user = user or self.default_user
        current = await self.get_message(message.chat_id, message.message_id)
        if callback_data not in current.callback_data:
            raise ValueError(
                f"message {current.message_id} has no button with callback_data "
                f"{callback_data!r}; it has {current.callback_data}"
            )
        payload = {
            "botToken": self.token,
            "from": user.to_api(),
            "message": current.api,
            "chat_instance": str(current.chat_id),
            "data": callback_data,
        }
        ids = await self._post("/sendCallback", payload)
        return CallbackPress(
            id=str(ids["callback_query_id"]),
            update_id=int(ids["update_id"]),
            data=callback_data,
            message=current,
            user=user,
        )

    # -- reading what the bot did ----------------------------------------------------------

    async def bot_messages(self, chat_id: int | None = None) -> list[BotMessage]:
        """All messages the bot sent (to ``chat_id`` if given), oldest first, as they are now."""
        state = await self.state()
        messages = [BotMessage.from_state(item) for item in state["messages"]]
        if chat_id is not None:
            messages = [m for m in messages if m.chat_id == chat_id]
        return sorted(messages, key=lambda m: m.message_id)

    async def get_message(self, chat_id: int, message_id: int) -> BotMessage:
        for m in await self.bot_messages(chat_id):
            if m.message_id == message_id:
                return m
        raise EmulatorError(f"the bot sent no message {message_id} in chat {chat_id}")

    async def _wait(self, what: str, chat_id: int, probe: Callable[[], Any], timeout: float | None) -> Any:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            found = await probe()
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                seen = [(m.message_id, m.edit_count, m.text) for m in await self.bot_messages(chat_id)]
                raise EmulatorTimeout(
                    f"timed out waiting for {what} in chat {chat_id}; "
                    f"bot messages there (id, edits, text): {seen}"
                )
            await asyncio.sleep(POLL_EVERY)

    async def wait_for_bot_message(
        self,
        chat_id: int,
        *,
        after: MessageRef | None = None,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float | None = None,
    ) -> BotMessage:
        """The first bot message in ``chat_id`` newer than ``after`` (that matches ``predicate``).

        By default ``after`` is the newest message this client has seen in that chat: the
        last one it sent there or the last one a wait returned. So successive calls walk the
        bot's messages in order, and a call after ``send_text`` gets the reply to it.
        """
        floor = self._cursor.get(chat_id, 0) if after is None else _message_id(after)

        async def probe() -> BotMessage | None:
            for m in await self.bot_messages(chat_id):
                if m.message_id > floor and (predicate is None or predicate(m)):
                    return m
            return None

        found = await self._wait(f"a bot message after #{floor}", chat_id, probe, timeout)
        self._advance(chat_id, found.message_id)
        return found

    async def expect_no_bot_message(
        self, chat_id: int, *, after: MessageRef | None = None, within: float = 0.5
    ) -> None:
        """Assert the bot sends nothing newer than ``after`` in ``chat_id`` for ``within`` s."""
        floor = self._cursor.get(chat_id, 0) if after is None else _message_id(after)
        await asyncio.sleep(within)
        extra = [m for m in await self.bot_messages(chat_id) if m.message_id > floor]
        if extra:
            raise AssertionError(f"bot unexpectedly sent {[m.text for m in extra]} in {chat_id}")

    async def wait_for_edit(
        self,
        message: BotMessage,
        *,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float | None = None,
    ) -> BotMessage:
        """``message`` once the bot has edited it again (text or keyboard) since it was read."""

        async def probe() -> BotMessage | None:
            m = await self.get_message(message.chat_id, message.message_id)
            if m.edit_count > message.edit_count and (predicate is None or predicate(m)):
                return m
            return None

        what = f"an edit of message #{message.message_id}"
        return await self._wait(what, message.chat_id, probe, timeout)

    async def wait_for_callback_answer(
        self, press: CallbackPress, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """The bot's answerCallbackQuery for ``press``: ``{"text", "show_alert", "url", ...}``."""

        async def probe() -> dict[str, Any] | None:
            for answer in (await self.state())["callback_answers"]:
                if answer["callback_query_id"] == press.id:
                    return answer
            return None

        what = f"an answer to callback {press.id}"
        return await self._wait(what, press.message.chat_id, probe, timeout)


@dataclass
class EmulatorServer:
    """The running emulator process. All URLs are on 127.0.0.1."""

    base_url: str  # e.g. "http://127.0.0.1:40123"
    process: subprocess.Popen[str]

    @property
    def bot_base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends the token."""
        return f"{self.base_url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``: where getFile's file_path is fetched."""
        return f"{self.base_url}/file/bot"

    def application_builder(self, token: str) -> ApplicationBuilder:
        """A PTB builder already pointed at the emulator for ``token``."""
        return ApplicationBuilder().token(token).base_url(self.bot_base_url).base_file_url(self.base_file_url)

    def client(
        self, token: str, *, default_user: TgUser = DEFAULT_USER, timeout: float = DEFAULT_TIMEOUT
    ) -> EmulatorClient:
        """A user-side client; create it in the event loop that uses it, and close it."""
        return EmulatorClient(self.base_url, token, default_user=default_user, timeout=timeout)


@dataclass
class EmulatorSession:
    """One test's view of the emulator: its own bot token, URLs and user-side client."""

    server: EmulatorServer
    token: str
    client: EmulatorClient

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def bot_base_url(self) -> str:
        return self.server.bot_base_url

    @property
    def base_file_url(self) -> str:
        return self.server.base_file_url

    def application_builder(self) -> ApplicationBuilder:
        return self.server.application_builder(self.token)


_token_numbers = itertools.count(1)


def new_token() -> str:
    """A fresh bot token: the emulator keeps each token's messages apart, so tests don't mix."""
    n = next(_token_numbers)
    return f"{700000 + n}:E2E-TEST-TOKEN-{n}"


class RunningApp:
    """What :func:`running` yields: the app and the handler errors it caught."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.errors: list[BaseException] = []

    async def record_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            self.errors.append(context.error)


@contextlib.asynccontextmanager
async def running(
    app: Application,
    *,
    poll_interval: float = 0.05,
    timeout: float = 10.0,
    raise_handler_errors: bool = True,
) -> AsyncIterator[RunningApp]:
    """Run ``app`` polling the emulator; stop and shut it down on exit, each step bounded.

    With ``raise_handler_errors`` a handler exception fails the test on exit (the emulator
    waits would otherwise only show a timeout); it is also attached as a note to any error
    raised inside the block.
    """
    run = RunningApp(app)
    if raise_handler_errors:
        app.add_error_handler(run.record_error)
    await asyncio.wait_for(app.initialize(), timeout)
    try:
        await asyncio.wait_for(app.start(), timeout)
        try:
            await asyncio.wait_for(app.updater.start_polling(poll_interval=poll_interval), timeout)
            try:
                yield run
            except BaseException as exc:
                for error in run.errors:
                    exc.add_note(f"handler error: {error!r}")
                raise
            finally:
                await asyncio.wait_for(app.updater.stop(), timeout)
        finally:
            await asyncio.wait_for(app.stop(), timeout)
    finally:
        await asyncio.wait_for(app.shutdown(), timeout)
    if raise_handler_errors and run.errors:
        raise AssertionError(f"bot handlers raised: {run.errors!r}") from run.errors[0]
