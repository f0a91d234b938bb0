"""A question about a province whose region-wide rules are on file (新疆: 新医保发〔2024〕48号),
naming no region of ours: the rules answer what they say; amounts are the place's own notice's."""

from __future__ import annotations

import datetime as dt
import re

from bot.engine.answer import FactView
from bot.engine.calculator import wide_facts_for, wide_multiple_identities, wide_rules
from bot.knowledge.base import KnowledgeBase
from bot.understand.result import WideReply
from bot.understand.slots import CUES, Understood

# (the facts quoted, whether an amount was asked of a place not on file, the policy year not on file)
_Chosen = tuple[list[FactView], bool, int | None]


def wide(kb: KnowledgeBase, u: Understood, today: dt.date) -> tuple[WideReply, list[FactView]] | None:
    """No region of ours named but a province whose region-wide rules are on file, or a place
    in it: the rules' facts on the topic, or that they are silent on it. An amount is the
    place's own notice's: asked of a named place, the reply says that notice is not on file
    and what the rules say in general; asked of the province alone, the city is asked (None)."""
    if u.region is not None or u.wide_region is None:
        return None
    name = u.wide_region
    chosen = _chosen(kb, u, name)
    if chosen is None:
        return None
    facts, amounts, missing_year = chosen
    return _reply(kb, u, name, today, facts, amounts, missing_year), facts


def _chosen(kb: KnowledgeBase, u: Understood, name: str) -> _Chosen | None:
    if u.asks_money or u.topic == "how_much":
        return _on_money(kb, u, name)
    if u.topic == "unknown":
        return None
    facts = wide_facts_for(kb, name, u.topic)
    if u.identity_words and u.topic in ("deadline", "registration"):
        # "过了缴费期才评上低保": the rules' timing for a subsidised person is their identity-change rule
        facts += [f for f in wide_facts_for(kb, name, "identity_change") if f not in facts]
    return facts, False, None


def _on_money(kb: KnowledgeBase, u: Understood, name: str) -> _Chosen | None:
    """An amount asked: what the rules themselves say of it, or None where a city must be asked."""
    if len(u.identity_words) > 1 and (several := wide_multiple_identities(kb, name)):
        return several, False, None  # "又是低保又是监测户 按哪个算"
    if _other_province(u.text, name):  # "人在甘肃参保"
        return [f for f in wide_facts_for(kb, name, "cross_region") if f.stated], False, None
    # "全区…各地一样不", "48号文里…交多少": what the region-wide rules themselves set
    rules_words = (*CUES["province_wide"], *CUES["wide_rule_terms"])  # "全区…", "定额资助的…"
    province_wide = u.wide_document or any(w in u.text for w in rules_words)
    missing_year = year_not_on_file(kb, u.text, name)
    if u.wide_place is None and not province_wide and missing_year is None:
        return None  # an amount is a city's: ask which
    facts = [f for f in wide_facts_for(kb, name, "how_to_pay") if f.stated]
    if u.wide_place is None:  # how the amounts are set: by the place that recognised the person
        facts = [*wide_facts_for(kb, name, "cross_region"), *facts]
    return facts, True, missing_year


def _reply(
    kb: KnowledgeBase, u: Understood, name: str, today: dt.date, facts: list[FactView], amounts: bool,
    missing_year: int | None,
) -> WideReply:
    rules = wide_rules(kb, name)
    starts = [n.model.notice.effective_from for n in rules if n.model.notice.effective_from]
    day = u.paid_on or today
    return WideReply(
        province=name,
        place=u.wide_place,
        in_force_from=min(starts) if starts and day < min(starts) else None,
        silent=not facts,
        amounts=amounts,
        contacts=[c.name for n in rules for c in n.model.contacts],
        local=kb.wide_region_names().get(name, []),
        notices=[n.citation for n in rules],
        year_not_on_file=missing_year,
        latest_year=_latest_local_year(kb, name),
    )


_YEAR = re.compile(r"(20\d\d)年")


def _latest_local_year(kb: KnowledgeBase, province: str) -> int | None:
    years = [n.policy_year for r in kb.wide_region_names().get(province, []) for n in kb.regions[r].notices]
    return max(years) if years else None


def year_not_on_file(kb: KnowledgeBase, text: str, province: str) -> int | None:
    """"新疆2025年个人交多少": a policy year no local notice under the province covers. Asking
    which city would not help: none of them has that year's amount on file, and the rules set none."""
    latest = _latest_local_year(kb, province)
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if latest is not None and years and max(years) > latest else None


def _other_province(text: str, province: str) -> bool:
    """Another province than ``province`` named: someone recognised in one, insured in the other."""
    return any(p in text and not province.startswith(p) for p in CUES["provinces"])
