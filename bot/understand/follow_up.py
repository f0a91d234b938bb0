"""A follow-up to an answer ("那乌拉特前旗呢", "二档呢"): what it says changes, the rest of the
question comes from the answer it follows."""

from __future__ import annotations

import datetime as dt

from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.slots import Understood


def follow_up(kb: KnowledgeBase, u: Understood, context: Situation | None, today: dt.date) -> None:
    """Fill ``u`` from ``context`` (the answer it follows up) where the text says nothing.
    Identities move to another region by the names the notice gives them, so the new
    region's own categories are used."""
    if context is None or context.region is None:
        return
    same_region = u.region in (None, context.region)
    u.region = u.region or context.region
    if not (u.identity_words or u.ordinary) and context.identities is not None:
        _carry_identities(kb, u, context, same_region, today)
    if same_region and u.tier is None:
        u.tier = context.tier
    u.paid_on = u.paid_on or context.paid_on
    _carry_person(u, context)


def _carry_identities(
    kb: KnowledgeBase, u: Understood, context: Situation, same_region: bool, today: dt.date
) -> None:
    """The categories answered, by the names the earlier notice gives them (a category that
    notice does not list is dropped; in another region, none named means none)."""
    assert context.region is not None and context.identities is not None
    old = kb.notice_for(context.region, context.paid_on or today)
    known = {c.id for c in old.model.categories}
    names = [old.category(i).name for i in context.identities if i in known]
    u.identity_words = names if names or same_region else []
    u.ordinary = not context.identities


def _carry_person(u: Understood, context: Situation) -> None:
    """A newborn or a student answered stays one, unless the text says otherwise."""
    if u.newborn is None and context.newborn:
        u.newborn, u.born_on = True, u.born_on or context.born_on
    if u.student is None and context.student not in (None, "none"):
        u.student = context.student
