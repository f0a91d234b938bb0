"""What one screen shows: text and buttons, as plain data (no telegram import).

Each button names the state it leads to; keyboards.py signs that into callback_data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.engine.answer import Answer
from bot.engine.flow import Question, next_step, question_for
from bot.engine.notes import InputError
from bot.engine.resolve import category_label, notice_for
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.present import answer_text
from bot.render import error_text, macro
from bot.telegram import texts
from bot.telegram.dates import days_in, picker_months
from bot.telegram.state import (
    DATE_SLOTS,
    Action,
    Conv,
    back,
    change,
    changeable_slots,
    choose,
    current_slot,
    restart,
    toggle,
)


@dataclass(frozen=True)
class Button:
    label: str
    target: Conv | None = None  # the state the press leads to
    action: Action = Action.SHOW
    url: str | None = None


@dataclass(frozen=True)
class Screen:
    text: str
    rows: list[list[Button]] = field(default_factory=list)
    conv: Conv = field(default_factory=Conv)
    slot: str | None = None  # the question asked; None on the answer
    answer: Answer | None = None

    @property
    def asks_date(self) -> bool:
        return self.slot in DATE_SLOTS


def build_screen(kb: KnowledgeBase, conv: Conv, today: dt.date) -> Screen:
    slot = current_slot(kb, conv)
    if slot is not None:
        return _question_screen(kb, conv, slot, today)
    try:
        step = next_step(kb, conv.situation, today)
    except InputError as exc:  # e.g. born after the payment date: ask the last answer again
        earlier = back(kb, conv)
        screen = build_screen(kb, earlier, today)
        text = texts.message("answer_problem", error=error_text(exc)) + "\n\n" + screen.text
        return Screen(text, screen.rows, earlier, screen.slot)
    assert isinstance(step, Answer)
    return answer_screen(kb, conv, step)


def summary_line(kb: KnowledgeBase, s: Situation, today: dt.date) -> str:
    if s.region is None:
        return ""
    notice = notice_for(kb, s.region, s.paid_on or today)
    known = {c.id for c in notice.model.categories}
    identities = None
    if s.identities is not None:
        identities = [category_label(notice, i) for i in s.identities if i in known]
    tier = None
    if s.tier is not None and s.tier in notice.tiers:
        tier = notice.standard(s.tier).label or str(s.tier)
    return texts.screen(
        "summary",
        region=s.region,
        identities=identities,
        newborn=s.newborn,
        born_on=s.born_on,
        student=s.student,
        tier=tier,
        paid_on=s.paid_on,
    )


def share_summary(kb: KnowledgeBase, s: Situation) -> str:
    assert s.region is not None
    notice = notice_for(kb, s.region, None)
    ids = None if s.identities is None else [category_label(notice, i) for i in s.identities]
    return texts.screen("share_summary", region=kb.regions[s.region].short_name, identities=ids)


# -- questions ----------------------------------------------------------------------------


def _question_screen(kb: KnowledgeBase, conv: Conv, slot: str, today: dt.date) -> Screen:
    s = conv.situation
    q = question_for(kb, s, slot, today)
    shared = macro("questions.j2", "prompt", slot=slot, context=q.context)
    prompt = texts.screen("prompt", slot=slot, shared=shared, context=q.context, month=conv.month)
    head = summary_line(kb, s, today)
    text = f"{head}\n\n{prompt}" if head else prompt
    if slot == "identities":
        rows = _identity_rows(conv, q)
    elif slot in DATE_SLOTS:
        rows = _date_rows(kb, conv, slot, today)
    elif slot == "region":
        rows = [[Button(texts.button("region", name=o.value, short=o.label), choose(kb, conv, slot, o.value))]
                for o in q.options]
    else:
        rows = _pairs([Button(_label(q, o.value, o.label), choose(kb, conv, slot, _value(slot, o.value)))
                       for o in q.options])
    if conv != Conv():
        rows.append(_nav(kb, conv))
    return Screen(text, rows, conv, slot)


def _nav(kb: KnowledgeBase, conv: Conv) -> list[Button]:
    return [Button(texts.button("back"), back(kb, conv)), Button(texts.button("restart"), restart())]


def _identity_rows(conv: Conv, q: Question) -> list[list[Button]]:
    default = q.context.get("default")
    ticks = [
        Button(texts.button("pick", label=o.label, picked=o.value in conv.picks), toggle(conv, o.value))
        for o in q.options
        if o.value != default
    ]
    rows = _pairs(ticks)
    plain = choose_identities(conv, ())
    rows.append([Button(texts.button("ordinary"), plain)])
    picks = tuple(p for p in conv.picks if p != default)
    if picks:
        rows.append([Button(texts.button("done", count=len(picks)), choose_identities(conv, picks))])
    return rows


def choose_identities(conv: Conv, ids: tuple[str, ...]) -> Conv:
    s = conv.situation.with_(identities=ids, unlisted=(), assumed=())
    return Conv(s)


def _date_rows(kb: KnowledgeBase, conv: Conv, slot: str, today: dt.date) -> list[list[Button]]:
    if conv.month is not None:
        y, m = conv.month
        days = [Button(texts.button("day", day=d), choose(kb, conv, slot, dt.date(y, m, d)))
                for d in range(1, days_in(conv.month) + 1)]
        return [days[i : i + 5] for i in range(0, len(days), 5)]
    rows: list[list[Button]] = []
    if slot == "paid_on":
        rows.append([Button(texts.button("today", day=today), conv, Action.TODAY)])
    months = [Button(texts.button("month", year=y, month=m), conv.with_(month=(y, m)))
              for y, m in picker_months(kb, conv.situation, slot, today)]
    rows.extend(months[i : i + 3] for i in range(0, len(months), 3))
    return rows


def _label(q: Question, value: str, label: str) -> str:
    return macro("questions.j2", "option", slot=q.slot, value=value, label=label)


def _value(slot: str, value: str) -> object:
    if slot == "newborn":
        return value == "yes"
    if slot == "tier":
        return int(value)
    return value


def _pairs(buttons: list[Button]) -> list[list[Button]]:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


# -- the answer ---------------------------------------------------------------------------


def answer_screen(kb: KnowledgeBase, conv: Conv, answer: Answer, text: str | None = None) -> Screen:
    """The answer with its buttons; ``text`` when the caller has already worded it."""
    s = conv.situation
    changes = [Button(texts.button("change", slot=slot), change(conv, slot))
               for slot in changeable_slots(kb, s)]
    rows = _pairs(changes)
    rows.append([Button(texts.button("share"), conv, Action.SHARE)])
    rows.append(_nav(kb, conv))
    return Screen(answer_text(answer) if text is None else text, rows, conv, None, answer)
