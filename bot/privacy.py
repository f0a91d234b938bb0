"""Personal numbers (身份证号, mobile and landline numbers): find them and hide them.

Two maskings, for two kinds of reader:

- ``redact`` / ``contains_sensitive``: ID and mobile numbers, for what the bot reads and
  says. The understanding works on redacted text and warns the resident; every error and note
  it words passes its parameters through ``redact`` (bot/render.py), so a number typed at a
  prompt is never echoed back. Landlines are left alone there: they are as often an office's
  number as a resident's.
- ``redact_log``: everything bound for the logs. The same patterns first, then looser ones
  (any whitespace between digit groups, digits of any script) and landlines; and it reads
  JSON ``\\uXXXX`` escapes, the form in which the library logs Telegram's raw updates.

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
    # A file's name ("张大爷家.xlsx": a ledger is often named after the family), as PTB logs
    # updates and results at DEBUG: JSON ("file_name":"…") or a dict's repr ('file_name': '…').
    (re.compile(r"""(?:(?<="file_name":")|(?<="file_name": ")|(?<='file_name': '))[^"'\n]*"""),
     "[file name]"),
)


# One JSON escape: \uXXXX, or a letter after a backslash (\t between two digit groups is a tab).
_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|([tnrbf"/\\]))')
_LETTERS = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "/": "/", "\\": "\\"}


def _unescaped_once(text: str) -> tuple[str, list[int]] | None:
    """``text`` with its JSON escapes read, and where each character of the result starts in
    ``text`` (plus one for its end); None when ``text`` has no backslash."""
    if "\\" not in text:
        return None
    chars: list[str] = []
    starts: list[int] = []
    pos = 0
    for m in _ESCAPE.finditer(text):
        chars.append(text[pos:m.start()])
        starts.extend(range(pos, m.start()))
        chars.append(chr(int(m[1], 16)) if m[1] else _LETTERS[m[2]])
        starts.append(m.start())
        pos = m.end()
    chars.append(text[pos:])
    starts.extend(range(pos, len(text) + 1))
    return "".join(chars), starts


def _unescaped(text: str) -> tuple[str, list[int] | None]:
    """``text`` read as JSON string content, twice over for JSON quoted once more (the repr of
    a body), and where each character of the result starts in ``text``; None: as it was."""
    plain, starts = text, None
    for _ in range(2):
        once = _unescaped_once(plain)
        if once is None:
            break
        plain, inner = once
        starts = inner if starts is None else [starts[i] for i in inner]
    return plain, starts


def redact_log(text: str) -> str:
    """``text`` with every ID, mobile and landline number hidden, escaped or not.

    Numbers are looked for in the text with its escapes read (号13912345678 arrives as
    ``\\u53f713912345678``: the 7 of the escape would pass for a digit before the number), but
    replaced in the text as it came: every other escape stays, so a logged JSON stays JSON.
    """
    plain, starts = _unescaped(text)
    spans: list[tuple[int, int, str]] = []
    for pattern, placeholder in _LOG_PASSES:
        def hide(m: re.Match[str], placeholder: str = placeholder) -> str:
            spans.append((m.start(), m.end(), placeholder))
            return "\0" * (m.end() - m.start())  # no digit, no separator: later passes see a boundary

        plain = pattern.sub(hide, plain)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end, placeholder in sorted(spans):
        if starts is not None:
            start, end = starts[start], starts[end]
        out += [text[pos:start], placeholder]
        pos = end
    out.append(text[pos:])
    return "".join(out)
