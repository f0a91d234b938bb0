"""A conversation state as a short, readable query string: every step of the web chat is a URL.

Like GOV.UK Smart Answers, the server keeps nothing: the answers so far travel in the link,
so a copied link, a bookmark, the browser's back button and any server process all see the
same step. The form reads like the Telegram deep links (bot/telegram/deeplink.py): the
region by the ASCII name of its notice file, identities by the notice's own category ids,
then one short key per answered question:

    ?r=youyang&i=dibao&t=2&p=2023-12-05

``r`` region · ``i`` identities (comma separated; the default category = an ordinary
resident) · ``n`` newborn 0/1 · ``b`` born on · ``s`` student · ``t`` tier · ``p`` paid on ·
``f`` a question being changed · ``k`` identities ticked so far · ``m`` the picker's month ·
``v`` a fingerprint of the notice the answer came from (present on links to an answer).

A household ("加一位家人") adds ``h``, the other members, each ``ids.n.b.s.t`` (the same
values as ``i n b s t`` above, an empty field for an unanswered one) joined by ``~``; ``a``
where the member the other keys describe stands among them (0: first); ``o=1`` that member
opened on its own. Region and payment date are the household's: ``r`` and ``p``.

    ?r=youyang&i=ordinary&s=none&t=1&p=2023-12-05&h=dibao...none.2&a=1

Parsing is strict: an unknown or repeated key, an unknown region or category, or a value
out of range raises ``BadLink``; the page then starts again with a polite note instead of
guessing. Links are not secret and not signed: they only hold answers anyone can change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qsl

from bot.conversation.state import FIRST_DAY, LAST_DAY, MAX_MEMBERS, Conv, current_slot
from bot.engine.situation import Situation
from bot.engine.slots import SLOTS
from bot.engine.slots import slot as slot_row
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.index import KnowledgeIndex
from bot.knowledge.record import as_data

MAX_QUERY = 2_000  # characters; longer is no link of ours
_STUDENTS = tuple(str(v) for v in slot_row("student").codes if v is not None)
_TIERS = tuple(str(t) for t in slot_row("tier").codes if t is not None)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FINGERPRINT = re.compile(r"^[0-9a-f]{4}$")
_KEYS = ("r", "i", "n", "b", "s", "t", "p", "f", "k", "m", "v", "h", "a", "o")
_OWN = ("i", "n", "b", "s", "t")  # a member's own answers, in the order ``h`` writes them


class BadLink(ValueError):
    """The query string is not one this codec writes."""


@dataclass(frozen=True)
class Opened:
    conv: Conv
    fingerprint: str | None  # what the link says its answer came from


@dataclass(frozen=True, eq=False)
class LinkCodec:
    kb: KnowledgeBase

    @cached_property
    def index(self) -> KnowledgeIndex:
        return KnowledgeIndex(self.kb)

    @cached_property
    def _regions(self) -> dict[str, str]:
        return {slug: name for name, slug in self.index.slugs.items()}

    @cached_property
    def _fingerprints(self) -> dict[int, str]:
        return {}

    def fingerprint(self, notice: Notice) -> str:
        """4 hex digits of a hash of everything the notice says: a corrected figure, date or
        clause changes it, so an old link can say its answer is now from the newer notice."""
        key = id(notice)
        found = self._fingerprints.get(key)
        if found is None:
            blob = json.dumps(as_data(notice.model), ensure_ascii=False, default=str).encode()
            found = self._fingerprints[key] = hashlib.sha256(blob).hexdigest()[:4]
        return found

    def answer_fingerprint(self, s: Situation, today: dt.date) -> str | None:
        if s.region is None:
            return None
        return self.fingerprint(self.kb.notice_for(s.region, s.paid_on or today))

    # -- writing ------------------------------------------------------------------------------

    def encode(self, conv: Conv, today: dt.date) -> str:
        """The query string (no "?") for ``conv``; "" for the start."""
        pairs = self._situation_pairs(conv.situation)
        if conv.focus is not None:
            pairs.append(("f", conv.focus))
        if conv.picks:
            pairs.append(("k", ",".join(conv.picks)))
        if conv.month is not None:
            pairs.append(("m", f"{conv.month[0]:04d}-{conv.month[1]:02d}"))
        if conv.others and conv.situation.region is not None:
            pairs.append(("h", "~".join(self._member(conv.situation.region, m) for m in conv.others)))
            pairs.append(("a", str(conv.at)))
            if conv.opened:
                pairs.append(("o", "1"))
        if conv.situation.region is not None and current_slot(self.kb, conv) is None:
            pairs.append(("v", self.answer_fingerprint(conv.situation, today) or ""))
        # No percent-encoding: every value is made of [a-z0-9_,-] (slugs, the notices' category
        # ids, slot names, ISO dates), which a query string carries as it is.
        return "&".join(f"{k}={v}" for k, v in pairs)

    def _member(self, region: str, member: Situation) -> str:
        own = dict(self._own_pairs(member.with_(region=region)))
        return ".".join(own.get(key, "") for key in _OWN)

    def _situation_pairs(self, s: Situation) -> list[tuple[str, str]]:
        if s.region is None:
            return []
        pairs = [("r", self.index.slugs[s.region]), *self._own_pairs(s)]
        if s.paid_on is not None:
            pairs.append(("p", s.paid_on.isoformat()))
        return pairs

    def _own_pairs(self, s: Situation) -> list[tuple[str, str]]:
        assert s.region is not None
        pairs = []
        if s.identities is not None:
            pairs.append(("i", ",".join(s.identities or (self.index.default_id(s.region),))))
        if s.newborn is not None:
            pairs.append(("n", "1" if s.newborn else "0"))
        if s.born_on is not None:
            pairs.append(("b", s.born_on.isoformat()))
        if s.student is not None:
            pairs.append(("s", s.student))
        if s.tier is not None:
            pairs.append(("t", str(s.tier)))
        return pairs

    # -- reading ------------------------------------------------------------------------------

    def decode(self, query: str) -> Opened:
        """The state a query string names; BadLink for anything this codec does not write."""
        if len(query) > MAX_QUERY:
            raise BadLink("too long")
        if not query:
            return Opened(Conv(), None)
        try:
            pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True, max_num_fields=len(_KEYS))
        except ValueError as exc:
            raise BadLink(str(exc)) from None
        values = dict(pairs)
        if len(values) != len(pairs) or not set(values) <= set(_KEYS):
            raise BadLink("unknown or repeated key")
        region = self._regions.get(values.pop("r", ""))
        if region is None:
            raise BadLink("no such region")
        known = self.index.categories[region]
        s = self._own(region, values).with_(region=region, paid_on=_day(values.pop("p", None)))
        others = self._others(region, values.pop("h", None))
        at = _choice(values.pop("a", None), tuple(str(n) for n in range(len(others) + 1)) if others else ())
        opened = _choice(values.pop("o", None), ("1",) if others else ()) == "1"
        focus = _choice(values.pop("f", None), SLOTS)
        picks = _ids(values.pop("k", None), known) or ()
        month = _month(values.pop("m", None))
        fingerprint = values.pop("v", None)
        if fingerprint is not None and not _FINGERPRINT.match(fingerprint):
            raise BadLink("bad fingerprint")
        if picks and focus != "identities":
            raise BadLink("ticks outside the identity question")
        conv = Conv(s, focus=focus, picks=picks, month=month, others=others, at=int(at or 0), opened=opened)
        return Opened(conv, fingerprint)

    def _own(self, region: str, values: dict[str, str]) -> Situation:
        """One person's own answers (``i n b s t``), taken out of ``values``."""
        return Situation(
            identities=self._identities(region, values.pop("i", None)),
            newborn=_yes_no(values.pop("n", None)),
            born_on=_day(values.pop("b", None)),
            student=_choice(values.pop("s", None), _STUDENTS),  # type: ignore[arg-type]
            tier=_tier(values.pop("t", None), self.kb, region),
        )

    def _others(self, region: str, text: str | None) -> tuple[Situation, ...]:
        if text is None:
            return ()
        records = text.split("~")
        if len(records) >= MAX_MEMBERS:
            raise BadLink("too many members")
        others = []
        for record in records:
            fields = record.split(".")
            if len(fields) != len(_OWN):
                raise BadLink("bad member")
            others.append(self._own(region, {k: v for k, v in zip(_OWN, fields, strict=True) if v}))
        return tuple(others)

    def _identities(self, region: str, text: str | None) -> tuple[str, ...] | None:
        ids = _ids(text, self.index.categories[region])
        if ids is None:
            return None
        default = self.index.default_id(region)
        return tuple(i for i in ids if i != default)


def _ids(text: str | None, known: list[str]) -> tuple[str, ...] | None:
    if text is None:
        return None
    ids = text.split(",")
    if not all(i in known for i in ids) or len(set(ids)) != len(ids):
        raise BadLink("unknown category")
    return tuple(ids)


def _yes_no(text: str | None) -> bool | None:
    if text is None:
        return None
    return _choice(text, ("0", "1")) == "1"


def _choice(text: str | None, allowed: tuple[str, ...]) -> str | None:
    if text is not None and text not in allowed:
        raise BadLink("value not offered")
    return text


def _tier(text: str | None, kb: KnowledgeBase, region: str) -> int | None:
    if text is None:
        return None
    offered = {t for notice in kb.regions[region].notices for t in notice.tiers}
    if text not in _TIERS or int(text) not in offered:
        raise BadLink("no such tier")
    return int(text)


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    if not _DAY.match(text):
        raise BadLink("bad date")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadLink("bad date") from None
    if not FIRST_DAY <= day < LAST_DAY:
        raise BadLink("date out of range")
    return day


def _month(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    match = _MONTH.match(text)
    if not match:
        raise BadLink("bad month")
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and FIRST_DAY.year <= year < LAST_DAY.year):
        raise BadLink("bad month")
    return year, month
