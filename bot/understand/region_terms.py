"""A question naming no place, but a term only one notice on file has: the region is taken from
it and the reply says so ("只有乌鲁木齐市的通知有长期护理保险，先按乌鲁木齐市算"). The terms come
from the notices: a category word only one notice lists, a component only one notice has
(cues.yaml ``region_components``: its words), tiers only one notice has. A word several notices
list (低保, 特困) never picks a region, nor an ordinary resident's local name (农牧民, 牧民)."""

from __future__ import annotations

import datetime as dt
import re

from bot.engine.notes import InputError
from bot.engine.resolve import NotListed, resolve_identity
from bot.knowledge.base import KnowledgeBase
from bot.understand.situated import only_tiered_region
from bot.understand.slots import CUES, Understood

_STUDY = "|".join(map(re.escape, CUES["studies_at"]))


def region_from_terms(kb: KnowledgeBase, u: Understood, today: dt.date) -> None:
    """Set ``u.region`` (and ``u.region_term``: kind, word) when a term names one region."""
    if (studied := _studies_under_province(u)) is not None:
        u.region, u.region_term = studied[0], (studied[1], studied[2])
        return  # "乌鲁木齐人在重庆读大二": where the student studies is asked about; home is context
    if u.region is not None or u.wide_region is not None or u.lookalike is not None:
        return
    found = _by_province_rule(u)
    if found is None and not _names_elsewhere(kb, u.text):
        only_tiered_region(kb, u, today)
        if u.region is not None:
            return
        day = u.paid_on or today
        found = _by_category(kb, u, day) or _by_component(kb, u.text, day)
    if found is not None:
        u.region, u.region_term = found[0], (found[1], found[2])


def _names_elsewhere(kb: KnowledgeBase, text: str) -> bool:
    """A place or a province named (a work place, "重庆…"), or another product (养老保险): the
    term is no sign of which notice is meant."""
    return (any(p in text for p in CUES["provinces"]) or any(w in text for w in CUES["off_topic"])
            or any(w in text for w in kb.region_alias_index()))


def _by_province_rule(u: Understood) -> tuple[str, str, str] | None:
    """"娃在重庆读大学 交了啥时候能用": a rule of the province a local notice quotes (cues.yaml
    ``province_rules_quoted``) answers what it says; an amount stays the county's to ask."""
    if u.asks_money:
        return None
    for rule in CUES["province_rules_quoted"]:
        if u.student == rule["student"] and any(w in u.text for w in rule["words"]):
            u.topic = "student"  # that notice's student facts: the rule as it quotes it
            return rule["region"], "province", rule["province"]
    return None


def _studies_under_province(u: Understood) -> tuple[str, str, str] | None:
    """A university student who says they study in a province whose rule a local notice quotes
    ("在重庆读大二"), whatever other place they come from: that rule, not the home place's."""
    if u.asks_money or u.wide_region is not None or u.lookalike is not None:
        return None
    for rule in CUES["province_rules_quoted"]:
        said = any(re.search(f"在{re.escape(w)}.{{0,4}}?(?:{_STUDY})", u.text) for w in rule["words"])
        if u.student == rule["student"] and said and u.region != rule["region"]:
            u.topic = "student"
            return rule["region"], "province", rule["province"]
    return None


def _listing(kb: KnowledgeBase, word: str, day: dt.date) -> list[str]:
    """The regions whose notice lists ``word`` for a category other than an ordinary resident."""
    out = []
    for region in kb.regions:
        notice = kb.notice_for(region, day)
        try:
            found = resolve_identity(kb, region, word, day)
        except InputError:
            continue
        if isinstance(found, NotListed) or found == notice.default_category.id:
            continue
        out.append(region)
    return out


def _by_category(kb: KnowledgeBase, u: Understood, day: dt.date) -> tuple[str, str, str] | None:
    """Every category word listed by one notice only names the same region."""
    picked: dict[str, str] = {}
    for word in u.identity_words:
        national = any(w in word for w in CUES["region_terms_never"])
        regions = [] if national else _listing(kb, word, day)
        if len(regions) == 1:
            picked[word] = regions[0]
    if len(set(picked.values())) != 1:
        return None
    word, region = next(iter(picked.items()))
    return region, "category", word


def _by_component(kb: KnowledgeBase, text: str, day: dt.date) -> tuple[str, str, str] | None:
    """A component only one notice has (长期护理保险), named by one of its words."""
    for part, cue in CUES["region_components"].items():
        if not any(w in text for w in cue["words"]):
            continue
        having = [r for r in kb.regions if getattr(kb.notice_for(r, day).model, part, None)]
        if len(having) == 1:
            return having[0], "component", cue["name"]
    return None
