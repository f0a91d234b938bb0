"""Free text → what was understood → an answer, a short fact, or only the missing questions.

Pure data (no Telegram, no wording): the bot, the console chat and `python -m bot ask` all
call ``ask``; bot.present words the result (``ask_reply``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from bot.engine.answer import Answer, FactView
from bot.engine.calculator import calculate, facts_for, wide_facts_for, wide_multiple_identities, wide_rules
from bot.engine.facts import facts_in
from bot.engine.household import HouseholdAnswer, Member, household
from bot.engine.identities import ResolvedIdentities, resolve_identities
from bot.engine.notes import InputError
from bot.engine.payment import Deadlines, deadlines_after
from bot.engine.resolve import Ambiguous, resolve_identity
from bot.engine.situation import Situation
from bot.engine.slots import SLOTS, missing_slots
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.vocabulary import TOPICS
from bot.understand.members import ReadMember, described, people, read_members
from bot.understand.slots import CUES, Understood, understand
from bot.understand.topics import CALCULATED, asks_refund

# Topics answered from the knowledge's facts rather than by calculation.
FACT_TOPICS = frozenset(TOPICS) - set(CALCULATED)
ORDINARY = "ordinary"
# "刚出生" with no day: a birth this long ago is past every notice's newborn window (90 days)
NEWBORN_SPAN = 120


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
    wide: WideReply | None = None  # answered from a province's region-wide rules
    # a newborn's question without the birth day: answered with the notice's newborn rule
    newborn_rule: bool = False
    deadlines: Deadlines | None = None  # "最晚几号交": the windows after the one the answer shows
    # (place, region): the text names a place that only looks like one of ours (乌拉特后旗)
    elsewhere: tuple[str, str] | None = None
    # an umbrella word asked about money: each category it may mean, with its figures (the choice
    # is still offered: ``ambiguous``)
    candidates: list[Candidate] = field(default_factory=list)
    @property
    def sources(self) -> list[tuple[str, str]]:
        if self.answer is not None:  # and the rule quoted beside it (a newborn's)
            found = [(s.notice, s.clause) for s in self.answer.sources]
            found += [(f.source.notice, f.source.clause) for f in self.facts if f.source]
            return list(dict.fromkeys(found))
        if self.household is not None:
            found = [(s.notice, s.clause) for m in self.household.members for s in m.answer.sources]
            return list(dict.fromkeys(found))
        return [(f.source.notice, f.source.clause) for f in self.facts if f.source]


def _understood_ids(
    kb: KnowledgeBase, u: Understood, today: dt.date, resolved: ResolvedIdentities | None
) -> list[str]:
    """The category ids the text names: in its region (``resolved``), or without one the ids
    every region agrees on (低保 is dibao everywhere). "ordinary" only when nothing else is named."""
    if resolved is not None:
        ids = list(resolved.ids)
    else:
        ids = []
        for word in u.identity_words:
            try:
                found = [resolve_identity(kb, region, word, today) for region in kb.regions]
            except InputError:  # a word no notice lists
                continue
            if all(isinstance(f, str) for f in found) and len(set(found)) == 1:
                ids.append(found[0])
    others = [i for i in dict.fromkeys(ids) if i != ORDINARY]
    if others:
        return [*others, ORDINARY] if u.ordinary_person else others
    return [ORDINARY] if (u.ordinary or ORDINARY in ids) else []


def _follow_up(kb: KnowledgeBase, u: Understood, context: Situation | None, today: dt.date) -> None:
    """A follow-up to an answer ("那乌拉特前旗呢", "二档呢") changes only what it says: the
    rest of ``u`` comes from the answer it follows. Identities move to another region by the
    names the notice gives them, so the new region's own categories are used."""
    if context is None or context.region is None:
        return
    same_region = u.region in (None, context.region)
    u.region = u.region or context.region
    if not (u.identity_words or u.ordinary) and context.identities is not None:
        old = kb.notice_for(context.region, context.paid_on or today)
        known = {c.id for c in old.model.categories}
        names = [old.category(i).name for i in context.identities if i in known]
        u.identity_words = names if names or same_region else []
        u.ordinary = not context.identities
    if same_region and u.tier is None:
        u.tier = context.tier
    u.paid_on = u.paid_on or context.paid_on
    if u.newborn is None and context.newborn:
        u.newborn, u.born_on = True, u.born_on or context.born_on
    if u.student is None and context.student not in (None, "none"):
        u.student = context.student


def _situation(
    kb: KnowledgeBase, u: Understood, today: dt.date
) -> tuple[Situation, list[Ambiguous], ResolvedIdentities | None]:
    """The understood slots as a Situation, the words still ambiguous, and how the identity
    words resolved in the region (None without one)."""
    if u.region is None:
        return Situation(), [], None
    paid_on = u.paid_on or today
    notice = kb.notice_for(u.region, paid_on)
    tier = u.tier if u.tier in notice.tiers else None
    resolved = resolve_identities(kb, u.region, list(u.identity_words), paid_on, tier)
    resolved = _named_grades(notice, resolved, u.text)
    # "计划生育特扶家庭": the specific word settles what the general one could mean.
    ambiguous = [a for a in resolved.ambiguous if not {cid for cid, _ in a.candidates} & set(resolved.ids)]
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
    return s, ambiguous, resolved


_GRADE = "[一二三四五六七八九十\\d]+级"


def _named_grades(notice: Notice, resolved: ResolvedIdentities, text: str) -> ResolvedIdentities:
    """"三级残疾" where the notice lists only 1、2级 (a listed grade would have matched its
    category's own alias): the grade named settles the ambiguous word, as the one candidate
    whose category names no grade, the notice's case for the other grades."""
    settled: list[tuple[str, str]] = []
    left = []
    for amb in resolved.ambiguous:
        m = re.search(_GRADE + re.escape(amb.alias), text)
        ungraded = [cid for cid, _ in amb.candidates
                    if not any("级" in w for w in notice.category(cid).aliases)]
        if m and len(ungraded) == 1:
            settled.append((m.group(0), ungraded[0]))
        else:
            left.append(amb)
    if not settled:
        return resolved
    return replace(resolved, ids=tuple(dict.fromkeys([*resolved.ids, *(cid for _, cid in settled)])),
                   assumed=(*resolved.assumed, *settled), ambiguous=tuple(left))


def ask(kb: KnowledgeBase, text: str, today: dt.date, context: Situation | None = None) -> AskResult:
    """``context``: the answer this text follows up, if any (a reply to it in a chat)."""
    u = understand(kb, text, today)
    _follow_up(kb, u, context, today)
    _only_tiered_region(kb, u, today)
    situation, ambiguous, resolved = _situation(kb, u, today)
    topic = u.topic
    ids = _understood_ids(kb, u, today, resolved)
    elsewhere = _not_ours(kb, u, situation, ids, today)
    if elsewhere is not None:
        return elsewhere
    members = read_members(kb, u, today) if context is None else []
    money = topic in CALCULATED or (topic in ("newborn", "student") and u.asks_money)
    counted = members if topic == "how_much" or u.asks_money else described(members)
    if people(counted) > 1 and money:
        return _household(kb, u, situation, members, ids, today)
    if not money and topic in FACT_TOPICS:
        missing, facts = _facts(kb, u, today, situation.identities)
        return AskResult(u, situation, missing, None, facts, ambiguous, None, ids,
                         carry=carried(situation, missing, None), members=members)
    rule = facts_for(kb, u.region, "newborn", u.paid_on or today) if u.region and u.newborn else []
    one = None
    if _newborn_without_day(u, members) and rule:
        one = _newborn_settled(kb, situation, u, ambiguous)
        if one is None:
            rule = rule + [f for f in _named_beside(kb, u, u.paid_on or today) if f not in rule]
            return AskResult(u, situation, [], None, rule, ambiguous, None, ids, members=members,
                             carry=carried(situation, ["born_on"], None), newborn_rule=True)
    one = one or _one_person(kb, situation, u, ambiguous)
    carry = carried(situation, one.missing, one.answer)
    if one.answer is not None and one.assumed:  # the guided questions go on with what was assumed
        carry = carry.with_(**{slot: None for slot in one.assumed})
    beside = _beside(kb, u, situation, rule, today) if one.answer is not None else []
    candidates = (_candidates(kb, situation, u, ambiguous, ids)
                  if (topic == "how_much" or u.asks_money) and one.answer is None else [])
    if (settled := _same_whichever(u, candidates, ids)) is not None:
        # "又是低保又是残疾": whichever the umbrella word means, the same figures: answer them
        return AskResult(u, situation.with_(identities=tuple(i for i in ids if i != ORDINARY)), [],
                         settled.answer, [], [], None, ids, carry=carried(situation, [], settled.answer),
                         by_tier=settled.by_tier, members=members, candidates=candidates,
                         deadlines=_deadlines(kb, settled.answer, u.topic))
    return AskResult(u, situation, one.missing, one.answer, beside, ambiguous, one.error, ids, carry=carry,
                     assumed=one.assumed, by_tier=one.by_tier, members=members,
                     deadlines=_deadlines(kb, one.answer, u.topic),
                     newborn_rule=bool(beside) and u.born_on is None,
                     candidates=candidates)


def _same_whichever(u: Understood, candidates: list[Candidate], ids: list[str]) -> Candidate | None:
    """One person holding a named category and an umbrella word ("又是低保又是残疾"): when every
    category the word may mean gives the same figures beside the one named (the notice's rule
    for several identities picks the named one), the answer is that figure, not a question.
    The candidate returned is a subsidised one, so the answer carries the rule that decided."""
    together = any(w in u.text for w in CUES["one_person_several"])
    if not together or not candidates or not [i for i in ids if i != ORDINARY]:
        return None
    figures = {tuple(a.total_personal for a in (c.by_tier or [c.answer])) for c in candidates}
    if len(figures) != 1 or None in next(iter(figures)):
        return None
    return next((c for c in candidates if c.category != ORDINARY), None)


def _only_tiered_region(kb: KnowledgeBase, u: Understood, today: dt.date) -> None:
    """"一档二档有啥区别 各交多少" naming no place: when one region's notice alone has tiers, the
    question can only be about it; answer from it and say so rather than ask the region."""
    if u.region is not None or u.wide_region is not None or u.lookalike is not None or not u.compares_tiers:
        return
    tiered = [r for r in kb.regions if kb.notice_for(r, u.paid_on or today).tiers]
    if len(tiered) == 1:
        u.region, u.region_from_tiers = tiered[0], True


def _not_ours(
    kb: KnowledgeBase, u: Understood, situation: Situation, ids: list[str], today: dt.date
) -> AskResult | None:
    """Questions no local notice answers: nothing of ours asked, a place that only looks like
    one of ours, or a province whose region-wide rules answer. None: a local question."""
    if u.topic == "unknown" and (u.off_topic or u.chatter or not u.anything()):
        return AskResult(u, situation, ["region"], None, [], identity_ids=ids, unknown=True,
                         carry=carried(situation, ["region"], None))
    if u.region is None and u.lookalike is not None and u.wide_region is None:
        # "乌拉特后旗…": not 乌拉特前旗, and its notice is not on file: say so, never the neighbour's figures
        return AskResult(u, situation, [], None, [], identity_ids=ids, carry=carried(situation, [], None),
                         elsewhere=u.lookalike)
    wide = _wide(kb, u, today)  # "新疆这边…", "伊犁…": the province's rules hold wherever one lives there
    if wide is not None:
        return AskResult(u, situation, [], None, wide[1], identity_ids=ids,
                         carry=carried(situation, [], None), wide=wide[0])
    return None


def _beside(
    kb: KnowledgeBase, u: Understood, situation: Situation, rule: list[FactView], today: dt.date
) -> list[FactView]:
    """The facts quoted beside one person's answer."""
    # a newborn's cover or a figure worked out without the birth day: the notice's rule beside it
    beside = list(rule) if u.topic == "benefit_start" or u.born_on is None else []
    if u.region is None:
        return beside
    on = u.paid_on or today
    if u.topic == "deadline":
        # "低保户要求几号前交完": what the notice asks of their category (乌鲁木齐 五)
        beside += [f for f in _for_them(facts_for(kb, u.region, "deadline", on), situation.identities)
                   if f.categories]
    beside += [f for f in _named_beside(kb, u, on) if f not in beside]
    if _child_maybe_newborn(kb, u, situation, on):
        beside += [f for f in facts_for(kb, u.region, "newborn", on) if f not in beside]
    if u.recognised_in:  # "伊犁认定的低保 在乌鲁木齐参保": the province's rule on who subsidises
        beside += [f for f in _wide_beside(kb, u.region, "cross_region", on) if f not in beside]
    if u.compares_tiers:
        # "一档二档有啥区别": besides each tier's figure, what the notice leaves unsaid of benefits
        beside += [f for f in facts_for(kb, u.region, "other_benefits", on) if not f.stated]
    return beside


def _child_maybe_newborn(kb: KnowledgeBase, u: Understood, s: Situation, on: dt.date) -> bool:
    """"屯留 孩子的医保要交吗": a child whose age is unsaid, where the notice frees a newborn's
    birth year (屯留 三): the ordinary figure first, the newborn rule beside it."""
    if u.region is None or u.newborn or u.student or u.identity_words or s.identities:
        return False
    if u.topic != "how_much":
        return False
    rule = kb.notice_for(u.region, on).model.newborn
    return bool(rule and rule.free_in_birth_year) and any(w in u.text for w in CUES["child_generic"])


_STUDY_PLACE = re.compile(r"在([^\s，。,？?！!在]{2,6}?)(?:上|读|念)")


def _studies_away(kb: KnowledgeBase, u: Understood) -> bool:
    """"娃在呼和浩特上大学": the school is named outside the region, its province included
    (酉阳's "在重庆读大学" is at home: the notice's 在渝高校)."""
    m = _STUDY_PLACE.search(u.text)
    if m is None or u.region is None:
        return False
    place, region = m.group(1), kb.regions[u.region]
    home = [region.name, region.short_name, *(region.parent or "",)]
    return not any(h and (place.startswith(h[:2]) or h.startswith(place)) for h in home)


def _named_beside(kb: KnowledgeBase, u: Understood, on: dt.date) -> list[FactView]:
    """"今年涨了多少", "有等待期不": the notice's words on a topic the question names beside the
    amount or the date it asks (cues.yaml ``beside_topics``)."""
    if u.region is None:
        return []
    return [f for topic, words in CUES["beside_topics"].items() if any(w in u.text for w in words)
            for f in facts_for(kb, u.region, topic, on)]


def _candidates(
    kb: KnowledgeBase, s: Situation, u: Understood, ambiguous: list[Ambiguous], ids: list[str]
) -> list[Candidate]:
    """"困难户交多少": answer first with each category the word may mean (the other grades'
    ordinary figure where the notice says they pay it), rather than only asking which. The
    categories also named stay beside each one only when the text says one person holds them
    ("低保又是残疾人"); otherwise ("低保边缘户和脱贫户 资助一样不") each candidate is worked
    out alone: a figure of two categories together must never be shown as one category's."""
    if s.region is None or len(ambiguous) != 1:
        return []
    together = any(w in u.text for w in CUES["one_person_several"])
    others = [i for i in ids if i != ORDINARY] if together else []
    out = []
    for amb in ambiguous:
        for cid, label in amb.candidates:
            them = tuple(dict.fromkeys([*others, *([] if cid == ORDINARY else [cid])]))
            one = _one_person(kb, s.with_(identities=them), u, [])
            if one.answer is None:
                return []  # something else is still to ask (a newborn's birth day): ask it first
            out.append(Candidate(amb.alias, cid, label, one.answer, one.by_tier))
    return out


def _newborn_settled(
    kb: KnowledgeBase, s: Situation, u: Understood, ambiguous: list[Ambiguous]
) -> _OnePerson | None:
    """A newborn whose birth day is unsaid, where every day it can be gives the same answer to
    the question: that answer (the notice's rule goes beside it) instead of a question back.
    The days tried: the first and last of the month said ("今年6月生的"; its cover start must
    agree too), else, for a figure, born on the payment day and past every notice's N days."""
    assert s.paid_on is not None and s.region is not None
    month_said = u.born_month is not None
    if u.topic not in ("how_much", "benefit_start") and not (u.topic == "deadline" and month_said):
        return None  # "错过了还能补交吗": the rule's own days answer it
    if u.born_month is not None:
        last = u.born_month.replace(day=calendar.monthrange(u.born_month.year, u.born_month.month)[1])
        days, start_matters = [u.born_month, last], u.topic == "benefit_start"
    elif u.topic == "how_much":
        days, start_matters = [s.paid_on, s.paid_on - dt.timedelta(days=NEWBORN_SPAN)], False
        period = kb.notice_for(s.region, s.paid_on).model.benefit_period
        if period is not None and s.paid_on < period.start:
            days.append(period.start)  # born in the year paid for (屯留: that year is free)
    else:
        return None
    # a birth to come is paid for once born ("明年九月份生 到时候交多少")
    tried = [_one_person(kb, s.with_(born_on=d, paid_on=max(d, s.paid_on)), u, ambiguous) for d in days]
    if any(t.answer is None for t in tried):
        return None
    def key(t: _OnePerson) -> tuple[tuple[int | None, ...], dt.date | None, tuple[bool | None, str | None]]:
        assert t.answer is not None
        window = (t.answer.payment_open, t.answer.window_name) if u.topic == "deadline" else (None, None)
        return (tuple(a.total_personal for a in t.by_tier or [t.answer]),
                t.answer.benefit_start if start_matters else None, window)

    seen = {key(t) for t in tried}
    paid_on = max(days[0], s.paid_on)
    unsaid = _one_person(kb, s.with_(paid_on=paid_on), u, ambiguous, any_birthday=True)  # no birth day shown
    if len(seen) > 1:
        return None
    if unsaid.answer is not None and key(unsaid) in seen:
        return unsaid
    return tried[0] if u.born_month is not None else None  # the month's 1st, as the month said


def _facts(
    kb: KnowledgeBase, u: Understood, today: dt.date, identities: tuple[str, ...] | None = None
) -> tuple[list[str], list[FactView]]:
    """A question the notices answer in words: (still missing, the facts quoted)."""
    if u.region is None:
        return _everywhere(kb, u.topic, u.paid_on or today)
    facts = _for_them(facts_for(kb, u.region, u.topic, u.paid_on or today), identities)
    if facts and not any(f.stated for f in facts) and set(identities or ()) - {ORDINARY}:
        # the region-wide rules (48号) are about the subsidised: quoted for one of them only
        facts += _wide_beside(kb, u.region, u.topic, u.paid_on or today)
    if u.topic == "other_benefits":
        facts = _benefits_asked(u.text, facts)
    if u.topic == "student" and u.student != "university":  # its silence on 大学生 is not a pupil's answer
        facts = [f for f in facts if f.stated] or facts
    if u.topic == "student" and not _studies_away(kb, u):
        facts = [f for f in facts if not f.away_only]
    if u.topic == "newborn":
        facts += facts_for(kb, u.region, "registration", u.paid_on or today)
    facts += [f for f in _named_beside(kb, u, u.paid_on or today) if f not in facts]  # "…有等待期不"
    if u.topic == "identity_change" and asks_refund(u.text):
        # "刚评上低保 多交的钱能退不": the new status's rule, and what the notice says of refunds
        facts += [f for f in facts_for(kb, u.region, "refund", u.paid_on or today) if f not in facts]
    return [], facts


def _wide_beside(kb: KnowledgeBase, region: str, topic: str, on: dt.date) -> list[FactView]:
    """The local notice is silent: what the province's region-wide rules say on it ("户口在喀什是
    低保 人在乌鲁木齐参保": 48号 二（六）), with the day they apply from when that is later."""
    parent = kb.regions[region].parent
    if parent is None:
        return []
    out = []
    for n in wide_rules(kb, parent):
        start = n.model.notice.effective_from
        later = start if start and on < start else None
        out += [replace(f, in_force_from=later) for f in facts_in([n], topic, None) if f.stated]
    return out


def _for_them(facts: list[FactView], identities: tuple[str, ...] | None) -> list[FactView]:
    """Facts for everyone, and those said of a category only for a person in it."""
    return [f for f in facts if not f.categories or set(f.categories) & set(identities or ())]


def _everywhere(kb: KnowledgeBase, topic: str, on: dt.date) -> tuple[list[str], list[FactView]]:
    """No region named, on a topic every notice states alike (cues.yaml ``same_in_every_notice``:
    who joins resident insurance): each region's own words, each cited, rather than a question
    back. A region is asked where one of them does not state it."""
    if topic not in CUES["same_in_every_notice"]:
        return ["region"], []
    found = {name: [f for f in facts_for(kb, name, topic, on) if f.stated and not f.categories]
             for name in kb.regions}
    if not all(found.values()):
        return ["region"], []
    return [], [replace(f, place=kb.regions[name].short_name) for name, facts in found.items() for f in facts]


def _newborn_without_day(u: Understood, members: list[ReadMember]) -> bool:
    """One newborn, its birth day unsaid, and a question the notice's newborn rule answers
    (how much, until when, from when): the rule is the answer, stated for both sides of the
    day it turns on, rather than a question back."""
    return (u.region is not None and bool(u.newborn) and u.born_on is None and people(described(members)) <= 1
            and u.topic in ("how_much", "deadline", "benefit_start", "registration"))


def _deadlines(kb: KnowledgeBase, a: Answer | None, topic: str) -> Deadlines | None:
    """A deadline question names every window still to come, not only the one shown."""
    if a is None or topic != "deadline" or a.stale or a.window.get("start") is None:
        return None
    notice = kb.notice_for(a.region, a.paid_on)
    s = Situation(region=a.region, newborn=a.newborn, born_on=a.born_on, paid_on=a.paid_on)
    found = deadlines_after(notice, s, a.window["start"])
    return found if found.ahead or found.passed else None


def _benefits_asked(text: str, facts: list[FactView]) -> list[FactView]:
    """"门诊报销比例多少": a stated fact on another benefit (大病, 生育) does not answer it; what
    the notice leaves unstated does. A fact is kept when it names a kind of benefit the
    question names (cues.yaml ``benefit_kinds``)."""
    kinds = [k for k in CUES["benefit_kinds"] if any(w in text for w in k)]
    silent = [f for f in facts if not f.stated]
    if not silent:
        return facts
    named = [f for f in facts if f.stated and any(w in f.text for k in kinds for w in k)]
    return named or silent


class _OnePerson(NamedTuple):
    missing: list[str]
    answer: Answer | None
    error: InputError | None
    assumed: list[str]
    by_tier: list[Answer]


def _one_person(
    kb: KnowledgeBase, situation: Situation, u: Understood, ambiguous: list[Ambiguous],
    any_birthday: bool = False,
) -> _OnePerson:
    """One person's figures, answered first: what is unsaid is the ordinary case (see
    _answer_first); only the region, an ambiguous identity or a newborn's birth day is asked
    (not with ``any_birthday``: every day it can be gives the same figure)."""
    complete = _calc_defaults(situation, u)
    missing = [slot for slot in missing_slots(kb, complete) if not (any_birthday and slot == "born_on")]
    assumed: list[str] = []
    if complete.region is None:
        missing = ["region"]  # the rest depends on the region's notice, or was said
    elif not ambiguous:
        complete, assumed = _answer_first(complete, missing)
        missing = [slot for slot in missing_slots(kb, complete)
                   if slot not in assumed and not (any_birthday and slot == "born_on")]
    if missing:
        return _OnePerson(missing, None, None, assumed, [])
    try:
        by_tier = _by_tier(kb, complete, assumed)
        answer = by_tier[0] if by_tier else calculate(kb, complete)
    except InputError as exc:
        return _OnePerson([], None, exc, assumed, [])
    if len({a.total_personal for a in by_tier}) == 1:  # the tier changes nothing here
        by_tier, assumed = [], [slot for slot in assumed if slot != "tier"]
    return _OnePerson([], answer, None, assumed, by_tier)


def _household(
    kb: KnowledgeBase, u: Understood, s: Situation, members: list[ReadMember], ids: list[str], today: dt.date
) -> AskResult:
    """Several people: the region is asked once for all of them; answer first for the rest (no
    identity is an ordinary resident, no tier the first tier); a newborn's birth day is asked
    for that member, and its figure is shown as the notice gives it without the day."""
    ambiguous = [a for m in members for a in m.ambiguous]
    # The guided questions go on for one person in the same region: never the members' words
    # merged into one person.
    carry = Situation(region=u.region, paid_on=u.paid_on)
    result = AskResult(u, s, [], None, [], ambiguous, identity_ids=ids, members=members,
                       carry=carry, is_household=True)
    if u.region is None:
        result.missing = ["region"]
        return result
    if ambiguous:
        result.missing = ["identities"]
        return result
    paid_on = u.paid_on or today
    tiers = kb.notice_for(u.region, paid_on).tiers
    tier = u.tier if u.tier in tiers else None
    own = [m.tier if m.tier in tiers else None for m in members]  # "我和老婆交二档": theirs alone
    if tier is None and tiers and None in own:
        tier, result.assumed = tiers[0], ["tier"]
    if any(not m.identities and not m.ordinary for m in members):
        result.assumed.insert(0, "identities")
    engine_members = [
        Member(identities=tuple(m.identities), newborn=m.newborn, born_on=m.born_on,
               student="university" if m.student == "university" else "school" if m.student else "none",
               tier=t or tier, count=m.count, label=m.label, unlisted=tuple(m.unlisted),
               assumed=tuple(m.assumed))
        for m, t in zip(members, own, strict=True)
    ]
    try:
        result.household = household(kb, u.region, paid_on, engine_members)
        result.member_missing = [
            (i, "born_on") for i, m in enumerate(engine_members)
            if m.newborn and m.born_on is None and _birth_day_matters(kb, u.region, paid_on, m)]
        result.member_missing += _month_matters(kb, u.region, paid_on, members, engine_members)
        if "tier" in result.assumed:
            result.household_by_tier = [
                household(kb, u.region, paid_on, [replace(m, tier=o or t) for m, o in zip(engine_members, own,
                                                                                       strict=True)])
                for t in tiers]
            if len({h.total_personal for h in result.household_by_tier}) == 1:  # the tier changes nothing
                result.household_by_tier, result.assumed = [], [s for s in result.assumed if s != "tier"]
    except InputError as exc:
        result.error = exc
    return result


def _birth_day_matters(kb: KnowledgeBase, region: str, paid_on: dt.date, m: Member) -> bool:
    """A newborn whose birth day is unsaid: asked only where the day changes the figure (born
    today, or past the notice's N days), so a family's total is not held back for nothing."""
    days = (paid_on, paid_on - dt.timedelta(days=NEWBORN_SPAN))
    totals = {household(kb, region, paid_on, [replace(m, born_on=d)]).members[0].answer.total_personal
              for d in days}
    return len(totals) > 1


def _month_matters(
    kb: KnowledgeBase, region: str, paid_on: dt.date, members: list[ReadMember], engine: list[Member]
) -> list[tuple[int, str]]:
    """A birth month taken as its 1st day: the day is still asked where the month's last day
    gives that member another figure or cover start (the N-day rule crossing inside it)."""
    out = []
    for i, (m, e) in enumerate(zip(members, engine, strict=True)):
        if not (m.born_month and e.born_on):
            continue
        last = e.born_on.replace(day=calendar.monthrange(e.born_on.year, e.born_on.month)[1])
        first_a, last_a = (household(kb, region, paid_on, [replace(e, born_on=d)]).members[0].answer
                           for d in (e.born_on, last))
        if (first_a.total_personal, first_a.benefit_start) != (last_a.total_personal, last_a.benefit_start):
            out.append((i, "born_on"))
    return out


def _wide(kb: KnowledgeBase, u: Understood, today: dt.date) -> tuple[WideReply, list[FactView]] | None:
    """No region of ours named but a province whose region-wide rules are on file, or a place
    in it: the rules' facts on the topic, or that they are silent on it. An amount is the
    place's own notice's: asked of a named place, the reply says that notice is not on file
    and what the rules say in general; asked of the province alone, the city is asked (None)."""
    if u.region is not None or u.wide_region is None:
        return None
    name = u.wide_region
    money = u.asks_money or u.topic == "how_much"
    amounts = False
    missing_year: int | None = None
    if money and len(u.identity_words) > 1 and (several := wide_multiple_identities(kb, name)):
        facts = several  # "又是低保又是监测户 按哪个算"
    elif money and _other_province(u.text, name):
        facts = [f for f in wide_facts_for(kb, name, "cross_region") if f.stated]  # "人在甘肃参保"
    elif money:
        # "全区…各地一样不", "48号文里…交多少": what the region-wide rules themselves set
        province_wide = u.wide_document or any(w in u.text for w in CUES["province_wide"])
        missing_year = _year_not_on_file(kb, u.text, name)
        if u.wide_place is None and not province_wide and missing_year is None:
            return None  # an amount is a city's: ask which
        facts, amounts = [f for f in wide_facts_for(kb, name, "how_to_pay") if f.stated], True
        if u.wide_place is None:  # how the amounts are set: by the place that recognised the person
            facts = [*wide_facts_for(kb, name, "cross_region"), *facts]
    elif u.topic == "unknown":
        return None
    else:
        facts = wide_facts_for(kb, name, u.topic)
        if u.identity_words and u.topic in ("deadline", "registration"):
            # "过了缴费期才评上低保": the rules' timing for a subsidised person is their identity-change rule
            facts += [f for f in wide_facts_for(kb, name, "identity_change") if f not in facts]
    rules = wide_rules(kb, name)
    starts = [n.model.notice.effective_from for n in rules if n.model.notice.effective_from]
    day = u.paid_on or today
    wide = WideReply(
        province=name,
        place=u.wide_place,
        in_force_from=min(starts) if starts and day < min(starts) else None,
        silent=not facts,
        amounts=amounts,
        contacts=[c.name for n in rules for c in n.model.contacts],
        local=kb.wide_region_names().get(name, []),
        notices=[n.citation for n in rules],
        year_not_on_file=missing_year,
        latest_year=_latest_local_year(kb, name),
    )
    return wide, facts


_YEAR = re.compile(r"(20\d\d)年")


def _latest_local_year(kb: KnowledgeBase, province: str) -> int | None:
    years = [n.policy_year for r in kb.wide_region_names().get(province, []) for n in kb.regions[r].notices]
    return max(years) if years else None


def _year_not_on_file(kb: KnowledgeBase, text: str, province: str) -> int | None:
    """"新疆2025年个人交多少": a policy year no local notice under the province covers. Asking
    which city would not help: none of them has that year's amount on file, and the rules set none."""
    latest = _latest_local_year(kb, province)
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if latest is not None and years and max(years) > latest else None


def _other_province(text: str, province: str) -> bool:
    """Another province than ``province`` named: someone recognised in one, insured in the other."""
    return any(p in text and not province.startswith(p) for p in CUES["provinces"])


def _answer_first(s: Situation, missing: list[str]) -> tuple[Situation, list[str]]:
    """Answer for the ordinary case instead of asking: no identity named is an ordinary
    resident, no tier named is every tier (the first one leading). A birth date is still
    asked: the newborn rules turn on it."""
    assumed = []
    if "identities" in missing:
        s, assumed = s.with_(identities=()), ["identities"]
    if "tier" in missing:
        assumed.append("tier")
    return s, assumed


def _by_tier(kb: KnowledgeBase, s: Situation, assumed: list[str]) -> list[Answer]:
    """With the tier assumed: the answer for each of the notice's tiers, the first tier first."""
    if "tier" not in assumed or s.region is None:
        return []
    return [calculate(kb, s.with_(tier=t)) for t in kb.notice_for(s.region, s.paid_on).tiers]


def _calc_defaults(s: Situation, u: Understood) -> Situation:
    """Newborn and student default to "no" when the text does not mention them; a question
    about dates only (deadline, cover start) takes the ordinary resident and tier 1 when unsaid,
    since identity and tier do not move the dates (the answer names what it assumed)."""
    s = s.with_(newborn=bool(u.newborn), student=u.student or "none")
    if u.topic in ("deadline", "benefit_start") and s.identities is None and not u.identity_words:
        s = s.with_(identities=())
    return s


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
