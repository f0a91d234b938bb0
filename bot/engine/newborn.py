"""The notices' newborn rules: free in the birth year, the N days to enrol, cover from birth."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from bot.engine.answer import Contribution
from bot.engine.notes import Note
from bot.engine.said import Said
from bot.engine.situation import Situation

if TYPE_CHECKING:
    from bot.knowledge.base import Notice
    from bot.knowledge.models import Category, NewbornRule


def newborn_rule(notice: Notice) -> NewbornRule:
    rule = notice.model.newborn
    assert rule is not None  # the loader requires it of a local notice
    return rule


class Newborn(NamedTuple):
    of_year: bool  # born inside the policy year itself: the notices' newborn rules are about them
    within: bool | None  # paid within the notice's N days of birth; None: not a newborn, or no N


def newborn_status(notice: Notice, s: Situation) -> Newborn:
    assert s.paid_on is not None
    rule = newborn_rule(notice)
    period = notice.model.benefit_period
    of_year = bool(s.newborn and s.born_on and period and s.born_on >= period.start)
    within = None
    if s.newborn and s.born_on is not None and rule.within_days is not None:
        within = (s.paid_on - s.born_on).days <= rule.within_days
    return Newborn(of_year, within)


class BirthYearFree(NamedTuple):
    medical: Contribution
    said: Said


def birth_year_free(notice: Notice, born: Newborn, category: Category | None) -> BirthYearFree | None:
    """A newborn of the policy year pays nothing where the notice says so (tunliu, clause 三); None where
    that does not apply (no such rule, or several identities and no category chosen)."""
    rule = newborn_rule(notice)
    if not (born.of_year and rule.free_in_birth_year and category is not None):
        return None
    return BirthYearFree(Contribution(0, 0, 0, [], [], True),
                         Said(((notice, rule.source),), (Note("free_in_birth_year", {}),)))


def newborn_benefit_start(notice: Notice, born_on: dt.date) -> tuple[dt.date | None, Said]:
    """Cover of a newborn who enrols under the newborn rules: from birth (not before the
    policy year) where the notice says so, otherwise unknown."""
    rule = newborn_rule(notice)
    period = notice.model.benefit_period
    assert period is not None
    cite = ((notice, rule.source),)
    if rule.benefit_from_birth:
        return max(born_on, period.start), Said(cite)
    return None, Said(cite, (Note("newborn_start_not_stated", {"contact": notice.model.contacts[0].name}),))


def newborn_notes(notice: Notice, s: Situation, born: Newborn) -> tuple[Note, ...]:
    """What the newborn rules add to an open payment's cover."""
    rule = newborn_rule(notice)
    notes: list[Note] = []
    if born.within is False and born.of_year:
        notes.append(Note("newborn_after_days", {"days": rule.within_days}))
    if rule.no_waiting_period and born.within:
        notes.append(Note("no_waiting_period", {"days": rule.within_days}))
    if s.newborn and rule.note:
        notes.append(Note.text(rule.note))
    return tuple(notes)
