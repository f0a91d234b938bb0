"""What the free-text understanding returns: an ``AskResult`` (pure data, never prose), and the
situation the guided questions carry on from after it (``carried``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.engine.answer import Answer, FactView, WindowView
from bot.engine.household import HouseholdAnswer
from bot.engine.notes import InputError
from bot.engine.payment import Deadlines
from bot.engine.resolve import Ambiguous
from bot.engine.situation import Situation
from bot.engine.slots import SLOTS
from bot.knowledge.base import KnowledgeBase
from bot.understand.members import ReadMember
from bot.understand.slots import Understood

ORDINARY = "ordinary"


@dataclass(frozen=True)
class WideReply:
    """A question about a province whose region-wide rules are on file (新疆), naming no region
    of ours: the rules answer what they say; amounts are the place's own notice's."""

    province: str  # 新疆维吾尔自治区
    place: str | None  # 伊犁: the place named, whose own notice is not on file
    in_force_from: dt.date | None  # the rules' first day, when the question's day comes before it
    silent: bool  # the rules say nothing on what was asked
    amounts: bool  # an amount was asked of a place whose own notice is not on file
    contacts: list[str]  # who the rules name for what they leave open
    local: list[str]  # the regions under the province whose own notices are on file
    notices: list[str]  # the rules' 文号
    # "新疆2025年…交多少": the policy year named, when no local notice under the province covers it
    year_not_on_file: int | None = None
    latest_year: int | None = None  # the last policy year the local notices under it cover


@dataclass(frozen=True)
class Candidate:
    """One category an umbrella word ("困难户", "残疾人") may mean, with its figures."""

    alias: str  # the word said
    category: str  # its category id ("ordinary": the grades the notice leaves unlisted)
    label: str  # as the notice names it (or the alias's own label)
    answer: Answer
    by_tier: list[Answer]  # tier unsaid: each tier's answer, the first tier first


@dataclass(frozen=True)
class PaidWindow:
    """A window a payment already made (its day unsaid) may have been in, and its clause."""

    window: WindowView
    notice: str  # 文号
    clause: str


@dataclass(frozen=True)
class RegionCover:
    """No region named: one notice's cover start for a payment on the day, and its clause."""

    place: str  # the region's short name
    window: str  # the window the payment falls in
    start: dt.date
    end: dt.date | None
    benefit_start: dt.date
    stated: bool  # false: the notice names only the year, not the day cover starts
    note: str | None  # how the year was read, where not stated
    contact: str  # who can answer for that region
    notice: str  # 文号
    clause: str


@dataclass
class AskResult:
    understood: Understood
    situation: Situation
    missing: list[str]
    answer: Answer | None
    facts: list[FactView]
    ambiguous: list[Ambiguous] = field(default_factory=list)
    error: InputError | None = None  # the situation understood cannot be answered (why)
    identity_ids: list[str] = field(default_factory=list)  # understood, even if still ambiguous
    unknown: bool = False  # nothing the assistant can answer: say what it covers
    carry: Situation = field(default_factory=Situation)  # where the guided questions go on from
    # Answer first: slots left unsaid that the answer took the ordinary case for ("identities":
    # an ordinary resident; "tier": the first tier), in the order the guided questions ask them.
    assumed: list[str] = field(default_factory=list)
    by_tier: list[Answer] = field(default_factory=list)  # tier unsaid: the answer for each tier
    members: list[ReadMember] = field(default_factory=list)  # the people the text names
    # more than one person named and the region known: each member's answer and the totals
    household: HouseholdAnswer | None = None
    member_missing: list[tuple[int, str]] = field(default_factory=list)  # (member, slot) still to ask
    # tier unsaid: the household's total in each of the notice's tiers, the first tier first
    household_by_tier: list[HouseholdAnswer] = field(default_factory=list)

    is_household: bool = False  # several people named: answered as a household
    size_said: int | None = None  # the household's size said, where the people named add up otherwise
    wide: WideReply | None = None  # answered from a province's region-wide rules
    # a newborn's question without the birth day: answered with the notice's newborn rule
    newborn_rule: bool = False
    deadlines: Deadlines | None = None  # "最晚几号交": the windows after the one the answer shows
    # (place, region): the text names a place that only looks like one of ours (乌拉特后旗)
    elsewhere: tuple[str, str] | None = None
    # an umbrella word asked about money: each category it may mean, with its figures (the choice
    # is still offered: ``ambiguous``)
    candidates: list[Candidate] = field(default_factory=list)
    # paid already, the day unsaid: each window it may have been paid in, with the cover it buys
    paid_windows: list[PaidWindow] = field(default_factory=list)
    # no region named: each notice's cover start for a payment on the day (understand/across.py)
    covers: list[RegionCover] = field(default_factory=list)
    # no region named, a category every notice gives the same personal figure: each notice's
    # answers, one per tier (the first tier first, the one that agrees)
    same_everywhere: list[list[Answer]] = field(default_factory=list)

    @property
    def sources(self) -> list[tuple[str, str]]:
        if self.answer is not None:  # and the rule quoted beside it (a newborn's)
            found = [(s.notice, s.clause) for s in self.answer.sources]
            found += [(f.source.notice, f.source.clause) for f in self.facts if f.source]
            return list(dict.fromkeys(found))
        if self.household is not None:
            found = [(s.notice, s.clause) for m in self.household.members for s in m.answer.sources]
            return list(dict.fromkeys(found))
        found = [(w.notice, w.clause) for w in self.paid_windows]
        found += [(c.notice, c.clause) for c in self.covers]
        found += [(x.notice, x.clause) for tiers in self.same_everywhere for x in tiers[0].sources]
        found += [(f.source.notice, f.source.clause) for f in self.facts if f.source]
        return list(dict.fromkeys(found))


def identity_names(kb: KnowledgeBase, s: Situation) -> list[str]:
    """The names of the categories understood, as the notice spells them."""
    if s.region is None or not s.identities:
        return []
    notice = kb.notice_for(s.region, s.paid_on)
    return [notice.category(i).name for i in s.identities]


def carried(s: Situation, missing: list[str], answer: Answer | None) -> Situation:
    """The situation the guided flow carries on from after a free-text reply.

    The understanding leaves unsaid what it took as a default (not a newborn, not a
    student, paid today); the answer (or the absence of those slots in ``missing``) says
    what was taken, so the next question asked is the one the reply asks for.
    """
    a = answer
    if a is not None:
        return s.with_(
            identities=s.identities if s.identities is not None else (),
            newborn=a.newborn if s.newborn is None else s.newborn,
            born_on=s.born_on or a.born_on,
            student=s.student or a.student or "none",
            paid_on=s.paid_on or a.paid_on,
        )
    if not missing or missing[0] not in SLOTS:
        return s
    before = SLOTS[: SLOTS.index(missing[0])]  # what the understanding took as said
    defaults = {"newborn": False, "student": "none"}
    changes = {slot: value for slot, value in defaults.items()
               if slot in before and getattr(s, slot) is None}
    return s.with_(**changes)
