"""An umbrella word asked about money ("困难户交多少"): each category it may mean, with its
figures, before the choice is asked."""

from __future__ import annotations

from bot.engine.resolve import Ambiguous
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.person_figures import one_person
from bot.understand.result import ORDINARY, Candidate
from bot.understand.slots import CUES, Understood


def candidates(
    kb: KnowledgeBase, s: Situation, u: Understood, ambiguous: list[Ambiguous], ids: list[str]
) -> list[Candidate]:
    """Answer first with each category the word may mean (the other grades' ordinary figure
    where the notice says they pay it), rather than only asking which. The categories also
    named stay beside each one only when the text says one person holds them ("低保又是残疾人");
    otherwise ("低保边缘户和脱贫户 资助一样不") each candidate is worked out alone: a figure of
    two categories together must never be shown as one category's."""
    if s.region is None or len(ambiguous) != 1:
        return []
    together = any(w in u.text for w in CUES["one_person_several"])
    others = [i for i in ids if i != ORDINARY] if together else []
    out = []
    for amb in ambiguous:
        for cid, label in amb.candidates:
            them = tuple(dict.fromkeys([*others, *([] if cid == ORDINARY else [cid])]))
            one = one_person(kb, s.with_(identities=them), u, [])
            if one.answer is None:
                return []  # something else is still to ask (a newborn's birth day): ask it first
            out.append(Candidate(amb.alias, cid, label, one.answer, one.by_tier))
    return out


def same_whichever(u: Understood, found: list[Candidate], ids: list[str]) -> Candidate | None:
    """One person holding a named category and an umbrella word ("又是低保又是残疾"): when every
    category the word may mean gives the same figures beside the one named (the notice's rule
    for several identities picks the named one), the answer is that figure, not a question.
    The candidate returned is a subsidised one, so the answer carries the rule that decided."""
    together = any(w in u.text for w in CUES["one_person_several"])
    if not together or not found or not [i for i in ids if i != ORDINARY]:
        return None
    figures = {tuple(a.total_personal for a in (c.by_tier or [c.answer])) for c in found}
    if len(figures) != 1 or None in next(iter(figures)):
        return None
    return next((c for c in found if c.category != ORDINARY), None)
