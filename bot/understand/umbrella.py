"""An umbrella word (脱贫户, 困难户) whose choice does not change the answer asked: read as the
one category the question settles, so the choice is asked only where it changes the answer."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.calculator import calculate
from bot.engine.identities import ResolvedIdentities
from bot.engine.resolve import clean
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice
from bot.understand.slots import Understood


def settled_by_question(
    kb: KnowledgeBase, u: Understood, notice: Notice, resolved: ResolvedIdentities, base: Situation
) -> ResolvedIdentities:
    """An umbrella word whose choice does not change the answer asked: "脱贫人员 还资助190不" names
    the candidate whose figure it quotes; a word with a plain reading (the notice's own group of
    that name, ``plain``) is read so when no figure is asked or other categories are named beside
    it ("特困、低保、脱贫这些 几号前交完")."""
    settled: dict[str, str] = {}  # category id → the word it was read from
    left = []
    for amb in resolved.ambiguous:
        cid = _quoted_figure(kb, u.text, [c for c, _ in amb.candidates], base) or _plain(
            notice, amb.alias, u, bool(resolved.ids))
        if cid is None:
            left.append(amb)
        else:
            settled[cid] = amb.alias
    if not settled:
        return resolved
    # in the order the text names them, as the words read directly are
    def said_at(cid: str) -> int:
        words = [settled.get(cid), *notice.category(cid).aliases]
        return min((i for w in words if w and (i := u.text.find(w)) >= 0), default=len(u.text))
    ids = sorted(dict.fromkeys([*resolved.ids, *settled]), key=said_at)
    return replace(resolved, ids=tuple(ids), ambiguous=tuple(left))


def _plain(notice: Notice, alias: str, u: Understood, beside_others: bool) -> str | None:
    plain = next((a.plain for a in notice.model.ambiguous_aliases if clean(a.alias) == alias), None)
    money = u.topic == "how_much" or u.asks_money
    return plain if plain is not None and (beside_others or not money) else None


_NUMBER = re.compile(r"\d{2,4}")


def _quoted_figure(kb: KnowledgeBase, text: str, cands: list[str], base: Situation) -> str | None:
    """The one candidate whose own subsidy the text quotes ("还资助190不")."""
    said = {int(n) for n in _NUMBER.findall(text)}
    if not said:
        return None
    hits = []
    for cid in cands:
        subsidy = calculate(kb, base.with_(identities=(cid,))).medical.subsidy
        if subsidy and subsidy in said:
            hits.append(cid)
    return hits[0] if len(hits) == 1 else None
