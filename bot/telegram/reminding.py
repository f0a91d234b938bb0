"""Reminders and notice alerts over Telegram: schedule from a situation, send what falls due.

The schedule lives in the store (bot/store/), never in this process: a row holds the chat id,
the region, the situation as its deep-link payload (bot/telegram/deeplink.py: no names, stable
across knowledge updates) and when. Each process runs a ``Sender`` over the shared store, and
one of them at a time sends (a lease in the store); the Application's rate limiter
(AIORateLimiter, app.py) paces its sends to Telegram's limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.clock import BEIJING
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.index import KnowledgeIndex
from bot.reminders.alerts import ALERT, Alert, alert_text, check_knowledge
from bot.reminders.schedule import Plan, Planned, plan_all
from bot.reminders.sender import Outcome, Sender
from bot.reminders.wording import ListedReminder, reminder_text
from bot.store import Delivery, Due, Store
from bot.telegram import deeplink
from bot.telegram.deps import KEY, REMINDING, Services

log = logging.getLogger(__name__)
KIND_SEP = "@"  # a row's kind: "<planned kind>@<window id>"


def row_kind(p: Planned) -> str:
    return f"{p.kind}{KIND_SEP}{p.window_id}"


def planned_of(row: Delivery) -> Planned:
    kind, _, window = row.kind.partition(KIND_SEP)
    return Planned(kind=kind, due_at=row.due_at, deadline=row.deadline or row.due_at.date(), window_id=window)


PEOPLE_SEP = "~"  # a household's state: its members' payloads (deep-link alphabet has no ~)


def encode_people(index: KnowledgeIndex, people: Sequence[Situation]) -> str:
    return PEOPLE_SEP.join(deeplink.encode(index, s) for s in people)


def decode_people(index: KnowledgeIndex, state: str) -> tuple[Situation, ...] | None:
    """The people a stored state names; None when one no longer reads (knowledge changed)."""
    people = tuple(deeplink.decode(index, part) for part in state.split(PEOPLE_SEP))
    if not people or any(s is None or s.region is None for s in people):
        return None
    return people  # type: ignore[return-value]


def listed(index: KnowledgeIndex, row: Delivery) -> ListedReminder | None:
    """A kept reminder as /reminders lists it; None for an alert or a state that no longer reads."""
    if row.kind == ALERT:
        return None
    people = decode_people(index, row.state)
    if people is None:
        return None
    return ListedReminder.of(people[0], planned_of(row), len(people))


def schedule(store: Store, kb: KnowledgeBase, state: str, people: Sequence[Situation], chat_id: int,
             now: dt.datetime) -> Plan:
    """Plan the reminders of ``people`` (one person, or a household) and keep them for
    ``chat_id``; the plan, to tell them."""
    p = plan_all(kb, people, now)
    region = people[0].region
    if p.reminders and region is not None:
        store.schedule(chat_id, region, state, [Due(row_kind(r), r.due_at, r.deadline) for r in p.reminders])
    return p


@dataclass
class Reminding:
    """What the handlers and the sender share, kept in ``bot_data`` beside the Services."""

    store: Store
    now: Callable[[], dt.datetime]
    every: float = 15.0

    def today(self) -> dt.date:
        return self.now().astimezone(BEIJING).date()


def reminding(app: Application) -> Reminding | None:  # type: ignore[type-arg]
    return app.bot_data.get(REMINDING)



def message_for(services: Services, row: Delivery, now: dt.datetime) -> str | None:
    """The words a delivery sends, from the knowledge in use now; None: nothing worth sending."""
    d = services.snapshot()
    if row.kind == ALERT:
        return alert_text(Alert.from_state(row.state))
    people = decode_people(d.index, row.state)
    if people is None or people[0].region not in d.kb.regions:
        return None  # its region or group is gone from the knowledge
    if row.deadline is not None and row.deadline < now.astimezone(BEIJING).date():
        return None  # the day it warned about has passed (the bot was down): too late to help
    return reminder_text(d.kb, people[0], planned_of(row), now, people)


def sender_for(app: Application, r: Reminding) -> Sender:  # type: ignore[type-arg]
    services: Services = app.bot_data[KEY]
    sent = _Recent()  # what this sender delivered lately: it alone sends (the store's lease)

    async def send(row: Delivery) -> Outcome:
        text = message_for(services, row, r.now())
        if text is None:
            return Outcome.DROP
        try:
            chat = row.chat_id
            try:
                await app.bot.send_message(chat, text)
            except ChatMigrated as exc:  # the group became a supergroup: everything moves with it
                chat = exc.new_chat_id
                if not _moved_and_still_due(r.store, row, chat, sent):
                    return Outcome.DROP  # the new chat had it too: sent, or to be sent, from there
                await app.bot.send_message(chat, text)
            sent.add((chat, row.kind, row.state, row.due_at))
        except Forbidden:  # blocked by the person, or the bot was removed from the group
            return Outcome.GONE
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                return Outcome.GONE
            log.warning("reminders: Bot API refused a delivery (%s)", exc.message)
            return Outcome.LATER
        except (RetryAfter, TimedOut, NetworkError):
            return Outcome.LATER
        return Outcome.SENT

    worker = f"{socket.gethostname()[:48]}:{os.getpid()}"  # the store keeps 64 characters
    return Sender(r.store, send, r.now, worker, every=r.every)


class _Recent:
    """The last deliveries sent, as (chat, kind, state, due_at), a bounded few thousand."""

    def __init__(self, most: int = 5_000) -> None:
        self._keys: dict[tuple[int, str, str, dt.datetime], None] = {}
        self._most = most

    def add(self, key: tuple[int, str, str, dt.datetime]) -> None:
        self._keys[key] = None
        if len(self._keys) > self._most:
            del self._keys[next(iter(self._keys))]

    def __contains__(self, key: object) -> bool:
        return key in self._keys


def _moved_and_still_due(store: Store, row: Delivery, new_chat: int, sent: _Recent) -> bool:
    """Moves the old chat's rows to ``new_chat``; False when the new chat had this reminder too:
    set again there and still waiting (the move then drops this row) or already sent from there
    in this batch (its row deleted, so only ``sent`` remembers it)."""
    store.move_chat(row.chat_id, new_chat)
    if (new_chat, row.kind, row.state, row.due_at) in sent:
        return False
    return any(p.id == row.id for p in store.pending(new_chat))


def hooks(r: Reminding) -> tuple[Callable, Callable]:  # type: ignore[type-arg]
    """post_init / post_stop: send what falls due, and announce knowledge changes (at start and
    after every reload, however it came: /reload, SIGHUP, the folder watch) until stopped."""
    stop = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()

    async def init(app: Application) -> None:  # type: ignore[type-arg]
        stop.clear()
        tasks.add(asyncio.create_task(sender_for(app, r).run(stop), name="reminders"))
        tasks.add(asyncio.create_task(watch_knowledge(app, r, stop), name="notice-alerts"))

    async def done(app: Application) -> None:  # type: ignore[type-arg]
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        tasks.clear()

    return init, done


async def watch_knowledge(app: Application, r: Reminding, stop: asyncio.Event) -> None:  # type: ignore[type-arg]
    """Compare the knowledge in use with what was announced whenever it is a new one."""
    services: Services = app.bot_data[KEY]
    last = None
    while not stop.is_set():
        kb = services.knowledge()
        if kb is not last:
            await announce(app, r)
            last = kb
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=r.every)


async def announce(app: Application, r: Reminding) -> list[str]:  # type: ignore[type-arg]
    """Queue alerts for regions whose answers changed since last announced (start-up, reloads)."""
    kb = app.bot_data[KEY].knowledge()
    try:
        regions = await asyncio.to_thread(check_knowledge, r.store, kb, r.now())
    except Exception:  # alerts are a courtesy: a failure here must not stop the bot
        log.exception("notice alerts: comparing the knowledge failed")
        return []
    if regions:
        log.info("notice alerts queued for %d region(s)", len(regions))
    return regions
