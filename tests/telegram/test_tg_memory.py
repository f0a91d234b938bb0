"""The remembered screen (for typing a date) stays bounded however many people write."""

from __future__ import annotations

from bot.telegram.memory import ScreenMemory


def test_the_person_unheard_from_longest_is_forgotten_first():
    memory = ScreenMemory(limit=3)
    for user in (1, 2, 3):
        memory.put(100, user, f"screen-{user}")
    memory.put(100, 1, "screen-1b")  # 1 spoke again: now the most recent
    memory.put(100, 4, "screen-4")
    assert len(memory) == 3
    assert memory.get(100, 2) is None
    assert memory.get(100, 1) == "screen-1b" and memory.get(100, 4) == "screen-4"


def test_people_are_told_apart_by_chat_and_user():
    memory = ScreenMemory()
    memory.put(100, 1, "private")
    memory.put(-5, 1, "group")
    memory.pop(100, 1)
    assert memory.get(100, 1) is None and memory.get(-5, 1) == "group"
