"""Tools for the load and fault tests: fake Bot APIs that interleave or fail, and a user
who walks the guided conversation to an answer chosen in advance.

The user picks buttons the way a person does, by what they lead to: each button's signed
callback_data is decoded with *that user's* id (a keyboard made for anyone else raises
ForeignUser and fails the test), and the button that moves the conversation furthest
towards the planned situation is pressed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from telegram.error import NetworkError, TimedOut
from tg_fakeapi import BOT_USER, BotMessage, FakeBotAPI
from tg_harness import Bot, User

from bot.conversation.picker import days_in, picker_months
from bot.conversation.state import Action, Conv, current_slot, fill_date
from bot.engine.answer import Answer
from bot.engine.flow import next_step, question_for
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.engine.slots import DATE_SLOTS, SLOTS, missing_slots
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text
from bot.telegram.codec import CallbackCodec, Decoded
from bot.telegram.deps import KEY

# -- fake Bot APIs ------------------------------------------------------------------------------


@dataclass
class YieldingAPI(FakeBotAPI):
    """FakeBotAPI whose every call gives the event loop away 0-3 times, like a network
    round trip would, so concurrent updates really interleave.

    To keep a thousand conversations quick it leaves the keyboard out of the Message it
    returns (Telegram echoes it; the bot never reads it back): PTB then parses a small
    object instead of some twenty buttons per call.
    """

    rng: random.Random = field(default_factory=lambda: random.Random(7))
    order: list[int] = field(default_factory=list)  # chat ids of sends and edits, in order

    async def do_request(self, url: str, method: str, request_data: Any = None, *args: Any,
                         **kwargs: Any) -> tuple[int, bytes]:
        for _ in range(self.rng.randint(0, 3)):
            await asyncio.sleep(0)
        params = request_data.parameters if request_data else {}
        if "chat_id" in params:
            self.order.append(int(params["chat_id"]))
        return await super().do_request(url, method, request_data, *args, **kwargs)

    @staticmethod
    def api_message(msg: BotMessage, edited: bool = False) -> dict[str, Any]:
        data = FakeBotAPI.api_message(msg, edited)
        data.pop("reply_markup", None)
        return data


def switches(order: list[int]) -> int:
    """How often consecutive calls went to different chats."""
    return sum(a != b for a, b in itertools.pairwise(order))


FAULTS = ("http_500", "http_502_html", "timeout", "connection", "flood_429")


@dataclass
class FlakyAPI(FakeBotAPI):
    """FakeBotAPI where each call fails ``times`` times in the way ``fault`` names before it
    gets through (the retrying request sends the same call again), for the methods in
    ``methods`` and at most ``budget`` failures in all."""

    fault: str = "http_500"
    times: int = 1
    methods: frozenset[str] = frozenset({"sendMessage", "editMessageText", "answerCallbackQuery"})
    budget: int = 10**9
    retry_after: int = 7
    failures: list[tuple[str, str]] = field(default_factory=list)  # (method, fault) injected
    _streak: int = 0

    async def do_request(self, url: str, method: str, request_data: Any = None, *args: Any,
                         **kwargs: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        if name in self.methods and self._streak < self.times and len(self.failures) < self.budget:
            self._streak += 1
            self.failures.append((name, self.fault))
            return self._fail()
        self._streak = 0
        return await super().do_request(url, method, request_data, *args, **kwargs)

    def _fail(self) -> tuple[int, bytes]:
        if self.fault == "timeout":
            raise TimedOut("Timed out")  # what HTTPXRequest raises for httpx.TimeoutException
        if self.fault == "connection":
            raise NetworkError("httpx.ConnectError: [Errno 111] Connection refused")
        if self.fault == "http_502_html":
            return 502, b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        if self.fault == "flood_429":
            body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after "
                    f"{self.retry_after}", "parameters": {"retry_after": self.retry_after}}
            return 429, json.dumps(body).encode()
        assert self.fault == "http_500", self.fault
        body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        return 500, json.dumps(body).encode()


class Sleeps:
    """An injectable ``sleep`` that records the delays and does not wait."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


# -- what a user wants -------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    situation: Situation  # every slot the flow asks, answered
    answer: Answer
    text: str  # the answer as the bot words it


def plan(kb: KnowledgeBase, rng: random.Random, today: dt.date) -> Plan:
    """A random complete conversation: the answers the flow asks for, in its order, drawn
    from the options it offers (dates from the picker's months)."""
    while True:
        s = Situation(region=rng.choice(sorted(kb.regions)))
        if rng.random() < 0.1:  # a parent enrolling a baby: the identity screen's newborn button
            s = s.with_(identities=(), newborn=True)
        while missing := missing_slots(kb, s):
            slot = missing[0]
            q = question_for(kb, s, slot, today)
            value: object
            if slot == "identities":
                options = [o.value for o in q.options if o.value != q.context["default"]]
                picked = rng.sample(options, rng.choice([0, 1, 1, 2, 3]))
                value = tuple(o for o in options if o in picked)  # ticks carry no order
            elif slot == "paid_on" and rng.random() < 0.6:
                value = today  # the "today" button, the first one offered
            elif slot in DATE_SLOTS:
                y, m = rng.choice(picker_months(kb, s, slot, today))
                value = dt.date(y, m, rng.randint(1, days_in((y, m))))
            elif slot == "tier":
                value = int(rng.choice(q.options).value)
            else:
                value = rng.choice(q.options).value
            s = s.with_(**{slot: value})
        try:
            step = next_step(kb, s, today)
        except InputError:  # e.g. born after paying: the bot would ask again; plan anew
            continue
        assert isinstance(step, Answer)
        return Plan(s, step, answer_text(step))


# -- a user pressing buttons ---------------------------------------------------------------------


def _progress(conv: Conv) -> tuple[int, bool, int, bool]:
    answered = sum(getattr(conv.situation, slot) is not None for slot in SLOTS)
    return answered, conv.focus is not None, len(conv.picks), conv.month is not None


def _leads_towards(kb: KnowledgeBase, conv: Conv, want: Situation) -> bool:
    several = len(want.identities or ()) > 1 and conv.situation.identities is None
    if conv.focus is not None and not (several and conv.focus == "identities"):  # the multi-select
        return False
    for slot in SLOTS:
        value = getattr(conv.situation, slot)
        if value is not None and value != getattr(want, slot):
            return False
    if not set(conv.picks) <= set(want.identities or ()):
        return False
    if conv.month is not None:
        day = getattr(want, current_slot(kb, conv) or "", None)
        if not isinstance(day, dt.date) or (day.year, day.month) != conv.month:
            return False
    return True


def _buttons(codec: CallbackCodec, msg: BotMessage, user: User) -> list[tuple[str, Decoded]]:
    """Every button's callback_data, decoded for ``user`` (ForeignUser: not their keyboard)."""
    return [(b["callback_data"], codec.decode(b["callback_data"], user.id))
            for b in msg.buttons if "callback_data" in b]


def next_press(
    kb: KnowledgeBase, buttons: list[tuple[str, Decoded]], want: Situation, today: dt.date
) -> tuple[str, Conv] | None:
    """The button that brings the user closest to ``want`` (its callback_data and where it
    leads); None on the answer (the screen with a share button)."""
    if any(decoded.action == Action.SHARE for _, decoded in buttons):
        return None
    best: tuple[tuple[int, int, bool], str, Conv] | None = None
    for data, decoded in buttons:
        target: Conv | None = decoded.conv
        if decoded.action == Action.TODAY:
            target = fill_date(kb, decoded.conv, today)
        elif decoded.action != Action.SHOW:
            continue
        if target is None or not _leads_towards(kb, target, want):
            continue
        score = _progress(target)
        if best is None or score > best[0]:
            best = (score, data, target)
    assert best is not None, f"no button leads to {want}"
    return best[1], best[2]


async def press(bot: Bot, msg: BotMessage, data: str, user: User) -> None:
    """A button press as Telegram sends it (the pressed message without its keyboard, which
    the bot does not read; parsing it a thousand times over only costs time)."""
    message = FakeBotAPI.api_message(msg)
    message.pop("reply_markup", None)
    await bot.feed({"callback_query": {"id": f"{user.id}-{msg.edits}", "from": user.api(),
                                       "chat_instance": str(msg.chat_id), "data": data,
                                       "message": message}})


async def converse(
    bot: Bot,
    kb: KnowledgeBase,
    user: User,
    want: Situation,
    current: Callable[[], BotMessage],
    *,
    max_presses: int | None = None,
) -> BotMessage:
    """Press buttons on ``current()`` (the user's message as it is now) until the answer
    shows, or ``max_presses`` have been made; returns the message then."""
    codec = bot.app.bot_data[KEY].snapshot().codec
    presses = 0
    last = (-1, False, -1, False)
    while True:
        msg = current()
        choice = next_press(kb, _buttons(codec, msg, user), want, bot.today)
        if choice is None or (max_presses is not None and presses >= max_presses):
            return msg
        data, target = choice
        assert _progress(target) > last, f"{user.id} is going round in circles at {msg.text!r}"
        last = _progress(target)
        await press(bot, msg, data, user)
        presses += 1


# -- a Bot API over real HTTP -----------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    request_line: str  # "POST /bot123:abc/sendMessage HTTP/1.1" (an absolute URL via a proxy)
    headers: dict[str, str]  # names in lower case
    body: bytes


class ScriptedServer:
    """A tiny Bot API on 127.0.0.1 for a real HTTP stack (ours or PTB's httpx): ``getMe``
    always works; every other call takes the next step of ``script`` (``("hang", seconds)``,
    ``("status", code, body)``) and, when the script is used up, succeeds."""

    def __init__(self, script: list[tuple[Any, ...]]) -> None:
        self.script = list(script)
        self.received: list[str] = []
        self.requests: list[Received] = []  # every request as it came, getMe included
        self._server: asyncio.base_events.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def __aenter__(self) -> ScriptedServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._handlers):  # a hung request still sleeping
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:  # keep-alive: one connection carries several calls
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                fields = (line.partition(":") for line in lines[1:])
                headers = {k.strip().lower(): v.strip() for k, _, v in fields}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.requests.append(Received(lines[0], headers, body))
                code, payload = await self._answer(lines[0].split()[1].rsplit("/", 1)[-1], body,
                                                   headers.get("content-type", ""))
                writer.write(f"HTTP/1.1 {code} X\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._handlers.discard(task)
            writer.close()

    async def _answer(self, method: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        if method == "getMe":
            return 200, json.dumps({"ok": True, "result": BOT_USER}).encode()
        self.received.append(method)
        step = self.script.pop(0) if self.script else ("ok",)
        if step[0] == "hang":
            await asyncio.sleep(step[1])  # longer than the client waits: it times out
        elif step[0] == "status":
            return step[1], step[2]
        if content_type.startswith("application/json"):  # our transport
            fields = json.loads(body)
        else:  # PTB's httpx: a form
            fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        message = {"message_id": len(self.received), "date": 1700000000, "text": fields.get("text", ""),
                   "chat": {"id": int(fields.get("chat_id", "0")), "type": "private", "first_name": "x"}}
        return 200, json.dumps({"ok": True, "result": message}).encode()
