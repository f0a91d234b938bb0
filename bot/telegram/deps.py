"""What every handler needs, kept in ``application.bot_data``.

The knowledge comes from a provider (a fixed KnowledgeBase, or e.g. a reloadable holder's
``lambda: holder.kb``); each update works on one consistent snapshot of it. Buttons made
before a reload keep working unless their numbers now name other regions or categories
(bot.knowledge.index.KnowledgeIndex.fingerprint); then they say "start again".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram.ext import CallbackContext

from bot.conversation.free_text import Understand
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.holder import ReloadResult
from bot.knowledge.index import KnowledgeIndex
from bot.telegram.codec import CallbackCodec
from bot.telegram.memory import ScreenMemory

KEY = "yibao"
REMINDING = "yibao-reminding"  # bot/telegram/reminding.py's Reminding, when a store is set


@dataclass(frozen=True)
class Deps:
    """One update's view: the knowledge, its index and codec, the clock, free text."""

    kb: KnowledgeBase
    index: KnowledgeIndex
    codec: CallbackCodec
    clock: Callable[[], dt.date]  # "today" (bot.clock.today honours YIBAO_AS_OF)
    understand: Understand
    admin_ids: tuple[int, ...] = ()
    reload: Callable[[], ReloadResult] | None = None
    memory: ScreenMemory = field(default_factory=ScreenMemory)


@dataclass
class Services:
    knowledge: Callable[[], KnowledgeBase]
    secret: bytes
    clock: Callable[[], dt.date]
    understand: Understand
    admin_ids: tuple[int, ...] = ()
    reload: Callable[[], ReloadResult] | None = None  # re-read the knowledge folder (admins)
    memory: ScreenMemory = field(default_factory=ScreenMemory)  # the screen on show, per person
    _cached: tuple[KnowledgeBase, KnowledgeIndex, CallbackCodec] | None = field(default=None, repr=False)

    def snapshot(self) -> Deps:
        kb = self.knowledge()
        if self._cached is None or self._cached[0] is not kb:
            index = KnowledgeIndex(kb)
            self._cached = (kb, index, CallbackCodec(index, self.secret))
        _, index, codec = self._cached
        return Deps(kb, index, codec, self.clock, self.understand, self.admin_ids, self.reload, self.memory)


def deps(context: CallbackContext) -> Deps:  # type: ignore[type-arg]
    return context.application.bot_data[KEY].snapshot()
