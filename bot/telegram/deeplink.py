"""Deep-link payloads: ``https://t.me/<bot>?start=<payload>`` pre-fills region and identity.

Readable and stable across knowledge updates: ``<region>[-<category id>…]`` using the
region's ASCII name (from its notice file) and the notice's own category ids, e.g.
``wulumuqi-dibao``. The default category (普通居民) means "ordinary" (identities = ()).
A payload longer than 64 characters uses ``<region>-m<hex mask>`` instead. Payloads are
not secret and not signed: they only pre-fill answers the resident can change.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.engine.situation import Situation
from bot.telegram.kbindex import KnowledgeIndex

MAX_PAYLOAD = 64
_ALLOWED = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def encode(index: KnowledgeIndex, s: Situation) -> str:
    if s.region is None:
        return "start"
    slug = index.slugs[s.region]
    if s.identities is None:
        return slug
    ids = list(s.identities) or [_default_id(index, s.region)]
    payload = "-".join([slug, *ids])
    if len(payload) > MAX_PAYLOAD:
        payload = f"{slug}-m{index.mask(s.region, s.identities):x}"
    return payload


def decode(index: KnowledgeIndex, payload: str) -> Situation | None:
    """The situation a payload pre-fills, or None if it is not one of ours."""
    if not _ALLOWED.match(payload or ""):
        return None
    slug, *words = payload.split("-")
    region = next((name for name, s in index.slugs.items() if s == slug), None)
    if region is None:
        return None
    if not words:
        return Situation(region=region)
    known = index.categories[region]
    default = _default_id(index, region)
    if len(words) == 1 and words[0] not in known and re.fullmatch(r"m[0-9a-f]+", words[0]):
        try:
            ids = index.unmask(region, int(words[0][1:], 16))
        except ValueError:
            return None
    elif all(w in known for w in words):
        ids = tuple(dict.fromkeys(words))
    else:
        return None
    return Situation(region=region, identities=tuple(i for i in ids if i != default))


def link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={quote(payload)}"


def _default_id(index: KnowledgeIndex, region: str) -> str:
    return index.kb.regions[region].latest().default_category.id
