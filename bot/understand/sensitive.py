"""Mask ID-card and mobile numbers so that logs never hold them.

Matching is deliberately generous (no checksum or date check, full-width digits, single spaces,
dashes or zero-width characters between digits): a false positive only hides a harmless number,
a false negative leaks a resident's identity.
"""

from __future__ import annotations

import re

ID_PLACEHOLDER = "[身份证号]"
PHONE_PLACEHOLDER = "[手机号]"

_D = "[0-9０-９]"
_SEP = "[ \t\\-‐–—\u200b\u200c\u200d\u2060\ufeff]?"  # at most one separator between two digits
_NOT_DIGIT_BEFORE = "(?<![0-9０-９])"
_NOT_DIGIT_AFTER = "(?![0-9０-９])"

# 18-digit resident ID (last character may be X), and any unbroken run of 15 or more digits:
# the old 15-digit ID, or an ID glued to other digits (the label may then be wrong, the mask is not).
_ID18 = rf"{_D}(?:{_SEP}{_D}){{16}}{_SEP}[0-9０-９XxＸｘ]"
_ID15 = rf"{_D}{{15,}}"
ID_NUMBER = re.compile(rf"{_NOT_DIGIT_BEFORE}(?:{_ID18}|{_ID15}){_NOT_DIGIT_AFTER}")
# Mainland mobile: 1[3-9] + 9 digits, optionally led by +86 / 0086 / 86.
PHONE_NUMBER = re.compile(
    rf"{_NOT_DIGIT_BEFORE}(?:(?:[+＋]|00)?{_SEP}86{_SEP})?[1１]{_SEP}[3-9３-９](?:{_SEP}{_D}){{9}}{_NOT_DIGIT_AFTER}"
)


def redact(text: str) -> str:
    """``text`` with ID numbers → "[身份证号]" and mobile numbers → "[手机号]"; IDs first,
    since an ID contains phone-like runs."""
    return PHONE_NUMBER.sub(PHONE_PLACEHOLDER, ID_NUMBER.sub(ID_PLACEHOLDER, text))


def contains_sensitive(text: str) -> bool:
    return bool(ID_NUMBER.search(text) or PHONE_NUMBER.search(text))
