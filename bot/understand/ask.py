"""Free text → what was understood → an answer, a short fact, or only the missing questions.

Pure data (no Telegram, no wording): the bot, the console chat and `python -m bot ask` all
call ``ask``; bot.present words the result (``ask_reply``). ``ask`` decides who is asking about
what and hands the question to the module that answers that kind:

- not_on_file.py: nothing of ours, a place that only looks like ours, a province's region-wide
  rules (region_wide.py); region_terms.py first names the region a term only one notice has;
- household.py: several people and money;
- across.py: no region named, an answer each notice gives alike (a cover start);
- same_everywhere.py: no region named, a category every notice prices alike (特困: 0);
- facts.py: a question the notices answer in words;
- one_person.py: one person's figures or dates (person_figures.py, newborn.py, candidates.py,
  beside.py).
"""

from __future__ import annotations

import datetime as dt

from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.across import across
from bot.understand.facts import FACT_TOPICS, facts
from bot.understand.follow_up import follow_up
from bot.understand.household import answer_household
from bot.understand.members import ReadMember, described, people, read_members
from bot.understand.not_on_file import not_ours
from bot.understand.one_person import answer_one
from bot.understand.region_terms import region_from_terms
from bot.understand.result import ORDINARY, AskResult, Candidate, WideReply, carried, identity_names
from bot.understand.same_everywhere import same_everywhere
from bot.understand.situated import situation_of, understood_ids
from bot.understand.slots import Understood, understand
from bot.understand.topics import CALCULATED

# What other modules import from here.
__all__ = [
    "FACT_TOPICS", "ORDINARY", "AskResult", "Candidate", "WideReply", "ask", "carried", "identity_names",
]


def ask(kb: KnowledgeBase, text: str, today: dt.date, context: Situation | None = None) -> AskResult:
    """``context``: the answer this text follows up, if any (a reply to it in a chat)."""
    u = understand(kb, text, today)
    follow_up(kb, u, context, today)
    region_from_terms(kb, u, today)  # "长护险交多少": only one notice has it
    situation, ambiguous, resolved = situation_of(kb, u, today)
    ids = understood_ids(kb, u, today, resolved)
    elsewhere = not_ours(kb, u, situation, ids, today)
    if elsewhere is not None:
        return elsewhere
    members = read_members(kb, u, today) if context is None else []
    if (everywhere := across(kb, u, situation, ids, members, today)) is not None:
        return everywhere  # "交了明年几号能用", no region: each notice's own cover start
    if (alike := same_everywhere(kb, u, situation, ids, members, today)) is not None:
        return alike  # "特困供养的要交钱吗", no region: every notice gives the same figure
    money = _asks_money(u)
    if money and _several(u, members) and not _same_dates(u, members):
        return answer_household(kb, u, situation, members, ids, today)
    if not money and u.topic in FACT_TOPICS:
        missing, found = facts(kb, u, today, situation.identities)
        return AskResult(u, situation, missing, None, found, ambiguous, None, ids,
                         carry=carried(situation, missing, None), members=members)
    return answer_one(kb, u, situation, ambiguous, ids, members, today)


def _asks_money(u: Understood) -> bool:
    """A figure is asked: a calculated topic, or money on a newborn's or a student's."""
    return u.topic in CALCULATED or (u.topic in ("newborn", "student") and u.asks_money)


def _same_dates(u: Understood, members: list[ReadMember]) -> bool:
    """"我们两口子还没交 还能补不": a date asked, no money, for ordinary adults alike: one
    answer holds for each of them, with the window's verdict a household's sum does not give."""
    return (u.topic in ("deadline", "benefit_start") and not u.asks_money
            and all(not (m.newborn or m.student or m.identities) for m in members))


def _several(u: Understood, members: list[ReadMember]) -> bool:
    """More than one person: every member counts for an amount, else only those described."""
    counted = members if u.topic == "how_much" or u.asks_money else described(members)
    return people(counted) > 1
