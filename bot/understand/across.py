"""A question naming no region whose answer does not need one: "交了明年几号开始能用" is answered
with each notice's own cover start, cited, rather than with a question back, where every notice
takes a payment on the day and starts cover on a day it names (cues.yaml
``every_notice_that_speaks``). A notice that names only the year (屯留's 解读) is said to; a
day on which the notices differ in kind (one takes no payment, another starts cover the month
after) still asks the region."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.engine.payment import window_on, windows_started
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice
from bot.understand.members import ReadMember, people
from bot.understand.result import AskResult, RegionCover, carried
from bot.understand.slots import CUES, Understood

if TYPE_CHECKING:  # the model's shape only: loading pydantic's models costs the CLI ~90 ms
    from bot.knowledge.models import Window

_ORDINARY = Situation(identities=(), newborn=False, student="none")


def across(
    kb: KnowledgeBase, u: Understood, situation: Situation, ids: list[str], members: list[ReadMember],
    today: dt.date,
) -> AskResult | None:
    """Each notice's cover start for a payment on the day (today, or the day said), or None
    where the region is still to ask."""
    if not _asked_of_everyone(u, members):
        return None
    day = u.paid_on or today
    covers = [_cover(kb.notice_for(name, day), kb.regions[name].short_name, day, u.paid_before)
              for name in kb.regions]
    if any(c is None for c in covers):
        return None
    found = [c for c in covers if c is not None]
    return AskResult(u, situation, [], None, [], identity_ids=ids, members=members,
                     carry=carried(situation, ["region"], None), covers=found)


def _asked_of_everyone(u: Understood, members: list[ReadMember]) -> bool:
    """An ordinary resident's cover start, no region, province or look-alike place named."""
    if u.topic != "benefit_start" or u.topic not in CUES["every_notice_that_speaks"]:
        return False
    if u.region is not None or u.wide_region is not None or u.lookalike is not None:
        return False
    if any(w in u.text for w in CUES["across_cover_not_when"]):
        return False  # "过了集中期再交", "断缴了…有等待期不": not the collection window's cover
    someone = u.identity_words or u.newborn or u.student or u.born_on or u.tier or people(members) > 1
    return not someone


def _cover(notice: Notice, place: str, day: dt.date, paid_before: bool) -> RegionCover | None:
    """The notice's cover start for a payment on ``day`` (paid already: in the one window opened
    by then, still open); None where it depends on more than the day."""
    window = _the_window(notice, day, paid_before)
    if window is None or window.benefit_start.kind != "fixed" or window.benefit_start.date is None:
        return None
    period = notice.model.benefit_period
    assert period is not None  # the loader requires it of a local notice
    source = period.source if window.benefit_start.date == period.start else window.source
    contact = notice.model.contacts[0].name
    return RegionCover(place, window.name, window.start, window.end, window.benefit_start.date,
                       period.stated, period.note, contact, notice.citation, source.clause)


def _the_window(notice: Notice, day: dt.date, paid_before: bool) -> Window | None:
    window = window_on(notice, _ORDINARY, day)
    if window is None:
        return None
    if paid_before and len(windows_started(notice, _ORDINARY, day)) > 1:
        return None  # paid in an earlier window, maybe: its cover may differ
    days = window.days_of_month
    if not paid_before and days is not None and not days.first <= day.day <= days.last:
        return None  # no payment taken that day (屯留: days 1-25 only)
    return window
