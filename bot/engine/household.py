"""Several people paid for together: a household is its members' own answers, added up.

Each member is one person (or ``count`` people alike, "两个低保") with their own identities,
birth date, student kind and tier; region and payment date are the household's. Every member
is answered by :func:`calculate` exactly as that one person would be, so the engine's
correctness carries over: several PEOPLE are never merged into one person with several
identities. The totals are plain sums, and a sum with an unknown part is unknown (``None``,
with the members it lacks), never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.engine.answer import Answer, Contribution
from bot.engine.calculator import calculate
from bot.engine.situation import Situation, StudentKind
from bot.knowledge.base import KnowledgeBase


@dataclass(frozen=True)
class Member:
    """One person of the household, or ``count`` people whose figures are the same."""

    identities: tuple[str, ...] = ()  # category ids, as Situation.identities; () = ordinary
    newborn: bool = False
    born_on: dt.date | None = None
    student: StudentKind = "none"
    tier: int | None = None
    count: int = 1
    label: str | None = None  # what the household calls them (爷爷, 宝宝); None: not said
    unlisted: tuple[str, ...] = ()
    assumed: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, s: Situation) -> Member:
        """The person ``s`` describes (its unanswered questions as the flow would take them)."""
        return cls(identities=s.identities or (), newborn=bool(s.newborn), born_on=s.born_on,
                   student=s.student or "none", tier=s.tier, unlisted=s.unlisted, assumed=s.assumed)

    def situation(self, region: str, paid_on: dt.date) -> Situation:
        # a baby born after the household's payment day is paid for after its birth, at the earliest
        paid_on = max(paid_on, self.born_on) if self.born_on else paid_on
        return Situation(
            region=region,
            identities=self.identities,
            newborn=self.newborn,
            born_on=self.born_on,
            student=self.student,
            tier=self.tier,
            paid_on=paid_on,
            unlisted=self.unlisted,
            assumed=self.assumed,
        )


@dataclass(frozen=True)
class MemberAnswer:
    member: Member
    answer: Answer

    @property
    def subtotal(self) -> int | None:
        """What all ``count`` of them pay in all; None when one person's figure is not stated."""
        per_person = self.answer.total_personal
        return None if per_person is None else per_person * self.member.count


@dataclass(frozen=True)
class Totals:
    """Sums over answers, each taken ``count`` times. ``None`` = some part not stated."""

    people: int = 0
    total_personal: int | None = 0
    total_subsidy: int | None = 0
    by_payer: dict[str, int | None] = field(default_factory=dict)
    payer_not_named: int | None = 0  # subsidy whose payer the notice does not name (酉阳)
    missing: tuple[int, ...] = ()  # positions (in the order given) whose personal figure is not stated
    outside: tuple[int, ...] = ()  # positions the notice puts outside resident insurance: not summed


@dataclass(frozen=True)
class HouseholdAnswer:
    region: str
    paid_on: dt.date
    members: list[MemberAnswer]
    totals: Totals

    @property
    def total_personal(self) -> int | None:
        return self.totals.total_personal

    @property
    def by_payer(self) -> dict[str, int | None]:
        return self.totals.by_payer

    @property
    def outside(self) -> list[MemberAnswer]:
        """The members the notice puts outside resident insurance (酉阳's 1-6级残疾军人)."""
        return [self.members[i] for i in self.totals.outside]

    @property
    def missing(self) -> list[MemberAnswer]:
        """The members whose figure is not stated, so the household total is not either."""
        return [self.members[i] for i in self.totals.missing]


def household(kb: KnowledgeBase, region: str, paid_on: dt.date, members: Sequence[Member]) -> HouseholdAnswer:
    """Each member's own answer and the household's totals. Raises InputError as calculate does
    (the caller resolved region and identities: a bad one is the caller's input error)."""
    answered = [MemberAnswer(m, calculate(kb, m.situation(region, paid_on))) for m in members]
    return HouseholdAnswer(region, paid_on, answered, totals((a.answer, a.member.count) for a in answered))


def household_of(kb: KnowledgeBase, people: Sequence[Situation]) -> HouseholdAnswer:
    """The household of ``people`` (one region and payment date, taken from the first): each
    answered by ``calculate`` on that very situation, so each member's figures are exactly the
    answer that person gets alone. Raises InputError as calculate does."""
    first = people[0]
    assert first.region is not None and first.paid_on is not None
    answered = [MemberAnswer(Member.of(p), calculate(kb, p)) for p in people]
    return HouseholdAnswer(first.region, first.paid_on, answered, totals((a.answer, 1) for a in answered))


def _add(total: int | None, part: int | None, times: int) -> int | None:
    return None if total is None or part is None else total + part * times


def payer_shares(c: Contribution | None) -> list[tuple[str, int | None]]:
    """Who pays how much of a subsidy. A lone payer with no amount of its own pays the whole
    subsidy (特困: 全额资助 by one fund); of several payers, one without an amount is unknown."""
    if c is None or not c.subsidy_split:
        return []
    if len(c.subsidy_split) == 1:
        share = c.subsidy_split[0]
        return [(share.name, share.amount if share.amount is not None else c.subsidy)]
    return [(p.name, p.amount) for p in c.subsidy_split]


def subsidy_total(a: Answer) -> int | None:
    """Medical and LTC subsidy of one person; None when either is not stated."""
    ltc = a.long_term_care
    if a.medical.subsidy is None or (ltc is not None and ltc.subsidy is None):
        return None
    return a.medical.subsidy + (ltc.subsidy if ltc and ltc.subsidy is not None else 0)


def outside_resident(a: Answer) -> bool:
    """The notice puts this person in another scheme (职工医保): nothing of theirs is summed here."""
    return any(n.code == "not_applicable" for n in a.notes)


def totals(answers: Iterable[tuple[Answer, int]]) -> Totals:
    """Sums over (answer, how many people it stands for). The ledger's summary and the
    household answer both add up here, so their arithmetic cannot drift apart."""
    people = 0
    personal: int | None = 0
    subsidy: int | None = 0
    by_payer: dict[str, int | None] = {}
    unnamed: int | None = 0
    missing: list[int] = []
    outside: list[int] = []
    for i, (a, count) in enumerate(answers):
        people += count
        if outside_resident(a):
            outside.append(i)
            continue
        if a.total_personal is None:
            missing.append(i)
        personal = _add(personal, a.total_personal, count)
        subsidy = _add(subsidy, subsidy_total(a), count)
        for c in (a.medical, a.long_term_care):
            shares = payer_shares(c)
            for payer, amount in shares:
                by_payer[payer] = _add(by_payer.get(payer, 0), amount, count)
            if c is not None and not shares and c.subsidy != 0:
                unnamed = _add(unnamed, c.subsidy, count)
    return Totals(people, personal, subsidy, by_payer, unnamed, tuple(missing), tuple(outside))
