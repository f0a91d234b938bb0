"""Free text → what was understood → an answer, a short fact, or only the missing questions.

Pure (no Telegram): the bot, the console chat and `python -m bot ask` all call ``ask``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.engine.answer import Answer, FactView
from bot.engine.calculator import calculate, facts_for
from bot.engine.flow import missing_slots
from bot.engine.identities import resolve_identities
from bot.engine.notes import InputError
from bot.engine.resolve import Ambiguous, notice_for
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text
from bot.render import render
from bot.understand.slots import Understood, understand

# Topics answered from the knowledge's facts rather than by calculation.
FACT_TOPICS = (
    "how_to_pay",
    "registration",
    "receipt",
    "refund",
    "identity_change",
    "cross_region",
    "other_benefits",
    "long_term_care",
    "newborn",
    "student",
    "waiting_period",
)
CALC_TOPICS = ("how_much", "deadline", "benefit_start")


@dataclass
class AskResult:
    understood: Understood
    situation: Situation
    missing: list[str]
    answer: Answer | None
    facts: list[FactView]
    reply: str
    ambiguous: list[Ambiguous] = field(default_factory=list)
    error: str | None = None

    @property
    def sources(self) -> list[tuple[str, str]]:
        if self.answer is not None:
            return [(s.notice, s.clause) for s in self.answer.sources]
        return [(f.source.notice, f.source.clause) for f in self.facts if f.source]


def _situation(kb: KnowledgeBase, u: Understood, today: dt.date) -> tuple[Situation, list[Ambiguous]]:
    """The understood slots as a Situation. For a calculation, unstated yes/no facts take
    their ordinary value (not a newborn, not a student, paying today) — the reply says so."""
    s = Situation(region=u.region)
    ambiguous: list[Ambiguous] = []
    if u.region is None:
        return s, ambiguous
    paid_on = u.paid_on or today
    notice = notice_for(kb, u.region, paid_on)
    tier = u.tier if u.tier in notice.tiers else None
    resolved = resolve_identities(kb, u.region, list(u.identity_words), paid_on, tier)
    ambiguous = list(resolved.ambiguous)
    identities: tuple[str, ...] | None = resolved.ids
    if not resolved.ids and not resolved.unlisted and not u.identity_words and not u.ordinary:
        identities = None  # never mentioned: ask
    if ambiguous:
        identities = None
    s = Situation(
        region=u.region,
        identities=identities,
        newborn=u.newborn,
        born_on=u.born_on,
        student=u.student or "none",
        tier=tier,
        paid_on=paid_on,
        unlisted=resolved.unlisted,
        assumed=resolved.assumed,
    )
    return s, ambiguous


def ask(kb: KnowledgeBase, text: str, today: dt.date) -> AskResult:
    u = understand(kb, text, today)
    situation, ambiguous = _situation(kb, u, today)
    topic = u.topic
    answer: Answer | None = None
    facts: list[FactView] = []
    missing: list[str] = []
    error: str | None = None

    if topic == "unknown" and not u.anything():
        reply = render("ask/unknown.j2", u=u, regions=list(kb.regions), sensitive=u.sensitive)
        return AskResult(u, situation, ["region"], None, [], reply)

    if topic in FACT_TOPICS and not (topic in ("newborn", "student") and u.asks_money):
        if u.region is None:
            missing = ["region"]
        else:
            facts = facts_for(kb, u.region, "waiting_period" if topic == "waiting_period" else topic,
                              u.paid_on or today)
            if topic == "newborn":
                facts += facts_for(kb, u.region, "registration", u.paid_on or today)
    else:
        missing = missing_slots(kb, _calc_defaults(situation, u))
        if not missing:
            try:
                answer = calculate(kb, _calc_defaults(situation, u))
            except InputError as exc:
                from bot.render import error_text

                error = error_text(exc)
    reply = render(
        "ask/reply.j2",
        u=u,
        topic=topic,
        situation=situation,
        missing=missing,
        answer=answer,
        facts=facts,
        ambiguous=ambiguous,
        error=error,
        answer_rendered=answer_text(answer) if answer else "",
        region_short=kb.regions[u.region].short_name if u.region else None,
        identity_names=_identity_names(kb, situation),
    )
    return AskResult(u, situation, missing, answer, facts, reply, ambiguous, error)


def _calc_defaults(s: Situation, u: Understood) -> Situation:
    """Newborn and student default to "no" when the text does not mention them; a question
    about dates only (deadline, cover start) takes the ordinary resident and tier 1 when unsaid,
    since identity and tier do not move the dates (the answer names what it assumed)."""
    s = s.with_(newborn=bool(u.newborn), student=u.student or "none")
    if u.topic in ("deadline", "benefit_start") and s.identities is None and not u.identity_words:
        s = s.with_(identities=())
    return s


def _identity_names(kb: KnowledgeBase, s: Situation) -> list[str]:
    if s.region is None or not s.identities:
        return []
    notice = notice_for(kb, s.region, s.paid_on)
    return [notice.category(i).name for i in s.identities]
