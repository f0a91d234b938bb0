"""Answers and free-text replies as JSON-ready data and as rendered text: the one place
where the engine's and the understanding's results are worded."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from bot.engine.answer import Answer, Contribution
from bot.engine.household import HouseholdAnswer
from bot.knowledge.base import KnowledgeBase
from bot.render import error_text, note_text, render

if TYPE_CHECKING:
    from bot.understand.ask import AskResult
    from bot.understand.slots import Understood


def _contribution(c: Contribution | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "standard": c.standard,
        "subsidy": c.subsidy,
        "personal": c.personal,
        "subsidy_payers": c.subsidy_payers,
        "subsidy_split": [{"payer": p.name, "amount": p.amount} for p in c.subsidy_split],
        "payers_stated": c.payers_stated,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def answer_json(a: Answer) -> dict[str, Any]:
    """The `answer --json` contract: money in yuan, dates ISO, unknown as null."""
    return {
        "region": a.region,
        "policy_year": a.policy_year,
        "tier": a.tier,
        "identity": a.identity,
        "identity_id": a.identity_id,
        "newborn": a.newborn,
        "born_on": _iso(a.born_on),
        "student": a.student,
        "paid_on": _iso(a.paid_on),
        "medical": _contribution(a.medical),
        "long_term_care": _contribution(a.long_term_care),
        "total_personal": a.total_personal,
        "window": {"name": a.window_name, "start": _iso(a.window["start"]),
                   "end": _iso(a.window["end"])},
        "payment_open": a.payment_open,
        "payment_reason": a.payment_reason,
        "benefit_start": _iso(a.benefit_start),
        "benefit_end": _iso(a.benefit_end),
        "stale": a.stale,
        "how_to_pay": [
            {"text": f.text, "steps": f.steps, "stated": f.stated, "ask": f.ask}
            for f in a.how_to_pay
        ],
        "contacts": a.contacts,
        "alternatives": a.alternatives,
        "sources": [{"notice": s.notice, "clause": s.clause} for s in a.sources],
        "notes": [note_text(n, tier_label=a.tier_label) for n in a.notes],
    }


def household_json(h: HouseholdAnswer) -> dict[str, Any]:
    """A household's answer: each member's own figures (``total_personal`` per person,
    ``subtotal`` for all ``count`` of them) and the sums; a sum with an unstated part is null,
    and ``missing`` lists the positions in ``members`` that make it so."""
    return {
        "region": h.region,
        "paid_on": _iso(h.paid_on),
        "members": [
            {
                "label": m.member.label,
                "count": m.member.count,
                "identity": m.answer.identity,
                "medical": _contribution(m.answer.medical),
                "long_term_care": _contribution(m.answer.long_term_care),
                "total_personal": m.answer.total_personal,
                "subtotal": m.subtotal,
            }
            for m in h.members
        ],
        "total_personal": h.total_personal,
        "missing": list(h.totals.missing),
        "by_payer": dict(h.by_payer),
        "payer_not_named": h.totals.payer_not_named,
    }


def members_json(r: AskResult) -> list[dict[str, Any]]:
    """The people the question names (``ask --json``'s ``understood.members``); ``missing``:
    what is still to ask of that member alone (a newborn's birth day)."""
    tier = r.household.members[0].answer.tier if r.household and r.household.members else r.understood.tier
    return [
        {
            "identities": m.identities,
            "newborn": m.newborn,
            "born_on": _iso(m.born_on),
            "student": m.student,
            "tier": m.tier or tier,
            "count": m.count,
            "label": m.label,
            "words": m.words,
            "missing": [slot for i, slot in r.member_missing if i == n],
        }
        for n, m in enumerate(r.members)
    ]


def answer_text(a: Answer, from_birth: bool = False) -> str:
    """``from_birth``: the cover starts on a birth day not said ("娃刚满月"), shown as such."""
    return render("answer.j2", a=a, notes=[note_text(n, tier_label=a.tier_label) for n in a.notes],
                  from_birth=from_birth)


def _from_birth(r: AskResult) -> bool:
    """A rough age ("二十来天") whose every birth day starts the cover on itself."""
    span, a = r.understood.born_span, r.answer
    return (span is not None and a is not None and a.born_on is None and a.benefit_start is not None
            and span.earliest <= a.benefit_start <= span.latest)


def _tier_labels(kb: KnowledgeBase, r: AskResult) -> list[str]:
    """The notice's tier labels in order: the household's figures for each tier the members
    left unsaid are in this order (a member's own tier is not the one assumed)."""
    if r.household is None:
        return []
    notice = kb.notice_for(r.household.region, r.household.paid_on)
    return [notice.standard(t).label for t in notice.tiers]


def _admin_contacts(kb: KnowledgeBase, u: Understood) -> list[tuple[str, str]]:
    """(place, the office for enrolment) of the region named, else of every region on file."""
    names = [u.region] if u.region else list(kb.regions)
    return [(n, kb.regions[n].latest().model.contacts[0].name) for n in names]


def ask_reply(kb: KnowledgeBase, r: AskResult) -> str:
    """The reply to a free-text question: what was understood, then the answer, the facts,
    or only what is still missing."""
    from bot.understand.ask import identity_names  # here: `answer` alone need not load the understanding

    u, s = r.understood, r.situation
    if r.unknown:
        return render("ask/unknown.j2", u=u, regions=list(kb.regions), sensitive=u.sensitive,
                      off_topic=u.off_topic, admin=_admin_contacts(kb, u) if u.admin_service else [])
    if r.wide is not None:
        return render("ask/wide.j2", u=u, wide=r.wide, facts=r.facts)
    if r.is_household:
        return render(
            "ask/household.j2",
            u=u,
            members=r.members,
            household=r.household,
            missing=r.missing,
            member_missing=r.member_missing,
            size_said=r.size_said,
            by_tier=list(zip(_tier_labels(kb, r), [h.total_personal for h in r.household_by_tier],
                             strict=False)),
            assumed=r.assumed,
            ambiguous=r.ambiguous,
            error=error_text(r.error) if r.error else None,
            region_short=kb.regions[u.region].short_name if u.region else None,
            tier_label=next(iter(_tier_labels(kb, r)), None),
        )
    return render(
        "ask/reply.j2",
        u=u,
        topic=u.topic,
        situation=r.situation,
        missing=r.missing,
        answer=r.answer,
        facts=r.facts,
        ambiguous=r.ambiguous,
        error=error_text(r.error) if r.error else None,
        answer_rendered=answer_text(r.answer, _from_birth(r)) if r.answer else "",
        region_short=kb.regions[u.region].short_name if u.region else None,
        identity_names=identity_names(kb, r.situation),
        tier_label=(kb.notice_for(s.region, s.paid_on).standard(s.tier).label
                    if s.region and s.tier else None),
        assumed=r.assumed,
        by_tier=r.by_tier,
        newborn_rule=r.newborn_rule,
        deadlines=r.deadlines,
        paid_windows=r.paid_windows,
        covers=r.covers,
        same_everywhere=r.same_everywhere,
        candidates=r.candidates,
        elsewhere=r.elsewhere,
        regions=list(kb.regions),
        # a question on something this region's notice does not mention: say so, and whom to ask
        contacts=([c.name for c in kb.notice_for(s.region, s.paid_on).model.contacts]
                  if s.region and r.answer is None and not r.facts and not r.missing and not r.error
                  else []),
    )
