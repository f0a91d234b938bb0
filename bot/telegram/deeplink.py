"""Deep-link payloads: ``https://t.me/<bot>?start=<payload>`` pre-fills the answers shared.

Readable and stable across knowledge updates: ``<region>[-<category id>…][-<field>…]`` using
the region's ASCII name (from its notice file) and the notice's own category ids, e.g.
``wulumuqi-dibao``. The default category (普通居民) means "ordinary" (identities = ()).
Every other answer follows as an upper-case letter and its value, so whoever opens a shared
answer sees that answer, not the questions again: ``N0``/``N1`` newborn, ``B20230501`` birth
date, ``Snone``/``Sschool``/``Suniversity`` student, ``T2`` tier, ``P20231201`` payment date.
When the identities make it longer than 64 characters they become ``m<hex mask>``. Payloads
are not secret and not signed: they only pre-fill answers the resident can change.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from bot.engine.situation import Situation
from bot.engine.slots import slot as slot_row
from bot.knowledge.index import KnowledgeIndex

MAX_PAYLOAD = 64
_ALLOWED = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def encode(index: KnowledgeIndex, s: Situation, *, answers: bool = True) -> str:
    """``s`` as a payload; ``answers=False`` keeps only region and identities (a link for
    someone else to start from, whose other answers may differ)."""
    if s.region is None:
        return "start"
    slug = index.slugs[s.region]
    fields = _fields(s) if answers else []
    if s.identities is None:
        return "-".join([slug, *fields])
    ids = list(s.identities) or [index.default_id(s.region)]
    payload = "-".join([slug, *ids, *fields])
    if len(payload) > MAX_PAYLOAD:
        payload = "-".join([slug, f"m{index.mask(s.region, s.identities):x}", *fields])
    return payload


def decode(index: KnowledgeIndex, payload: str) -> Situation | None:
    """The situation a payload pre-fills, or None if it is not one of ours."""
    if not _ALLOWED.match(payload or ""):
        return None
    slug, *rest = payload.split("-")
    region = next((name for name, s in index.slugs.items() if s == slug), None)
    if region is None:
        return None
    words = [w for w in rest if not w[:1].isupper()]
    try:
        answers = _answers([w for w in rest if w[:1].isupper()])
    except ValueError:
        return None
    if not words:
        return Situation(region=region, **answers)  # type: ignore[arg-type]
    known = index.categories[region]
    default = index.default_id(region)
    if len(words) == 1 and words[0] not in known and re.fullmatch(r"m[0-9a-f]+", words[0]):
        try:
            ids = index.unmask(region, int(words[0][1:], 16))
        except ValueError:
            return None
    elif all(w in known for w in words):
        ids = tuple(dict.fromkeys(words))
    else:
        return None
    return Situation(region=region, identities=tuple(i for i in ids if i != default),
                     **answers)  # type: ignore[arg-type]


# Answers after region and identities: letter -> (slot, to text, from text).
_STUDENTS = tuple(str(v) for v in slot_row("student").codes if v is not None)  # as the slot table says


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y%m%d").date()


def _student(text: str) -> str:
    if text not in _STUDENTS:
        raise ValueError(text)
    return text


def _tier(text: str) -> int:
    if not text.isdigit() or len(text) > 1:
        raise ValueError(text)
    return int(text)


def _yes_no(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


_FIELDS = {
    "N": ("newborn", lambda v: "1" if v else "0", _yes_no),
    "B": ("born_on", lambda v: v.strftime("%Y%m%d"), _day),
    "S": ("student", str, _student),
    "T": ("tier", str, _tier),
    "P": ("paid_on", lambda v: v.strftime("%Y%m%d"), _day),
}


def _fields(s: Situation) -> list[str]:
    out = []
    for letter, (slot, show, _) in _FIELDS.items():
        value = getattr(s, slot)
        if value is not None:
            out.append(letter + show(value))
    return out


def _answers(tokens: list[str]) -> dict[str, object]:
    answers: dict[str, object] = {}
    for token in tokens:
        slot, _, read = _FIELDS.get(token[0], (None, None, None))
        if slot is None or read is None or slot in answers:
            raise ValueError(token)
        answers[slot] = read(token[1:])
    return answers


def link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={quote(payload)}"

