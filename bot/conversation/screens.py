"""What one screen shows: text and buttons, as plain data for any channel.

Each button names the state it leads to (Telegram signs it into callback_data, the console
numbers it, a web page would link it), and says what kind of button it is, so a channel
can lay it out its own way without knowing the flow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from bot.conversation import wording
from bot.conversation.picker import days_in, picker_months
from bot.conversation.state import (
    MAX_MEMBERS,
    Action,
    Conv,
    add_member,
    back,
    can_add,
    change,
    changeable_slots,
    choose,
    current_slot,
    fill_date,
    holdable,
    members_of,
    open_member,
    own_changeable,
    pick_identities,
    remove_member,
    restart,
    toggle,
)
from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.flow import Question, next_step, question_for
from bot.engine.household import HouseholdAnswer, household_of
from bot.engine.notes import InputError
from bot.engine.resolve import category_label
from bot.engine.situation import Situation
from bot.engine.slots import DATE_SLOTS, answer_slot
from bot.engine.slots import slot as slot_row
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text
from bot.reminders.schedule import remindable
from bot.render import error_text, macro
from bot.understand.dates import read_typed_date


class Kind(StrEnum):
    OPTION = "option"  # answers the question with ``value``
    TICK = "tick"  # ticks or unticks one identity (``value``) on the multi-select
    SEVERAL = "several"  # opens the multi-select (someone in more than one category)
    NEWBORN = "newborn"  # for a newborn (``value`` "yes"), or not after all ("no")
    ORDINARY = "ordinary"  # none of the identities
    DONE = "done"  # the identities ticked so far
    TODAY = "today"
    MONTH = "month"  # opens a month's day grid
    DAY = "day"
    CHANGE = "change"  # re-asks one answer (``value`` = the slot) from the answer screen
    ADD_MEMBER = "add_member"  # another person of the same household ("加一位家人")
    MEMBER = "member"  # opens one household member (``value`` = its number, from 1) to change it
    REMOVE_MEMBER = "remove_member"  # takes the member on screen out of the household
    SHARE = "share"
    REMIND = "remind"  # a reminder before the window closes: only channels that can push show it
    BACK = "back"
    RESTART = "restart"


@dataclass(frozen=True)
class Button:
    label: str
    target: Conv | None = None  # the state the press leads to
    action: Action = Action.SHOW
    url: str | None = None
    kind: Kind = Kind.OPTION
    value: str | None = None


@dataclass(frozen=True)
class Screen:
    text: str
    rows: list[list[Button]] = field(default_factory=list)
    conv: Conv = field(default_factory=Conv)
    slot: str | None = None  # the question asked; None on the answer
    answer: Answer | None = None
    household: HouseholdAnswer | None = None  # on the household's answer

    @property
    def asks_date(self) -> bool:
        return self.slot in DATE_SLOTS

    @property
    def buttons(self) -> list[Button]:
        return [b for row in self.rows for b in row]


def build_screen(kb: KnowledgeBase, conv: Conv, today: dt.date) -> Screen:
    slot = current_slot(kb, conv)
    if slot is not None:
        return _question_screen(kb, conv, slot, today)
    if conv.is_household:
        return _household_step(kb, conv, today)
    try:
        step = next_step(kb, conv.situation, today)
    except InputError as exc:  # e.g. born after the payment date: ask the last answer again
        return problem_screen(kb, back(kb, conv), today, exc)
    assert isinstance(step, Answer)
    return answer_screen(kb, conv, step)


def problem_screen(kb: KnowledgeBase, conv: Conv, today: dt.date, error: InputError) -> Screen:
    """``conv``'s question again, led by what was wrong with the last answer."""
    return _led_by(build_screen(kb, conv.with_(month=None), today), "answer_problem", error)


def typed_date_screen(kb: KnowledgeBase, conv: Conv, text: str, today: dt.date) -> Screen:
    """After a date typed at a date question: the next screen, or the same question again
    led by what was wrong with the date (nothing else answered so far is lost)."""
    question = conv.with_(month=None)
    try:
        day = holdable(read_typed_date(text, today), text)
    except InputError as exc:
        return _led_by(build_screen(kb, question, today), "typed_date_error", exc)
    return build_screen(kb, fill_date(kb, question, day) or question, today)


def _led_by(screen: Screen, message: str, error: InputError) -> Screen:
    text = wording.screen(message, error=error_text(error)) + "\n\n" + screen.text
    return Screen(text, screen.rows, screen.conv, screen.slot)


def summary_line(kb: KnowledgeBase, s: Situation, today: dt.date, member: int | None = None) -> str:
    """The answers so far in one line; ``member``: the household member (from 1) they are of."""
    if s.region is None:
        return ""
    notice = kb.notice_for(s.region, s.paid_on or today)
    known = {c.id for c in notice.model.categories}
    identities = None
    if s.identities is not None:
        identities = [category_label(notice, i) for i in s.identities if i in known]
    tier = None
    if s.tier is not None and s.tier in notice.tiers:
        tier = notice.standard(s.tier).label or str(s.tier)
    return wording.screen(
        "summary",
        region=s.region,
        identities=identities,
        newborn=s.newborn,
        born_on=s.born_on,
        student=s.student,
        tier=tier,
        paid_on=s.paid_on,
        member=member,
    )


def share_summary(kb: KnowledgeBase, s: Situation) -> str:
    assert s.region is not None
    notice = kb.notice_for(s.region, None)
    ids = None if s.identities is None else [category_label(notice, i) for i in s.identities]
    return wording.screen("share_summary", region=s.region, identities=ids)


# -- questions ----------------------------------------------------------------------------


def _question_screen(kb: KnowledgeBase, conv: Conv, slot: str, today: dt.date) -> Screen:
    s = conv.situation
    q = question_for(kb, s, slot, today)
    shared = macro("questions.j2", "prompt", slot=slot, context=q.context)
    prompt = wording.screen("prompt", slot=slot, shared=shared, context=q.context, month=conv.month,
                            several=conv.focus == "identities")
    head = summary_line(kb, s, today, conv.at + 1 if conv.is_household else None)
    text = f"{head}\n\n{prompt}" if head else prompt
    kind = slot_row(slot).kind
    if kind == "multi":
        rows = _identity_rows(conv, q)
    elif kind == "date":
        rows = _date_rows(kb, conv, slot, today)
    elif slot == "region":
        rows = [[_option(kb, conv, q, o.value, wording.button("region", name=o.value, short=o.label))]
                for o in q.options]
    else:
        rows = _pairs([_option(kb, conv, q, o.value, _label(q, o.value, o.label)) for o in q.options])
    if conv != Conv():
        rows.append(_nav(kb, conv))
    return Screen(text, rows, conv, slot)


def _option(kb: KnowledgeBase, conv: Conv, q: Question, value: str, label: str) -> Button:
    target = choose(kb, conv, q.slot, slot_row(q.slot).read_option(value))
    return Button(label, target, kind=Kind.OPTION, value=value)


def _nav(kb: KnowledgeBase, conv: Conv) -> list[Button]:
    return [Button(wording.button("back"), back(kb, conv), kind=Kind.BACK),
            Button(wording.button("restart"), restart(), kind=Kind.RESTART)]


def _identity_rows(conv: Conv, q: Question) -> list[list[Button]]:
    """One press for the common cases (an ordinary resident, or one category); ticks only for
    someone in several categories, or when changing the answer (the multi-select: focus set)."""
    default = q.context.get("default")
    rows = [[Button(wording.button("ordinary"), pick_identities(conv, ()), kind=Kind.ORDINARY)]]
    others = [o for o in q.options if o.value != default]
    if conv.focus != "identities":
        rows.extend(_pairs([Button(o.label, pick_identities(conv, (o.value,)), kind=Kind.OPTION,
                                   value=o.value) for o in others]))
        if conv.situation.newborn is None:  # the flow does not ask it: a parent finds it here
            baby = conv.moved(answer_slot(pick_identities(conv, ()).situation, "newborn", True))
            rows.append([Button(wording.button("newborn"), baby, kind=Kind.NEWBORN, value="yes")])
        rows.append([Button(wording.button("several"), change(conv, "identities"), kind=Kind.SEVERAL)])
        return rows
    rows.extend(_pairs([
        Button(wording.button("pick", label=o.label, picked=o.value in conv.picks), toggle(conv, o.value),
               kind=Kind.TICK, value=o.value)
        for o in others
    ]))
    picks = tuple(p for p in conv.picks if p != default)
    if picks:
        rows.append([Button(wording.button("done", count=len(picks)), pick_identities(conv, picks),
                            kind=Kind.DONE)])
    return rows


def _date_rows(kb: KnowledgeBase, conv: Conv, slot: str, today: dt.date) -> list[list[Button]]:
    if conv.month is not None:
        y, m = conv.month
        days = [Button(wording.button("day", day=d), choose(kb, conv, slot, dt.date(y, m, d)),
                       kind=Kind.DAY, value=dt.date(y, m, d).isoformat())
                for d in range(1, days_in(conv.month) + 1)]
        return [days[i : i + 5] for i in range(0, len(days), 5)]
    rows: list[list[Button]] = []
    if slot == "paid_on":
        rows.append([Button(wording.button("today", day=today), conv, Action.TODAY, kind=Kind.TODAY)])
    months = [Button(wording.button("month", year=y, month=m), conv.with_(month=(y, m)), kind=Kind.MONTH)
              for y, m in picker_months(kb, conv.situation, slot, today)]
    rows.extend(months[i : i + 3] for i in range(0, len(months), 3))
    return rows


def _label(q: Question, value: str, label: str) -> str:
    return macro("questions.j2", "option", slot=q.slot, value=value, label=label)


def _pairs(buttons: list[Button]) -> list[list[Button]]:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


# -- the answer ---------------------------------------------------------------------------


def answer_screen(kb: KnowledgeBase, conv: Conv, answer: Answer, text: str | None = None) -> Screen:
    """The answer with its buttons; ``text`` when the caller has already worded it."""
    s = conv.situation
    changes = [Button(wording.button("change", slot=slot), change(conv, slot), kind=Kind.CHANGE, value=slot)
               for slot in changeable_slots(kb, s)]
    # Newborn or not is never asked (most people are not): offered here, and undone here.
    newborn = not s.newborn
    changes.append(Button(wording.button("newborn_toggle", newborn=newborn),
                          Conv(answer_slot(s, "newborn", newborn)), kind=Kind.NEWBORN,
                          value="yes" if newborn else "no"))
    rows = _pairs(changes)
    rows.append([Button(wording.button("share"), conv, Action.SHARE, kind=Kind.SHARE)])
    rows.append([_add_button(conv)])
    rows.append(_nav(kb, conv))
    return Screen(answer_text(answer) if text is None else text, rows, conv, None, answer)


def _add_button(conv: Conv) -> Button:
    return Button(wording.button("add_member"), add_member(conv), kind=Kind.ADD_MEMBER)


# -- the household ------------------------------------------------------------------------

# The answer an error is about, to ask again for the member it came from.
_ERROR_SLOT = {"born_after_payment": "born_on", "no_such_tier": "tier", "unknown_identity": "identities"}


def _household_step(kb: KnowledgeBase, conv: Conv, today: dt.date) -> Screen:
    """Every member answered: the member opened on its own, or the household's answer. A
    member whose answer fails (born after a payment date changed since) is asked again."""
    everyone = members_of(conv)
    answers: list[Answer] = []
    for i, person in enumerate(everyone):
        try:
            answers.append(calculate(kb, person))
        except InputError as exc:
            slot = _ERROR_SLOT.get(exc.code, "paid_on")
            again = open_member(conv, i).with_(focus=slot)
            return _led_by(_question_screen(kb, again, slot, today), "answer_problem", exc)
    if conv.opened:
        return member_screen(kb, conv, answers[conv.at])
    return household_screen(kb, conv, household_of(kb, everyone))


def household_screen(kb: KnowledgeBase, conv: Conv, h: HouseholdAnswer) -> Screen:
    """Each member's figures, the totals and who pays; a button per member to change it."""
    full = not can_add(conv)
    first = h.members[0].answer
    text = wording.screen("household", household=h, full=full, most=MAX_MEMBERS, contacts=first.contacts,
                          sources=[src for m in h.members for src in m.answer.sources])
    rows = _pairs([Button(wording.button("member", n=i, identity=m.answer.identity, newborn=m.answer.newborn),
                          open_member(conv, i - 1), kind=Kind.MEMBER, value=str(i))
                   for i, m in enumerate(h.members, 1)])
    if not full:
        rows.append([_add_button(conv)])
    rows.append([Button(wording.button("change", slot="paid_on"), change(conv, "paid_on"), kind=Kind.CHANGE,
                        value="paid_on")])
    rows.append(_nav(kb, conv))
    return Screen(text, rows, conv, None, household=h)


def offer_reminder(kb: KnowledgeBase, screen: Screen, today: dt.date) -> Screen:
    """``screen`` with 「⏰ 提醒我缴费」 beside its share (one person) or payment-day (household)
    button while a window is open or coming for someone on it. Only a channel that can push a
    message later calls this, so the others never pay for working it out."""
    if screen.slot is not None or (screen.answer is None and screen.household is None):
        return screen
    if screen.household is None and screen.conv.is_household:  # one member opened: no reminder of its own
        return screen
    people = members_of(screen.conv) if screen.household is not None else [screen.conv.situation]
    if not any(remindable(kb, p, today) for p in people):
        return screen
    beside = Kind.CHANGE if screen.household is not None else Kind.SHARE
    remind = Button(wording.button("remind"), screen.conv, Action.REMIND, kind=Kind.REMIND)
    rows = [[*row, remind] if any(b.kind == beside for b in row) and len(row) == 1 else row
            for row in screen.rows]
    return Screen(screen.text, rows, screen.conv, screen.slot, screen.answer, screen.household)


def member_screen(kb: KnowledgeBase, conv: Conv, answer: Answer) -> Screen:
    """One member on its own: its own answer, what it can change, and removing it."""
    s, n = conv.situation, conv.at + 1
    text = wording.screen("member", n=n, count=len(conv.others) + 1, answer=answer_text(answer))
    changes = [Button(wording.button("change", slot=slot), change(conv, slot), kind=Kind.CHANGE, value=slot)
               for slot in own_changeable(kb, s)]
    newborn = not s.newborn
    changes.append(Button(wording.button("newborn_toggle", newborn=newborn),
                          conv.moved(answer_slot(s, "newborn", newborn)), kind=Kind.NEWBORN,
                          value="yes" if newborn else "no"))
    rows = _pairs(changes)
    rows.append([Button(wording.button("remove_member", n=n), remove_member(conv), kind=Kind.REMOVE_MEMBER)])
    rows.append(_nav(kb, conv))
    return Screen(text, rows, conv, None, answer)
