"""When a payment counts: the window, the days of the month, the cover it buys, the surcharge.

Each rule returns its verdict with what it cites and notes (:class:`Said`). Which verdict
wins where two speak (a late cover, a payment time the notice leaves open) is decided in
``calculator.calculate``, in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from bot.engine.answer import Contribution, WindowView
from bot.engine.newborn import Newborn, newborn_benefit_start, newborn_notes, newborn_rule
from bot.engine.notes import Note
from bot.engine.said import NOTHING, Said, said_of
from bot.engine.situation import Situation

if TYPE_CHECKING:
    from bot.knowledge.base import Notice, RegionKnowledge
    from bot.knowledge.models import BenefitPeriod, Category, LateSurcharge, Window


def first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def benefit_period_of(notice: Notice) -> BenefitPeriod:
    period = notice.model.benefit_period
    assert period is not None  # the loader requires it of a local notice
    return period


class Status(NamedTuple):
    open: bool | None  # None: the notices leave it open
    reason: str  # Answer.payment_reason


NEWBORN_REASONS = ("newborn_within_days", "newborn_free")


# --- the window and the verdict it gives -------------------------------------------------------


def windows_for(notice: Notice, s: Situation) -> list[Window]:
    """The windows open to this resident (some are only for newborns of a given year)."""
    born = s.born_on
    return [
        w
        for w in notice.model.windows
        if w.who == "everyone"
        or (w.who == "newborns_born_in_year" and born is not None and born.year == w.born_in_year)
    ]


def window_on(notice: Notice, s: Situation, day: dt.date) -> Window | None:
    """The first of the resident's windows open on ``day``."""
    for w in windows_for(notice, s):
        if w.start <= day and (w.end is None or day <= w.end):
            return w
    return None


class Deadlines(NamedTuple):
    ahead: list[WindowView]  # the resident's windows after the one shown, still open on or after the day
    passed: WindowView | None  # none ahead: the last of them, closed before the day


def _view(w: Window) -> WindowView:
    return WindowView(w.name, w.start, w.end, w.benefit_start.kind, w.benefit_start.date, w.conditional)


def deadlines_after(notice: Notice, s: Situation, shown_start: dt.date) -> Deadlines:
    """"最晚几号交": every window still to come for this resident after the one the answer
    shows (酉阳's 返乡参保期 after its 集中 one), each with its own cover; when none is left,
    the last one, so the reply can say until when the notice allowed it."""
    day = s.paid_on
    assert day is not None
    later = [w for w in windows_for(notice, s) if w.start > shown_start]
    ahead = [_view(w) for w in later if w.end is None or w.end >= day]
    closed = [w for w in later if w.end is not None and w.end < day]
    passed = _view(max(closed, key=lambda w: w.end or w.start)) if closed and not ahead else None
    return Deadlines(ahead, passed)


def windows_started(notice: Notice, s: Situation, day: dt.date) -> list[tuple[WindowView, Window]]:
    """"我交了医保，从哪天能报": the resident's windows opened by ``day``, any of which a payment
    already made, its day unsaid, may have been in."""
    return [(_view(w), w) for w in windows_for(notice, s) if w.start <= day]


class Verdict(NamedTuple):
    status: Status
    said: Said = NOTHING
    covered: bool = True  # False: the payment buys no cover in the policy year


def newborn_enrolment(notice: Notice, born: Newborn) -> Verdict | None:
    """A newborn of the policy year may pay outside the windows: within the notice's N days
    of birth, or at any time where the birth year is free."""
    rule = newborn_rule(notice)
    if born.of_year and born.within and rule.enrol_any_day_within_days:
        return Verdict(Status(True, "newborn_within_days"), Said(((notice, rule.source),)))
    if born.of_year and rule.free_in_birth_year:
        return Verdict(Status(True, "newborn_free"))
    return None


def outside_windows(notice: Notice, day: dt.date) -> Verdict:
    """No window is open on ``day``: collection has not begun, or it is over (naming the
    catch-up windows still ahead, which some residents may use)."""
    if day < notice.first_day:
        return Verdict(Status(False, "before_start"),
                       Said(notes=(Note("before_start", {"start": notice.first_day}),)), covered=False)
    catch_up = [w for w in notice.model.windows if w.who != "everyone" and day <= (w.end or day)]
    note = Note("closed", {"contact": notice.model.contacts[0].name, "catch_up": [w.name for w in catch_up]})
    return Verdict(Status(False, "closed"), Said(notes=(note,)), covered=False)


def end_not_stated(window: Window, day: dt.date) -> Verdict | None:
    """Past the last day we know a window without a stated end is open."""
    if window.end is None and window.surely_open_until and day > window.surely_open_until:
        return Verdict(Status(None, "end_not_stated"), Said(notes=(Note.text(window.end_note or ""),)))
    return None


def off_day_of_month(notice: Notice, window: Window, day: dt.date) -> Verdict | None:
    """A window open only on some days of each month (tunliu: days 1-25), on another day: names the
    next open day while the window lasts."""
    days = window.days_of_month
    if not days or days.first <= day.day <= days.last:
        return None
    nxt = first_of_next_month(day).replace(day=days.first)
    note = Note("day_of_month", {"first": days.first, "last": days.last,
                                 "next": nxt if window.end is None or nxt <= window.end else None})
    return Verdict(Status(False, "day_of_month"), Said(((notice, window.source),), (note,)))


IN_WINDOW = Verdict(Status(True, "in_window"))


def window_verdict(notice: Notice, day: dt.date, window: Window | None, born: Newborn) -> Verdict:
    """Whether a payment on ``day`` counts, as far as the windows and newborn rules decide.

    First match wins: the newborn rules open payment whatever the window says.
    """
    newborn = newborn_enrolment(notice, born)
    if newborn is not None:
        return newborn
    if window is None:
        return outside_windows(notice, day)
    return end_not_stated(window, day) or off_day_of_month(notice, window, day) or IN_WINDOW


def window_said(notice: Notice, window: Window, status: Status) -> Said:
    """The window's clause and what it leaves conditional or open."""
    notes = [Note.text(t) for t in (window.conditional, window.note) if t]
    if window.end is None and status.reason == "in_window" and window.end_note:
        notes.append(Note.text(window.end_note))
    return Said(((notice, window.source),), tuple(notes))


class Payment(NamedTuple):
    status: Status
    window: Window | None  # the window whose rules apply; None outside every window, or stale
    shown: Window  # the window the answer names: the one paid in, else the collection period
    benefit_end: dt.date | None  # the end of cover as far as the window decides
    said: Said


def stale_note(region: RegionKnowledge, notice: Notice, paid_on: dt.date) -> Note:
    """A payment past every policy year on file: say which years we know, and whom to ask."""
    return Note("stale", {"years": region.policy_years(), "paid_on": paid_on,
                          "contact": notice.model.contacts[0].name})


def payment_status(notice: Notice, s: Situation, born: Newborn, stale: bool) -> Payment:
    assert s.paid_on is not None
    period = benefit_period_of(notice)
    window = window_on(notice, s, s.paid_on)
    collection = next((w for w in notice.model.windows if w.is_collection), notice.model.windows[0])
    shown = window or collection
    said = Said(((notice, period.source),), (Note.text(period.note),) if period.note else ())
    if stale:
        # past every policy year on file: no window of an old year applies (calculate leads with the note)
        return Payment(Status(False, "stale"), None, shown, None, said)
    verdict = window_verdict(notice, s.paid_on, window, born)
    said = said_of(said, verdict, window_said(notice, window, verdict.status) if window else None)
    return Payment(verdict.status, window, shown, period.end if verdict.covered else None, said)


# --- the cover a payment buys -----------------------------------------------------------------


def benefit_start(window: Window | None, paid_on: dt.date) -> tuple[dt.date | None, Said]:
    """The first day of cover by the window's rule; None (with its note) where it is not stated."""
    rule = window.benefit_start if window else None
    if rule is None:
        return None, NOTHING
    if rule.kind == "fixed":
        return rule.date, NOTHING
    if rule.kind == "next_month":
        return first_of_next_month(paid_on), NOTHING
    if rule.kind == "next_day":
        return paid_on + dt.timedelta(days=1), NOTHING
    if rule.either:  # the cover start each outcome gives this payment day
        choices = [(c.when, c.date if c.date else first_of_next_month(paid_on) if c.kind == "next_month"
                    else paid_on + dt.timedelta(days=1)) for c in rule.either]
        return None, Said(notes=(Note("benefit_either", {"choices": choices}),))
    return None, Said(notes=(Note.text(rule.note),) if rule.note else ())


class Cover(NamedTuple):
    start: dt.date | None
    end: dt.date | None
    too_late: bool  # cover would begin after the policy year ends: the payment buys nothing
    said: Said


def benefit_period(notice: Notice, s: Situation, payment: Payment, born: Newborn) -> Cover:
    """The cover an open payment buys: from the newborn rules or the window's start rule, to
    the end of the policy year."""
    assert s.paid_on is not None
    if payment.status.reason in NEWBORN_REASONS and s.born_on is not None:
        start, said = newborn_benefit_start(notice, s.born_on)
    else:
        start, said = benefit_start(payment.window, s.paid_on)
    end = benefit_period_of(notice).end
    too_late = start is not None and start > end
    late = (Note("too_late_in_year", {"end": end}),) if too_late else ()
    said = Said(said.sources, (*said.notes, *late, *newborn_notes(notice, s, born)))
    return Cover(None if too_late else start, None if too_late else end, too_late, said)


TOO_LATE = Status(False, "too_late_in_year")  # cover would begin after the policy year ends


def benefit_dates(
    payment: Payment, cover: Cover | None, status: Status
) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of cover as the answer gives them: no end for a payment that does not count."""
    start, end = (cover.start, cover.end) if cover else (None, payment.benefit_end)
    return start, end if status.open is not False else None


# --- what the notice leaves open, and the late surcharge ---------------------------------------


def time_not_stated(category: Category | None) -> Verdict | None:
    """The notice leaves this category's payment time to a later announcement (wulateqianqi:
    dibao-only households): the answer cannot say whether a payment counts."""
    if category is not None and category.payment_time_note:
        return Verdict(Status(None, "time_not_stated"), Said(notes=(Note.text(category.payment_time_note),)))
    return None


def surcharge_exempt(surcharge: LateSurcharge, born: Newborn, category: Category | None) -> bool:
    """Newborns of the year and medical-assistance categories, where the notice exempts them."""
    return bool((surcharge.exempt_newborns and born.of_year) or (
        surcharge.exempt_medical_assistance and category is not None and category.medical_assistance
    ))


class Surcharge(NamedTuple):
    medical: Contribution  # the medical figures after the surcharge
    said: Said


def late_surcharge(
    notice: Notice,
    window: Window | None,
    paid_on: dt.date,
    payment_open: bool | None,
    born: Newborn,
    category: Category | None,
    medical: Contribution,
) -> Surcharge | None:
    """A window's surcharge after a date (wulumuqi, clause 一（五）): the personal part becomes the
    standard plus subsidies the notice does not give, so unknown; newborns of the year and
    medical-assistance categories are exempt where the notice says so. None: no surcharge."""
    surcharge = window.surcharge if window else None
    if surcharge is None or paid_on <= surcharge.after or payment_open is False:
        return None
    cite = ((notice, surcharge.source),)
    if surcharge_exempt(surcharge, born, category):
        return Surcharge(medical, Said(cite, (Note("surcharge_exempt", {"after": surcharge.after}),)))
    if medical.personal is None and category is not None:
        return Surcharge(medical, Said(cite))  # already unknown: nothing more to say
    unknown = Contribution(None, None, None, medical.subsidy_payers, medical.subsidy_split,
                           medical.payers_stated)
    return Surcharge(unknown, Said(cite, (Note.text(surcharge.note),)))
