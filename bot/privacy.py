"""Personal numbers (身份证号, mobile and landline numbers): find them and hide them.

Two maskings, for two kinds of reader:

- ``redact`` / ``contains_sensitive``: ID and mobile numbers, for what the bot reads and
  says. The understanding works on redacted text and warns the resident; every error and note
  it words passes its parameters through ``redact`` (bot/render.py), so a number typed at a
  prompt is never echoed back. Landlines are left alone there: they are as often an office's
  number as a resident's.
- ``redact_log``: everything bound for the logs. The same patterns first, then looser ones
  (any whitespace between digit groups, digits of any script) and landlines.

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


# ---------------------------------------------------------------- logs

# After the patterns above, what they let through: IDs and mobiles in any script's digits or
# split by any whitespace (a line break, an ideographic space), and landlines (0991-1234567).
# Their placeholders are the ones the logs have always shown for them.
_LOG_PASSES = (
    (ID_NUMBER, ID_PLACEHOLDER),
    (PHONE_NUMBER, PHONE_PLACEHOLDER),
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)"), "[id-number]"),
    (re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)"), "[phone]"),
)


def redact_log(text: str) -> str:
    """``text`` with every ID, mobile and landline number hidden."""
    for pattern, placeholder in _LOG_PASSES:
        text = pattern.sub(placeholder, text)
    return text
