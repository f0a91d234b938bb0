"""When to remind someone of a payment deadline: pure dates, no database, no Telegram.

``plan(kb, s, now)`` picks the window the plan is about and the days worth a reminder, all
at 10:00 Beijing time (the notices' time), returned as aware UTC datetimes. Every verdict on
whether a payment on some day counts, what it costs and when its cover starts is the
engine's own (``calculate``, ``window_on``, ``windows_for``); this module only chooses which
days to ask it about.

The window: the one open for this person on Beijing's date of ``now`` (the engine's
``window_on``, newborn-only windows included), else the next to open. Decisions where the
notices leave room, made here once:

- **A conditional window is never a deadline.** 乌鲁木齐's extension to 2024-01-31 holds only
  where the district filed it (一（一）): it is skipped when choosing the window, so the
  reminders go before the certain end (2023-12-31) and its wording names the extension as
  conditional. A person inside the extension month gets the plan of the window after it
  (late payment), without an "opens" reminder, since paying is possible already.
- **The deadline is the last day a payment still counts**, asked of the engine: the window's
  stated end (屯留 12-25), or, where cover starts the month after paying, the last day that
  still buys cover in the policy year (乌鲁木齐 late payment: 2024-11-30; the notice states no
  end for it and its cover ends 12-31). A window without a stated end (乌拉特前旗) is planned
  to ``surely_open_until`` (2023-12-31, the last day cover from 2024-01-01 is sure) and
  worded as "the notice gives no deadline".
- **Reminders**: 7 days and 1 day before the deadline (``week_before``, ``day_before``); for a
  window open only on some days of the month (屯留 1–25), ``MONTH_DAYS_LEAD`` days before each
  month's last open day before the deadline (``month_days_end``); before a price rise inside
  the window that applies to this person (乌鲁木齐 after 2024-06-30; the engine decides who is
  exempt), 7 days and 1 day before (``surcharge_soon``); for a newborn whose notice lets them
  enrol within N days of birth with other cover, 7 days and 1 day before day N, when the
  engine's answer changes after it (``newborn_days_end``); and on the first day of a window not
  yet open (``opens``). Only reminders still ahead of ``now`` are kept.
- **One window per plan.** After its deadline a later window may still take payments (酉阳's
  返乡参保期, cover from the next month): the reminders' wording says so, but no reminder is
  planned inside it; asking again then plans it. Month ends inside a next-month-cover window
  are not reminded (up to ten messages a year); the wording states the rule.
- **No plan** (empty, with ``reason``): ``no_region`` (none or unknown), ``invalid`` (the
  situation does not fit the notice), ``not_applicable`` (the notice puts them outside
  resident insurance), ``time_not_stated`` (the notice leaves their payment time to a later
  announcement), ``newborn_free`` (the birth year is free: no deadline to remind),
  ``no_stated_end`` (past the last day a window without stated end is surely open),
  ``no_open_window`` (no window open or coming, the policy year on file included), and
  ``too_close`` (a window is open but every reminder time has passed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.clock import BEIJING
from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.engine.payment import window_on, windows_for
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.models import Window

REMIND_AT = dt.time(10, 0)
BEFORE_DEADLINE = (("week_before", 7), ("day_before", 1))
BEFORE_EDGE = (7, 1)  # days before a price rise or a newborn's last day
MONTH_DAYS_LEAD = 2  # days before a month's last open day (屯留: the 23rd, for the 25th)
NEWBORN_RULE = "newborn"  # window_id of a plan about the newborn rule alone (no window applies)


@dataclass(frozen=True)
class Planned:
    kind: str  # week_before, day_before, month_days_end, surcharge_soon, newborn_days_end, opens
    due_at: dt.datetime  # aware, UTC
    deadline: dt.date  # the day the reminder warns about
    window_id: str


@dataclass(frozen=True)
class Plan:
    reminders: tuple[Planned, ...]  # only future ones (due_at > now), sorted by due_at
    window_id: str | None  # the window the plan is about
    reason: str | None  # when reminders is empty: a key saying why
    deadline: dt.date | None = None  # the window's last counting day, when there is one


def beijing_date(now: dt.datetime) -> dt.date:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(BEIJING).date()


def due_at(day: dt.date) -> dt.datetime:
    """10:00 Beijing time on ``day``, in UTC."""
    return dt.datetime.combine(day, REMIND_AT, tzinfo=BEIJING).astimezone(dt.UTC)


def _answer(kb: KnowledgeBase, s: Situation, day: dt.date) -> Answer:
    return calculate(kb, s.with_(paid_on=day))


def _counts(kb: KnowledgeBase, s: Situation, day: dt.date) -> bool:
    return _answer(kb, s, day).payment_open is True


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    for n in range((last - first).days + 1):
        yield first + dt.timedelta(days=n)


def last_counting_day(kb: KnowledgeBase, s: Situation, window: Window, today: dt.date) -> dt.date | None:
    """The window's last day (from ``today``) on which the engine says a payment counts."""
    end = window.end or window.surely_open_until
    if end is None or end < today:
        return None
    days = list(_days(max(today, window.start), end))
    return next((d for d in reversed(days) if _counts(kb, s, d)), None)


def following_windows(notice: Notice, s: Situation, window: Window) -> list[Window]:
    """This person's windows that begin after ``window`` ends, in order (conditional ones too)."""
    end = window.end or window.surely_open_until or window.start
    return sorted((w for w in windows_for(notice, s) if w.start > end), key=lambda w: w.start)


def choose_window(notice: Notice, s: Situation, today: dt.date) -> tuple[Window | None, bool]:
    """The window the plan is about and whether paying is possible today already (so no
    "opens" reminder): the open one unless conditional, else the next certain one."""
    current = window_on(notice, s, today)
    if current is not None and not current.conditional:
        return current, True
    later = sorted((w for w in windows_for(notice, s) if w.start > today and not w.conditional),
                   key=lambda w: w.start)
    return (later[0] if later else None), current is not None


def _at(kind: str, day: dt.date, deadline: dt.date, window_id: str) -> Planned:
    return Planned(kind, due_at(day), deadline, window_id)


def month_days_reminders(
    kb: KnowledgeBase, s: Situation, window: Window, today: dt.date, deadline: dt.date
) -> Iterator[Planned]:
    """Before each month's last open day up to the deadline (屯留: the 25th), where the engine
    confirms that the next day does not take payments."""
    days = window.days_of_month
    if days is None:
        return
    month = max(today, window.start).replace(day=1)
    while month < deadline:
        edge = month.replace(day=days.last)
        if today <= edge < deadline and not _counts(kb, s, edge + dt.timedelta(days=1)):
            yield _at("month_days_end", edge - dt.timedelta(days=MONTH_DAYS_LEAD), edge, window.id)
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def price(a: Answer) -> tuple[object, ...]:
    return (a.payment_open, a.total_personal, a.medical.personal)


def price_and_cover(a: Answer) -> tuple[object, ...]:
    return (*price(a), a.benefit_start)


def changes_after(kb: KnowledgeBase, s: Situation, edge: dt.date,
                  what: Callable[[Answer], tuple[object, ...]]) -> bool:
    """Whether paying the day after ``edge`` gives another ``what`` than paying on it."""
    return what(_answer(kb, s, edge)) != what(_answer(kb, s, edge + dt.timedelta(days=1)))


def _before(kind: str, edge: dt.date, window_id: str) -> Iterator[Planned]:
    for days in BEFORE_EDGE:
        yield _at(kind, edge - dt.timedelta(days=days), edge, window_id)


def surcharge_reminders(
    kb: KnowledgeBase, s: Situation, window: Window, today: dt.date, deadline: dt.date
) -> Iterator[Planned]:
    surcharge = window.surcharge
    if surcharge is not None and today <= surcharge.after < deadline \
            and changes_after(kb, s, surcharge.after, price):
        yield from _before("surcharge_soon", surcharge.after, window.id)


def newborn_edge(kb: KnowledgeBase, s: Situation, notice: Notice, today: dt.date) -> dt.date | None:
    """A newborn's last day within the notice's N days, when paying after it changes the answer."""
    rule = notice.model.newborn
    if not (s.newborn and s.born_on and rule and rule.within_days is not None):
        return None
    edge = s.born_on + dt.timedelta(days=rule.within_days)
    return edge if edge >= today and changes_after(kb, s, edge, price_and_cover) else None


def window_reminders(
    kb: KnowledgeBase, s: Situation, notice: Notice, window: Window, today: dt.date, open_now: bool
) -> list[Planned] | None:
    """Every reminder for ``window`` (past ones included); None when no day in it counts."""
    deadline = last_counting_day(kb, s, window, today)
    if deadline is None:
        return None
    found = [_at(kind, deadline - dt.timedelta(days=days), deadline, window.id)
             for kind, days in BEFORE_DEADLINE]
    if window.start > today and not open_now:
        found.append(_at("opens", window.start, window.start, window.id))
    found += month_days_reminders(kb, s, window, today, deadline)
    found += surcharge_reminders(kb, s, window, today, deadline)
    edge = newborn_edge(kb, s, notice, today)
    if edge is not None and edge < deadline:
        found += _before("newborn_days_end", edge, window.id)
    return found


def _future(found: Iterable[Planned], now: dt.datetime) -> tuple[Planned, ...]:
    return tuple(sorted({p for p in found if p.due_at > now}, key=lambda p: (p.due_at, p.kind)))


def _refusal(kb: KnowledgeBase, s: Situation, today: dt.date) -> str | None:
    """Why no reminder can be planned whatever the windows say, from today's answer."""
    if s.region is None or s.region not in kb.regions:
        return "no_region"
    try:
        answer = _answer(kb, s, today)
    except InputError:
        return "invalid"
    if any(n.code == "not_applicable" for n in answer.notes):
        return "not_applicable"
    if answer.stale:
        return "no_open_window"
    if answer.payment_reason in ("time_not_stated", "newborn_free"):
        return answer.payment_reason
    return None


def _without_window(kb: KnowledgeBase, s: Situation, notice: Notice, today: dt.date,
                    now: dt.datetime) -> Plan:
    """No window to plan on: a newborn may still have the notice's N days; a window without
    stated end may be past its sure days; otherwise nothing is open or coming."""
    edge = newborn_edge(kb, s, notice, today)
    if edge is not None:
        found = _future(_before("newborn_days_end", edge, NEWBORN_RULE), now)
        return Plan(found, NEWBORN_RULE, None if found else "too_close", edge)
    current = window_on(notice, s, today)
    if current is not None and current.end is None:
        return Plan((), current.id, "no_stated_end")
    return Plan((), None, "no_open_window")


def plan(kb: KnowledgeBase, s: Situation, now: dt.datetime) -> Plan:
    """The reminders for ``s`` from ``now`` on (see the module's docstring)."""
    today = beijing_date(now)
    refused = _refusal(kb, s, today)
    if refused is not None:
        return Plan((), None, refused)
    assert s.region is not None
    notice = kb.notice_for(s.region, today)
    window, open_now = choose_window(notice, s, today)
    while window is not None:
        found = window_reminders(kb, s, notice, window, today, open_now)
        if found is not None:
            future = _future(found, now)
            deadline = found[0].deadline  # week_before's: the window's last counting day
            return Plan(future, window.id, None if future else "too_close", deadline)
        nxt = [w for w in following_windows(notice, s, window) if not w.conditional]
        window = nxt[0] if nxt else None
    return _without_window(kb, s, notice, today, now)


def plan_all(kb: KnowledgeBase, members: Sequence[Situation], now: dt.datetime) -> Plan:
    """One plan for a household (region and payment date shared): every member's reminders,
    each (kind, moment) once; a newborn's N days come in beside the window's end."""
    plans = [plan(kb, m, now) for m in members]
    if len(plans) == 1:
        return plans[0]
    found: dict[tuple[str, dt.datetime], Planned] = {}
    for p in plans:
        for r in p.reminders:
            found.setdefault((r.kind, r.due_at), r)
    lead = next((p for p in plans if p.reminders), plans[0])
    reminders = tuple(sorted(found.values(), key=lambda r: (r.due_at, r.kind)))
    return Plan(reminders, lead.window_id, None if reminders else lead.reason, lead.deadline)


def remindable(kb: KnowledgeBase, s: Situation, today: dt.date) -> bool:
    """Whether to offer a reminder under an answer: a certain window open or coming for this
    person (or a newborn's N days). Cheap: no plan is made; a press makes it, and says so when
    every reminder time has already passed."""
    if _refusal(kb, s, today) is not None:
        return False
    assert s.region is not None
    notice = kb.notice_for(s.region, today)
    window, _ = choose_window(notice, s, today)
    return window is not None or newborn_edge(kb, s, notice, today) is not None
