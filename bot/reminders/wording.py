"""Reminders worded: the confirmation, the message sent when one is due, the list.

The words are in ``templates/reminders/``; this module gathers what they name: the window
and its clause, what the notice leaves conditional or open, what follows the deadline, and,
at send time, the engine's answer for paying that day (worded by ``bot.present``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.engine.calculator import calculate
from bot.engine.household import household_of
from bot.engine.notes import InputError
from bot.engine.payment import windows_for
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.models import Window
from bot.present import answer_text
from bot.reminders.schedule import BEIJING, NEWBORN_RULE, Plan, Planned, beijing_date
from bot.render import error_text, macro, render

END_KINDS = ("week_before", "day_before")


@dataclass(frozen=True)
class ListedReminder:
    """One stored reminder as /reminders lists it."""

    region: str
    situation: Situation
    kind: str
    due_at: dt.datetime  # aware
    deadline: dt.date
    window_id: str | None = None
    people: int = 1  # a household's reminder: how many people it is for

    @classmethod
    def of(cls, s: Situation, planned: Planned, people: int = 1) -> ListedReminder:
        assert s.region is not None
        return cls(s.region, s, planned.kind, planned.due_at, planned.deadline, planned.window_id, people)


def find_window(notice: Notice, window_id: str | None) -> Window | None:
    return next((w for w in notice.model.windows if w.id == window_id), None)


def basis(window: Window | None, deadline: dt.date | None) -> str:
    """What the deadline rests on: the stated end, the end of cover a later payment would buy,
    or the last day the notice surely allows when it states no end."""
    if window is None or deadline is None:
        return "none"
    if window.end is None:
        return "no_stated_end"
    return "cover_ends" if deadline < window.end else "stated_end"


def _notice(kb: KnowledgeBase, region: str, day: dt.date | None) -> Notice:
    return kb.notice_for(region, day)


def who(kb: KnowledgeBase, s: Situation, notice: Notice, people: int = 1) -> str:
    """The person in a few words for a list line (region short name, categories, tier); a
    household as its region and size."""
    return render("reminders/who.j2", region=kb.regions[notice.model.region.name].short_name,
                  categories=_category_labels(notice, s), tier=_tier_label(notice, s),
                  newborn=bool(s.newborn), people=people)


def _category_labels(notice: Notice, s: Situation) -> list[str]:
    labels = []
    for ident in s.identities or ():
        try:
            c = notice.category(ident)
        except KeyError:
            continue
        labels.append(c.label or c.aliases[0])
    return labels


def _tier_label(notice: Notice, s: Situation) -> str | None:
    try:
        return notice.standard(s.tier).label if s.tier is not None else None
    except KeyError:
        return None


def window_context(
    notice: Notice, s: Situation, window_id: str | None, deadline: dt.date | None
) -> dict[str, Any]:
    """The window a reminder is about and what surrounds it, for the templates."""
    window = find_window(notice, window_id)
    later = sorted((w for w in windows_for(notice, s) if window and w.start > window.start),
                   key=lambda w: w.start)
    return {
        "citation": notice.citation,
        "window": window,
        "basis": basis(window, deadline),
        "deadline": deadline,
        "conditionals": [w for w in notice.model.windows if w.conditional and window
                         and w.start > window.start],
        "after": next((w for w in later if not w.conditional), None),
        "newborn_rule": notice.model.newborn if window_id == NEWBORN_RULE else None,
        "contact": notice.model.contacts[0].name,
        "benefit_end": notice.last_day,
    }


def _local(planned: Planned) -> dt.datetime:
    return planned.due_at.astimezone(BEIJING)


def plan_text(kb: KnowledgeBase, s: Situation, plan: Plan, people: int = 1) -> str:
    """The reply to "remind me": when, about what, on which clause, how to cancel; or why not.
    ``people``: a household's size (``s`` is one of them; region and date are shared)."""
    if plan.reason == "no_region" or s.region not in kb.regions:
        return render("reminders/plan.j2", reminders=[], reason="no_region", regions=list(kb.regions))
    assert s.region is not None
    deadline = plan.deadline or (plan.reminders[0].deadline if plan.reminders else None)
    notice = _notice(kb, s.region, deadline)
    ctx = window_context(notice, s, plan.window_id, deadline)
    return render(
        "reminders/plan.j2",
        reason=plan.reason,
        reminders=[(p, _local(p)) for p in plan.reminders],
        kinds={p.kind for p in plan.reminders},
        who=who(kb, s, notice, people),
        refusal=_refusal_context(kb, s, notice) if plan.reason else {},
        **ctx,
    )


def _refusal_context(kb: KnowledgeBase, s: Situation, notice: Notice) -> dict[str, Any]:
    """What a refusal names: the situation's error, its categories' notes and clauses, the
    policy years on file. From the knowledge alone: the confirmation has no clock."""
    error = None
    try:
        calculate(kb, s.with_(paid_on=s.paid_on or notice.first_day))
    except InputError as e:
        error = error_text(e)
    known = {c.id for c in notice.model.categories}
    cats = [notice.category(i) for i in s.identities or () if i in known]
    return {
        "error": error,
        "category_notes": [n for c in cats for n in (c.payment_time_note, *(r.note for r in c.medical)) if n],
        "clauses": list(dict.fromkeys(r.source.clause for c in cats for r in c.medical)),
        "years": kb.regions[notice.model.region.name].policy_years(),
        "newborn": notice.model.newborn,
    }


def reminder_text(kb: KnowledgeBase, s: Situation, planned: Planned, now: dt.datetime,
                  members: Sequence[Situation] = ()) -> str:
    """The message sent when ``planned`` is due: the lead, then today's answer, the clause
    and how to stop. It stands alone when forwarded. With ``members`` (a household, ``s``
    among them) the answer is the household's: each member's figures and the total."""
    today = beijing_date(now)
    assert s.region is not None
    notice = _notice(kb, s.region, planned.deadline)
    # Only an end reminder's deadline is the window's; a month's or a price's edge is not.
    window_deadline = planned.deadline if planned.kind in END_KINDS else None
    ctx = window_context(notice, s, planned.window_id, window_deadline)
    try:
        if len(members) > 1:
            h = household_of(kb, [m.with_(paid_on=today) for m in members])
            answer = macro("household.j2", "household", household=h, numbered=True)
        else:
            answer = answer_text(calculate(kb, s.with_(paid_on=today)))
    except (InputError, KeyError) as e:  # the knowledge changed under a stored situation
        answer = error_text(e) if isinstance(e, InputError) else ""
    return render("reminders/reminder.j2", planned=planned, days_left=(planned.deadline - today).days,
                  today=today, answer=answer, who=who(kb, s, notice, max(1, len(members))), **ctx)


def list_text(kb: KnowledgeBase, items: list[ListedReminder]) -> str:
    """/reminders: each reminder still to come, soonest first; or that there is none."""
    rows = []
    for item in sorted(items, key=lambda i: i.due_at):
        if item.region not in kb.regions:
            continue
        notice = _notice(kb, item.region, item.deadline)
        window = find_window(notice, item.window_id)
        rows.append({"item": item, "local": item.due_at.astimezone(BEIJING),
                     "who": who(kb, item.situation, notice, item.people),
                     "basis": basis(window, item.deadline), "window": window})
    return render("reminders/list.j2", rows=rows)
