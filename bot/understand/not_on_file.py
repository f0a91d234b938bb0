"""Questions no local notice answers: nothing the assistant covers, a place that only looks
like one of ours (乌拉特后旗), or a province whose region-wide rules answer (新疆, 伊犁)."""

from __future__ import annotations

import datetime as dt

from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.region_wide import wide
from bot.understand.result import AskResult, carried
from bot.understand.slots import Understood


def not_ours(
    kb: KnowledgeBase, u: Understood, situation: Situation, ids: list[str], today: dt.date
) -> AskResult | None:
    """The reply to such a question; None: a local question."""
    if u.topic == "unknown" and (u.off_topic or u.chatter or u.admin_service or not u.anything()):
        return AskResult(u, situation, ["region"], None, [], identity_ids=ids, unknown=True,
                         carry=carried(situation, ["region"], None))
    if u.region is None and u.lookalike is not None and u.wide_region is None:
        # "乌拉特后旗…": not 乌拉特前旗, and its notice is not on file: say so, never the neighbour's figures
        return AskResult(u, situation, [], None, [], identity_ids=ids, carry=carried(situation, [], None),
                         elsewhere=u.lookalike)
    found = wide(kb, u, today)  # "新疆这边…", "伊犁…": the province's rules hold wherever one lives there
    if found is not None:
        return AskResult(u, situation, [], None, found[1], identity_ids=ids,
                         carry=carried(situation, [], None), wide=found[0])
    return None
