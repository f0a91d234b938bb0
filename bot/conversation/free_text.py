"""Typed questions inside the conversation: the reply, and where the guided questions go on.

The understanding (bot.understand.ask) returns data; this words it once (bot.present) and
hands the channel a screen whose buttons carry on from what was understood.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.conversation.screens import Screen, answer_screen, build_screen
from bot.conversation.state import Conv
from bot.engine.answer import Answer
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask


@dataclass(frozen=True)
class Reply:
    text: str  # worded, ready to send
    carry: Situation  # the answers the guided questions go on from
    answer: Answer | None = None  # the answer the text already shows, if any
    assumed: tuple[str, ...] = ()  # slots the answer took the ordinary case for: offered next


# (knowledge, text, today, the answer it follows up, if any) -> the reply; injectable for tests
Understand = Callable[[KnowledgeBase, str, dt.date, Situation | None], Reply]


def reply_to(kb: KnowledgeBase, text: str, today: dt.date, context: Situation | None = None) -> Reply:
    r = ask(kb, text, today, context)
    return Reply(ask_reply(kb, r), r.carry, r.answer, tuple(r.assumed))


def reply_screen(kb: KnowledgeBase, reply: Reply, conv: Conv, today: dt.date) -> Screen:
    """The screen after ``reply``: its text, with the buttons of the answer it shows or of the
    next question still open. ``conv`` is ``reply.carry`` as the channel can hold it."""
    if reply.answer is not None and not reply.assumed:
        return answer_screen(kb, conv, reply.answer, text=reply.text)
    # The next question still open, or, after an answer for the ordinary case, the question
    # of what it assumed (the categories with a subsidy, the tiers): one press refines it.
    screen = build_screen(kb, conv, today)
    answer = reply.answer or screen.answer
    return Screen(reply.text or screen.text, screen.rows, screen.conv, screen.slot, answer)
