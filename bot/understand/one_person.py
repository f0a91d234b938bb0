"""One person's question about figures or dates: the answer first (see person_figures), the
notice's words quoted beside it, and for an umbrella word each category's figures."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import Answer
from bot.engine.calculator import facts_for
from bot.engine.payment import Deadlines, deadlines_after
from bot.engine.resolve import Ambiguous
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.beside import beside, named_beside
from bot.understand.candidates import candidates, same_whichever
from bot.understand.members import ReadMember
from bot.understand.newborn import newborn_settled, newborn_without_day
from bot.understand.paid_before import paid_before
from bot.understand.person_figures import OnePerson, one_person
from bot.understand.result import ORDINARY, AskResult, Candidate, carried
from bot.understand.slots import Understood


def answer_one(
    kb: KnowledgeBase, u: Understood, situation: Situation, ambiguous: list[Ambiguous], ids: list[str],
    members: list[ReadMember], today: dt.date,
) -> AskResult:
    if (paid := paid_before(kb, u, situation, ids, members, today)) is not None:
        return paid  # "我交了医保 从哪天能报": each window it may have been paid in
    rule = facts_for(kb, u.region, "newborn", u.paid_on or today) if u.region and u.newborn else []
    one = None
    if newborn_without_day(u, members) and rule:
        one = newborn_settled(kb, situation, u, ambiguous)
        if one is None:  # the notice's newborn rule is the answer, the birth day asked
            rule = rule + [f for f in named_beside(kb, u, u.paid_on or today) if f not in rule]
            return AskResult(u, situation, [], None, rule, ambiguous, None, ids, members=members,
                             carry=carried(situation, ["born_on"], None), newborn_rule=True)
    one = one or one_person(kb, situation, u, ambiguous)
    found = (candidates(kb, situation, u, ambiguous, ids)
             if (u.topic == "how_much" or u.asks_money) and one.answer is None else [])
    if (settled := same_whichever(u, found, ids)) is not None:
        return _whichever(kb, u, situation, ids, members, found, settled)
    quoted = beside(kb, u, situation, rule, today) if one.answer is not None else []
    return AskResult(u, situation, one.missing, one.answer, quoted, ambiguous, one.error, ids,
                     carry=_carry(situation, one), assumed=one.assumed, by_tier=one.by_tier, members=members,
                     deadlines=_deadlines(kb, one.answer, u.topic),
                     newborn_rule=bool(quoted) and u.born_on is None,
                     candidates=found)


def _carry(situation: Situation, one: OnePerson) -> Situation:
    """Where the guided questions go on from: with what was assumed still to ask."""
    carry = carried(situation, one.missing, one.answer)
    if one.answer is not None and one.assumed:
        carry = carry.with_(**{slot: None for slot in one.assumed})
    return carry


def _whichever(
    kb: KnowledgeBase, u: Understood, situation: Situation, ids: list[str], members: list[ReadMember],
    found: list[Candidate], settled: Candidate,
) -> AskResult:
    """"又是低保又是残疾": whichever the umbrella word means, the same figures: answer them."""
    return AskResult(u, situation.with_(identities=tuple(i for i in ids if i != ORDINARY)), [],
                     settled.answer, [], [], None, ids, carry=carried(situation, [], settled.answer),
                     by_tier=settled.by_tier, members=members, candidates=found,
                     deadlines=_deadlines(kb, settled.answer, u.topic))


def _deadlines(kb: KnowledgeBase, a: Answer | None, topic: str) -> Deadlines | None:
    """A deadline question names every window still to come, not only the one shown."""
    if a is None or topic != "deadline" or a.stale or a.window.get("start") is None:
        return None
    notice = kb.notice_for(a.region, a.paid_on)
    s = Situation(region=a.region, newborn=a.newborn, born_on=a.born_on, paid_on=a.paid_on)
    found = deadlines_after(notice, s, a.window["start"])
    return found if found.ahead or found.passed else None

