"""The date question on show to each person in each chat, so they can type a date instead
of pressing a button (replies.remember keeps nothing else). A convenience only (buttons
carry their whole state), so it is bounded: past ``limit`` people the one unheard from
longest is forgotten, and the bot's memory stays flat however many residents it meets."""

from __future__ import annotations

from collections import OrderedDict

DEFAULT_LIMIT = 20_000  # ~0.2 KB each: a few MB at most


class ScreenMemory:
    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._items: OrderedDict[tuple[int, int], str] = OrderedDict()

    def put(self, chat_id: int, user_id: int, callback_data: str) -> None:
        key = (chat_id, user_id)
        self._items[key] = callback_data
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def get(self, chat_id: int, user_id: int) -> str | None:
        return self._items.get((chat_id, user_id))

    def pop(self, chat_id: int, user_id: int) -> None:
        self._items.pop((chat_id, user_id), None)

    def __len__(self) -> int:
        return len(self._items)
