"""The bot under load and under faults: many users at once, a Bot API that fails, restarts,
and updates that make no sense. All through the real Application (process_update, polling,
webhook) over a fake Bot API or a local HTTP server on 127.0.0.1; nothing waits for real
back-off delays (they are injected), and nothing here asserts timings (see bench/).
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import json
import logging
import random
import socket

import httpx
import pytest
from load_tools import FAULTS, FlakyAPI, ScriptedServer, Sleeps, YieldingAPI, converse, plan, switches
from telegram import Bot as TgBot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest
from tg_fakeapi import BOT_USERNAME, TOKEN, BotMessage, FakeBotAPI, OfflineRequest
from tg_harness import ALICE, BOB, GROUP, TODAY, Bot, User, user_message

from bot.engine.answer import Answer
from bot.engine.flow import next_step
from bot.engine.situation import Situation
from bot.present import answer_text
from bot.telegram import texts
from bot.telegram.app import build_application
from bot.telegram.codec import ForeignUser
from bot.telegram.config import BotConfig
from bot.telegram.deps import KEY
from bot.telegram.retry import RetryingRequest, RetryPolicy
from bot.telegram.transport import AiohttpRequest
from bot.telegram.updates import SkipMalformedUpdates

USERS = 1000
IN_GROUP = 100  # of them, in one group chat; the rest in private chats


def users(n: int, first_id: int = 300_000) -> list[User]:
    return [User(first_id + i, f"居民{i}") for i in range(n)]


# -- 1. a thousand users at once -----------------------------------------------------------------


def mine(bot: Bot, msg: BotMessage, user: User) -> bool:
    """Whether ``msg`` carries ``user``'s keyboard (each button is signed for one person)."""
    codec = bot.app.bot_data[KEY].snapshot().codec
    try:
        codec.decode(msg.buttons[0]["callback_data"], user.id)
    except ForeignUser:
        return False
    return True


async def test_a_thousand_simultaneous_conversations_each_get_their_own_answer(kb):
    """900 users in private chats and 100 in one group, all at once, each walking the
    buttons to an answer planned in advance (random region, identities, newborn, student,
    tier, date): every one ends on exactly the answer the engine gives for their choices."""
    rng = random.Random(20240115)
    people = users(USERS)
    in_group = {u.id for u in people[-IN_GROUP:]}
    plans = {u.id: plan(kb, rng, TODAY) for u in people}
    api = YieldingAPI()
    in_flight = peak = 0

    async with Bot(kb, api) as bot:
        feed = bot.feed

        async def counted_feed(data):  # how many updates are being handled at the same time
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                await feed(data)
            finally:
                in_flight -= 1

        bot.feed = counted_feed  # type: ignore[method-assign]

        async def one(user: User) -> BotMessage:
            await asyncio.sleep(0)
            if user.id in in_group:
                await bot.send(f"/start@{BOT_USERNAME}", user, chat_id=GROUP)
                group = [m for (chat, _), m in list(api.messages.items()) if chat == GROUP]
                [msg] = [m for m in group if mine(bot, m, user)]
            else:
                await bot.send("/start", user)
                msg = api.last_message(user.id)
            key = (msg.chat_id, msg.message_id)  # the one message the buttons edit
            return await converse(bot, kb, user, plans[user.id].situation, lambda: api.messages[key])

        finals = await asyncio.gather(*(one(u) for u in people))

    per_chat = collections.Counter(chat for chat, _ in api.messages)
    for user, msg in zip(people, finals, strict=True):
        assert msg.chat_id == (GROUP if user.id in in_group else user.id)
        assert msg.text == plans[user.id].text, f"user {user.id} got someone else's answer"
        assert mine(bot, msg, user)
    # one message per person, edited step by step into the answer
    assert per_chat[GROUP] == IN_GROUP and all(per_chat[u.id] == 1 for u in people if u.id not in in_group)
    # the answers differ, so a mix-up could not go unnoticed, and the mix is wide
    assert len({p.text for p in plans.values()}) > USERS // 2
    assert {p.situation.region for p in plans.values()} == set(kb.regions)
    assert any(p.situation.tier == 2 for p in plans.values())
    assert any(p.situation.newborn for p in plans.values())
    assert any(p.situation.student not in (None, "none") for p in plans.values())
    assert any(len(p.situation.identities or ()) >= 2 for p in plans.values())
    # and the updates really were handled at the same time, interleaved
    assert peak > USERS // 2
    assert switches(api.order) > len(api.order) // 2


# -- 2. a Bot API that fails ------------------------------------------------------------------------

# PTB's own RetryAfter.__init__ warns that retry_after will become a timedelta one day.
PTB_RETRY_AFTER_WARNING = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

# A long conversation: region, two identities, newborn, student, tier, a picked date.
WANT = Situation(region="酉阳土家族苗族自治县", identities=("tekun", "dibao"), newborn=False, student="none",
                 tier=2, paid_on=dt.date(2024, 1, 5))


async def talk(bot: Bot, kb, want: Situation = WANT, user: User = ALICE) -> BotMessage:
    await bot.send("/start", user)
    return await converse(bot, kb, user, want, lambda: bot.api.last_message(user.id))


def expected_text(kb, want: Situation = WANT) -> str:
    answer = next_step(kb, want, TODAY)
    assert isinstance(answer, Answer)
    return answer_text(answer)


@pytest.mark.parametrize("fault", FAULTS)
async def test_every_call_failing_three_times_still_ends_on_the_answer(kb, fault):
    """Each sendMessage, editMessageText and answerCallbackQuery fails three times (HTTP 500,
    a 502 HTML page, a timeout, a refused connection, or 429 "retry after 7") before it gets
    through: the resident still gets every screen and the right answer, nothing is lost."""
    sleeps = Sleeps()
    api = FlakyAPI(fault=fault, times=3)
    async with Bot(kb, api, retry=RetryPolicy(sleep=sleeps)) as bot:  # exit: no handler errors
        msg = await talk(bot, kb)
    assert msg.text == expected_text(kb)
    failed_calls = len(api.failures) // 3
    assert failed_calls == len(api.calls) - 1 > 10  # every call but getMe failed three times first
    assert {m for m, _ in api.failures} == {"sendMessage", "editMessageText", "answerCallbackQuery"}
    if fault == "flood_429":
        assert sleeps.delays == [7.0] * len(api.failures)  # waited exactly as long as asked
    else:
        assert sleeps.delays == [0.5, 1.0, 2.0] * failed_calls  # exponential back-off
    assert len(api.of("sendMessage")) == 1  # the retried send arrived once


async def test_a_call_failing_past_the_last_try_is_logged_and_the_bot_answers_the_next_update(kb, caplog):
    sleeps = Sleeps()
    api = FlakyAPI(fault="http_500", times=4, methods=frozenset({"sendMessage"}), budget=4)
    async with Bot(kb, api, retry=RetryPolicy(sleep=sleeps)) as bot:
        await bot.send("/start")  # four tries, all HTTP 500: PTB raises NetworkError
        assert [type(e) for e in bot.errors] == [NetworkError]
        assert "error while handling an update: NetworkError" in caplog.text
        assert "Bot API sendMessage: HTTP 500; try 4 of 4" in caplog.text
        assert api.last_message(ALICE.id).text == texts.message("sorry")  # the apology got through
        bot.errors.clear()
        msg = await talk(bot, kb)  # the API is well again: the next conversation just works
    assert msg.text == expected_text(kb)
    assert sleeps.delays == [0.5, 1.0, 2.0]


@PTB_RETRY_AFTER_WARNING
async def test_a_flood_wait_longer_than_the_limit_is_not_waited_out(kb):
    sleeps = Sleeps()
    api = FlakyAPI(fault="flood_429", retry_after=3600, methods=frozenset({"sendMessage"}), budget=1)
    async with Bot(kb, api, retry=RetryPolicy(sleep=sleeps, max_retry_after=60)) as bot:
        await bot.send("/start")
        assert [type(e) for e in bot.errors] == [RetryAfter]
        bot.errors.clear()
    assert sleeps.delays == []


async def test_a_bad_request_is_not_retried(kb):
    """Pressing a button whose screen is already shown: Telegram says 400 "message is not
    modified"; that is final (no retry, no wait) and the bot shrugs it off."""
    sleeps = Sleeps()
    api = FakeBotAPI()
    async with Bot(kb, api, retry=RetryPolicy(sleep=sleeps)) as bot:
        await bot.send("/start")
        msg = api.last_message(ALICE.id)
        data = msg.button("乌鲁木齐市")["callback_data"]
        await bot.press_data(msg, data)
        await bot.press_data(msg, data)  # the same button again (a double tap)
    assert len(api.of("editMessageText")) == 2  # one edit that worked, one refused, none retried
    assert sleeps.delays == []


class _Scripted(OfflineRequest):
    """A transport that answers from a list: (code, body) pairs, or exceptions to raise."""

    def __init__(self, *steps: tuple[int, bytes] | Exception) -> None:
        self.steps = list(steps)
        self.tries = 0

    async def do_request(self, *args, **kwargs) -> tuple[int, bytes]:
        self.tries += 1
        step = self.steps.pop(0) if self.steps else (200, b'{"ok": true, "result": true}')
        if isinstance(step, Exception):
            raise step
        return step


def _error(code: int, **parameters: object) -> tuple[int, bytes]:
    body = {"ok": False, "error_code": code, "description": f"error {code}"}
    if parameters:
        body["parameters"] = parameters
    return code, json.dumps(body).encode()


@pytest.mark.parametrize(("steps", "delays"), [
    ([_error(429)], [0.5]),  # 429 without retry_after: back off
    ([(429, b"not json")], [0.5]),
    ([_error(429, retry_after=2), _error(503), TimedOut()], [2.0, 1.0, 2.0]),
    ([_error(500), _error(500), _error(500)], [0.5, 1.0, 2.0]),
    ([_error(500)] * 5, [0.5, 1.0, 2.0, 4.0, 4.0]),  # capped at max_backoff
])
async def test_retrying_request_waits_as_told(steps, delays):
    sleeps = Sleeps()
    inner = _Scripted(*steps)
    request = RetryingRequest(inner, RetryPolicy(attempts=len(steps) + 1, sleep=sleeps, max_backoff=4.0))
    assert await request.post("https://api.invalid/bot1:x/sendMessage") is True
    assert sleeps.delays == delays
    assert inner.tries == len(steps) + 1


@pytest.mark.parametrize(("step", "error"), [
    (_error(400), BadRequest),
    (_error(403), Forbidden),
    (_error(400, migrate_to_chat_id=-1001), ChatMigrated),
    (BadRequest("from the transport"), BadRequest),
])
async def test_retrying_request_leaves_final_errors_alone(step, error):
    sleeps = Sleeps()
    inner = _Scripted(step)
    with pytest.raises(error):
        await RetryingRequest(inner, RetryPolicy(sleep=sleeps)).post("https://api.invalid/bot1:x/sendMessage")
    assert inner.tries == 1 and sleeps.delays == []


@PTB_RETRY_AFTER_WARNING
async def test_retrying_request_gives_up_with_ptbs_own_exception():
    sleeps = Sleeps()
    final = [(_error(502), NetworkError), (TimedOut(), TimedOut), (_error(429, retry_after=1), RetryAfter)]
    for step, error in final:
        inner = _Scripted(*[step] * 3)
        with pytest.raises(error):
            await RetryingRequest(inner, RetryPolicy(attempts=3, sleep=sleeps)).post("https://api.invalid/x")
        assert inner.tries == 3


def test_retry_policy_rejects_nonsense():
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(backoff=-1)


@pytest.mark.parametrize("transport_kind", ["aiohttp", "httpx"])
async def test_over_real_http_a_timeout_a_500_and_a_429_are_retried(transport_kind):
    """A real HTTP stack (ours, and PTB's own httpx one) against a server on 127.0.0.1 that
    first does not answer in time, then answers 500, then 429: the message is sent on the
    fourth try."""
    sleeps = Sleeps()
    flood = json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests",
                        "parameters": {"retry_after": 1}}).encode()
    script = [("hang", 5.0), ("status", 500, b'{"ok": false, "error_code": 500, "description": "x"}'),
              ("status", 429, flood)]
    async with ScriptedServer(script) as server:
        transport: BaseRequest = (
            AiohttpRequest(read_timeout=1.0, trust_env=False) if transport_kind == "aiohttp"
            else HTTPXRequest(read_timeout=1.0, httpx_kwargs={"trust_env": False}))
        request = RetryingRequest(transport, RetryPolicy(sleep=sleeps))
        async with TgBot(TOKEN, base_url=f"{server.url}/bot", request=request) as tg:
            sent = await tg.send_message(ALICE.id, "您好")
    assert sent.text == "您好" and sent.chat.id == ALICE.id
    assert server.received == ["sendMessage"] * 4
    assert sleeps.delays == [0.5, 1.0, 1.0]


async def test_build_application_wraps_the_bots_calls_and_not_polling(kb):
    api = FakeBotAPI()
    policy = RetryPolicy(attempts=2)
    app = build_application(kb, BotConfig(token=TOKEN), request=api, retry=policy)
    polling = app.bot._request[0]  # PTB keeps (getUpdates request, request for the rest)
    assert isinstance(polling, SkipMalformedUpdates) and polling.inner is api
    assert isinstance(app.bot.request, RetryingRequest)
    assert app.bot.request.inner is api and app.bot.request.policy is policy
    bare = build_application(kb, BotConfig(token=TOKEN), request=api, retry=None)
    assert bare.bot.request is api
    default = build_application(kb, BotConfig(token=TOKEN))
    assert isinstance(default.bot.request, RetryingRequest)
    assert isinstance(default.bot.request.inner, AiohttpRequest)
    assert isinstance(default.bot._request[0], SkipMalformedUpdates)
    assert isinstance(default.bot._request[0].inner, AiohttpRequest)


# -- 3. the bot killed mid-conversation ----------------------------------------------------------------


async def test_conversations_cut_by_a_crash_carry_on_in_a_new_process(kb):
    """200 people half-way through; the process dies (no shutdown, nothing saved); a new
    Application over the same Bot API takes the old buttons and every one of them ends on
    their own answer. (tests/e2e/test_bot_kill_e2e.py does it with a real SIGKILL.)"""
    rng = random.Random(5)
    people = users(200, first_id=500_000)
    plans = {u.id: plan(kb, rng, TODAY) for u in people}
    api = YieldingAPI()

    first = Bot(kb, api)
    await first.app.initialize()
    await asyncio.gather(*(first.send("/start", u) for u in people))
    halfway = await asyncio.gather(*(
        converse(first, kb, u, plans[u.id].situation, lambda u=u: api.last_message(u.id), max_presses=2)
        for u in people))
    assert not first.errors
    assert not any(m.text.startswith("📋") for m in halfway)  # all still being asked questions
    assert 0 < len(first.app.bot_data[KEY].memory) <= len(people)  # those on a date question
    del first  # killed: no shutdown, no persistence; what it remembered is gone

    async with Bot(kb, api) as second:
        assert len(second.app.bot_data[KEY].memory) == 0  # it remembers nobody
        finals = await asyncio.gather(*(
            converse(second, kb, u, plans[u.id].situation, lambda u=u: api.last_message(u.id))
            for u in people))
    for user, msg in zip(people, finals, strict=True):
        assert msg.text == plans[user.id].text
    assert len(api.of("sendMessage")) == len(people)  # every conversation kept its one message


# -- 4. updates that make no sense ----------------------------------------------------------------------


def _message(text: str | None = None, user: User = ALICE, **extra) -> dict:
    data = user_message(text or "", user, user.id)
    if text is None:
        data.pop("text")
    return {**data, **extra}


def _press(data: object, message: dict | None = None, user: User = ALICE) -> dict:
    query: dict = {"id": "cb", "from": user.api(), "chat_instance": "1"}
    if data is not None:
        query["data"] = data
    if message is not None:
        query["message"] = message
    else:
        query["inline_message_id"] = "AgAAAInlineMessage"
    return {"callback_query": query}


async def test_strange_updates_are_skipped_and_the_next_good_one_is_answered(kb, caplog):
    """Updates that parse but make no sense to the bot (no text, no sender, garbage or forged
    callback_data, update types it never asked for): none raises in a handler, and the
    conversation that follows works as usual."""
    caplog.set_level(logging.INFO)
    api = FakeBotAPI()
    async with Bot(kb, api) as bot:
        await bot.send("/start")
        bot_msg = FakeBotAPI.api_message(api.last_message(ALICE.id))
        good = api.last_message(ALICE.id).buttons[0]["callback_data"]
        strange = [
            {"message": _message(None, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular",
                                                "width": 1, "height": 1, "is_animated": False,
                                                "is_video": False})},  # no text
            {"message": _message("")},
            {"message": {**_message("乌鲁木齐 低保"), "from": None}},  # no sender
            {"message": _message("/start@someone_else_bot")},
            {"message": _message("x" * 4096)},
            {"message": _message("\x00\u202e\ufffd" + "😀" * 500)},
            {"edited_message": _message("改了")},
            {"channel_post": {**_message("频道"), "chat": {"id": -1009, "type": "channel", "title": "c"}}},
            {"my_chat_member": None},
            {"brand_new_update_type": {"anything": [1, 2, 3]}},
            _press(None, bot_msg),  # a game button: no data at all
            _press("", bot_msg),
            _press("!!!!", bot_msg),
            _press("A" * 64, bot_msg),
            _press("A" * 65, bot_msg),
            _press("ā" * 10, bot_msg),
            _press(good[:-4], bot_msg),  # truncated
            _press(good[:-2] + ("AA" if good[-2:] != "AA" else "BB"), bot_msg),  # forged signature
            _press(good, bot_msg, user=BOB),  # someone else's button
            _press("!!!!"),  # garbage on an inline message
            {"inline_query": {"id": "iq", "from": ALICE.api(), "query": "\x00" * 200, "offset": ""}},
        ]
        for data in strange:
            await bot.feed(data)
        assert not bot.errors
        msg = await talk(bot, kb)  # then a normal conversation
    assert msg.text == expected_text(kb)
    assert "callback_data rejected (malformed" in caplog.text


class PolledAPI(FakeBotAPI):
    """FakeBotAPI that also serves getUpdates from a list, honouring the offset as Telegram
    does (an update is sent again until a later offset confirms it)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[object] = []
        self.offsets: list[int] = []

    def _result(self, name: str, p: dict) -> object:
        if name == "getUpdates":
            offset = int(p.get("offset") or 0)
            self.offsets.append(offset)
            batch = [u for u in self.pending
                     if not (isinstance(u, dict) and isinstance(u.get("update_id"), int))
                     or u["update_id"] >= offset]
            self.pending = [u for u in self.pending if u in batch and isinstance(u, dict)
                            and isinstance(u.get("update_id"), int)]  # id-less junk: sent once
            return batch
        if name in ("deleteWebhook", "setWebhook"):
            return True
        return super()._result(name, p)


async def _until(check, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


JUNK = [
    {"update_id": 1, "message": {"text": "no chat, no date"}},
    {"update_id": 2, "message": "not an object"},
    {"update_id": 3, "callback_query": {"id": "1"}},
    {"update_id": 4, "message": {"message_id": 1, "date": "yesterday", "chat": {"id": 1, "type": "private"}}},
    {"update_id": 5, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"},
                                 "from": {"id": "x"}, "text": 5}},
    {"update_id": "6"},
    {"no_update_id": True},
    ["a", "list"],
    None,
]


async def test_polling_skips_updates_that_do_not_parse(kb, caplog):
    """Malformed updates in the polled batch, before and between good ones. Left to PTB, the
    first would stall polling for good (the batch fails to parse, the offset never moves,
    the same batch comes back); here each is logged and skipped and every good update is
    answered."""
    api = PolledAPI()
    good = [{"update_id": 10, "message": user_message("/start", ALICE, ALICE.id)},
            {"update_id": 11, "message": user_message("/help", BOB, BOB.id)},
            {"update_id": 13, "message": user_message("/regions", ALICE, ALICE.id)}]
    api.pending = [*JUNK, good[0], good[1], {"update_id": 12, "message": []}, good[2]]
    app = build_application(kb, BotConfig(token=TOKEN), request=api)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.01)
        try:
            await _until(lambda: len(api.of("sendMessage")) == 3 and api.offsets[-1] == 14)
        finally:
            await app.updater.stop()
            await app.stop()
    answered = [int(c.params["chat_id"]) for c in api.of("sendMessage")]
    assert sorted(answered) == sorted([ALICE.id, BOB.id, ALICE.id])
    for update_id in (1, 2, 3, 4, 5, 12):
        assert f"skipped malformed update {update_id} " in caplog.text
    assert caplog.text.count("dropped a malformed update without an update_id") == 4
    assert "Error while parsing updates" not in caplog.text  # PTB never saw a bad one


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_refuses_junk_and_answers_the_next_good_update(kb, caplog):
    """The webhook server (127.0.0.1): no or wrong secret, not JSON, JSON that is no update:
    each refused with an error status and logged; the next real update is answered."""
    api = FakeBotAPI()
    app = build_application(kb, BotConfig(token=TOKEN), request=api)
    port, secret = _free_port(), "s3cret-token"
    url = f"http://127.0.0.1:{port}/hook"
    ok_headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    async with app:
        await app.start()
        await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook", secret_token=secret,
                                        webhook_url="https://bot.example.invalid/hook")
        try:
            async with httpx.AsyncClient(trust_env=False, timeout=5) as http:
                update = {"update_id": 77, "message": user_message("/start", ALICE, ALICE.id)}
                body = json.dumps(update)
                no_secret = await http.post(url, content=body, headers={"Content-Type": "application/json"})
                wrong_secret = await http.post(url, content=body, headers={**ok_headers,
                                               "X-Telegram-Bot-Api-Secret-Token": "wrong"})
                not_json = await http.post(url, content=b"{not json", headers=ok_headers)
                not_update = await http.post(url, content=json.dumps(JUNK[0]), headers=ok_headers)
                not_object = await http.post(url, content=b"[1, 2]", headers=ok_headers)
                assert not api.of("sendMessage")
                good = await http.post(url, content=body, headers=ok_headers)
                await _until(lambda: bool(api.of("sendMessage")))
        finally:
            await app.updater.stop()
            await app.stop()
    assert (no_secret.status_code, wrong_secret.status_code) == (403, 403)
    for refused in (not_json, not_update, not_object):
        assert 400 <= refused.status_code < 600, refused
    assert good.status_code == 200
    assert len(api.of("sendMessage")) == 1 and int(api.of("sendMessage")[0].params["chat_id"]) == ALICE.id
    assert "Received data was *not* processed" in caplog.text  # PTB logs the update it could not parse
