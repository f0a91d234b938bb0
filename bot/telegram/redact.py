"""Hide phone numbers and 身份证号 in text bound for the logs.

``bot.understand.sensitive.redact`` (ID and mobile numbers) runs first; the small local
version then also catches landlines (0991-1234567) and works if that module is absent.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)")


def local_redact(text: str) -> str:
    text = _ID_CARD.sub("[id-number]", text)
    text = _MOBILE.sub("[phone]", text)
    return _LANDLINE.sub("[phone]", text)


def _shared() -> Callable[[str], str] | None:
    try:
        from bot.understand.sensitive import redact  # type: ignore[import-not-found]
    except ImportError:
        return None
    return redact  # type: ignore[no-any-return]


def redact(text: str) -> str:
    shared = _shared()
    return local_redact(shared(text) if shared else text)
