"""Numbers in residents' text: width/zero-width clean-up, Chinese numerals, tiers.

Chinese numerals are converted by ``cn2an``; ``to_int`` wraps it so junk gives ``None``, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

# Zero-width and soft-hyphen characters pasted from chat apps and web pages break regexes silently.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZW_TABLE = {ord(c): None for c in ZERO_WIDTH}
# Full-width ASCII block (！ to ～) maps 1:1 onto ASCII; the ideographic space onto a plain space.
_FW_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

CN_DIGITS = "零〇○一二两三四五六七八九十廿卅百千万"
_MAX_LEN = 15  # longer "numbers" are junk (and int() refuses > 4300 digits)


def halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation → ASCII; same length, so spans stay valid."""
    return text.translate(_FW_TABLE)


def normalise(text: str) -> str:
    """Full-width → half-width, zero-width characters dropped, whitespace collapsed; Chinese kept."""
    text = halfwidth(text).translate(_ZW_TABLE)
    return " ".join(text.split())


@cache
def load_cn2an() -> Callable[[str, str], object]:
    """cn2an's converter, imported on first use: ~0.25 s of imports that ``answer --tier``
    never needs. The bot calls this in its warm-up, before the first question."""
    import cn2an

    return cn2an.cn2an


def to_int(numeral: str) -> int | None:
    """Numeral → int: "三百八十" / "380" / "3百8" / "二〇二三" / "廿七"; ``None`` for anything else."""
    s = halfwidth(numeral).strip().replace(",", "")
    if not s or len(s) > _MAX_LEN:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    s = s.replace("卅", "三十").replace("○", "〇")
    try:
        # "smart" accepts mixed forms like 3百8; it raises ValueError (and others) on junk.
        value = load_cn2an()(s, "smart")
    except Exception:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


# ---------------------------------------------------------------- tiers (档次)
# The one reader of tier words: free text (slots.py), inline queries (telegram/match.py) and
# ``answer --tier`` (cli/answer_cmd.py) all call it. Which tiers exist, and their labels, is
# the knowledge's (``standards[].label``).

_TIER_NUMBERS = {"1": 1, "一": 1, "2": 2, "二": 2, "3": 3, "三": 3, "4": 4, "四": 4}
_T = f"[{''.join(_TIER_NUMBERS)}]"
_TIER_PATTERNS = (
    # 一档 / 二挡 (common typo) / 第二档 / 2档次
    re.compile(rf"(?<![\d{CN_DIGITS}])(?:第\s*)?(?P<n>{_T})\s*[档挡]"),
    # 档次二 / 档次是2
    re.compile(rf"[档挡]次\s*(?:是|为|选)?\s*(?P<n>{_T})(?![\d{CN_DIGITS}])"),
)
_TIER_WORDS = {"低档": 1, "最低档": 1, "低的那档": 1, "高档": 2, "最高档": 2, "高的那档": 2}
# "一二档" / "1、2档" name two tiers at once: ambiguous.
_TIER_PAIR = re.compile(rf"{_T}\s*[、,和或跟与/]?\s*{_T}\s*[档挡]")


def tier(text: str) -> int | None:
    """The one tier named: 一档/1档/第一档/档次一/低档 → 1, 二档/二挡/高档 → 2.

    ``None`` when no tier or two different tiers are named ("一档和二档有什么区别").
    """
    s = normalise(text)
    if _TIER_PAIR.search(s):
        return None
    found: set[int] = set()
    for pattern in _TIER_PATTERNS:
        for m in pattern.finditer(s):
            found.add(_TIER_NUMBERS[m.group("n")])
    for word, n in _TIER_WORDS.items():
        if word in s:
            found.add(n)
    return found.pop() if len(found) == 1 else None


def tier_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, tier) of each tier word in ``text`` (already normalised), in order: a
    household may name one per member ("爷爷一档 我和老婆二档")."""
    found = [(m.start(), m.end(), _TIER_NUMBERS[m.group("n")])
             for pattern in _TIER_PATTERNS for m in pattern.finditer(text)]
    found += [(m.start(), m.end(), n) for word, n in _TIER_WORDS.items() for m in re.finditer(word, text)]
    return sorted(found)


def tier_choice(text: str) -> int | None:
    """The tier a short answer names: a bare "2" / "二" / "２", or anything :func:`tier` reads."""
    s = normalise(text)
    return _TIER_NUMBERS.get(s) or tier(s)


# 755 / 三百八: a figure that may be a tier's standard
_SPOKEN = "[一二两三四五六七八九][百千][零一二两三四五六七八九十百]*"
_NAMED_WITH_TIER = re.compile(rf"(\d{{3,4}}|{_SPOKEN})\s*(?:元|块)?\s*(?:的|那个|那)?档")
_DIGITS_SAID = re.compile(r"(?<!\d)\d{3,4}(?!\d)")
_SPOKEN_SAID = re.compile(_SPOKEN)


def tier_by_standard(text: str, tiers_by_standard: dict[int, int]) -> int | None:
    """"交755那个档次": the tier whose standard (a key of ``tiers_by_standard``) the text names;
    one named with 档 wins, else any figure that is exactly one tier's standard."""
    for raw in _NAMED_WITH_TIER.findall(text):
        if (n := to_int(raw)) in tiers_by_standard:
            return tiers_by_standard[n]
    said = {int(n) for n in _DIGITS_SAID.findall(text)}
    said |= {n for raw in _SPOKEN_SAID.findall(text) if (n := to_int(raw)) is not None}
    tiers = {t for standard, t in tiers_by_standard.items() if standard in said}
    return tiers.pop() if len(tiers) == 1 else None
