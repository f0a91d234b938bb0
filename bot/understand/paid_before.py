"""A payment already made on a day not said ("我交了医保 从哪天开始能报销"): the cover start of
each window it may have been in, not of a payment made today."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import WindowView
from bot.engine.payment import windows_started
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.members import ReadMember
from bot.understand.result import AskResult, PaidWindow, carried
from bot.understand.slots import Understood


def paid_before(
    kb: KnowledgeBase, u: Understood, situation: Situation, ids: list[str], members: list[ReadMember],
    today: dt.date,
) -> AskResult | None:
    """The windows opened by today, each with the cover it buys; None when the day does not
    matter (one window, still open, whose cover starts on a fixed day: today's answer is the
    same) or the question is another one."""
    if u.topic != "benefit_start" or not u.paid_before or u.region is None or u.newborn or u.student:
        return None
    notice = kb.notice_for(u.region, today)
    started = windows_started(notice, situation.with_(paid_on=today), today)
    if not started or (len(started) == 1 and _open_fixed(started[0][0], today)):
        return None
    found = [PaidWindow(view, notice.citation, w.source.clause) for view, w in started]
    return AskResult(u, situation, [], None, [], [], None, ids, members=members,
                     carry=carried(situation, ["paid_on"], None), paid_windows=found)


def _open_fixed(view: WindowView, today: dt.date) -> bool:
    return view.benefit_kind == "fixed" and (view.end is None or today <= view.end)
