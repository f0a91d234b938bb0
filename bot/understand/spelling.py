"""Spelling residents use that the word lists do not: traditional characters (醫保 繳費),
and identity or place words typed by sound (低宝户, 特捆户, 监侧户, dibao户, 屯流).

Traditional → simplified is OpenCC's table (opencc-python-reimplemented). Sounds come from
pypinyin's character table, read straight from its data file: importing pypinyin itself
loads its phrase dictionary too (+56 MB RSS, 0.5 s), which a bot with a 100 MB budget
cannot spend on one feature; the character table alone is ~0.15 s and loads on first use.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from functools import cache
from pathlib import Path

from bot.knowledge.vocabulary import IDENTITY_SUFFIXES

# Characters of the generic endings: sharing only these (低保户 / 特困户) is no sign of one word.
_GENERIC = frozenset("".join(IDENTITY_SUFFIXES))


@cache
def _t2s():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    """醫保繳費 → 医保缴费; simplified text comes back unchanged."""
    if text.isascii():
        return text
    return _t2s().convert(text)


def _plain(syllable: str) -> str:
    """dī → di, lǜ → lu: tones off, so a slip in tone still matches."""
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))


def _readings() -> dict[str, frozenset[str]]:
    return _tables()[0]


def _main_reading() -> dict[str, str]:
    """Each character's usual reading (pypinyin lists it first): 精 is jing, not its rare qing."""
    return _tables()[1]


@cache
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}, {}
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, frozenset[str]] = {}
    main: dict[str, str] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}  # ~2k distinct sets for ~21k characters
    for code, readings in table.items():
        ch = chr(int(code))
        if "\u4e00" <= ch <= "\u9fff":  # the common CJK block is all residents type
            plain = [sys.intern(_plain(r)) for r in readings.split(",")]
            sounds = frozenset(plain)
            out[ch] = shared.setdefault(sounds, sounds)
            main[ch] = plain[0]
    return out, main


def _sounds(word: str) -> tuple[frozenset[str], ...] | None:
    table = _readings()
    sounds = tuple(table.get(ch, frozenset()) for ch in word)
    return None if not all(sounds) else sounds


def _match_at(text: str, i: int, sounds: tuple[frozenset[str], ...]) -> int | None:
    """End of a span from ``i`` that sounds like ``sounds`` (Latin letters may spell a
    syllable: "dibao户"), or None."""
    table = _readings()
    pos = i
    for options in sounds:
        if pos >= len(text):
            return None
        ch = text[pos]
        if ch in table:
            if not (table[ch] & options):
                return None
            pos += 1
            continue
        for syllable in options:
            if text[pos:pos + len(syllable)].lower() == syllable:
                pos += len(syllable)
                break
        else:
            return None
    return pos


@cache
def _by_first_sound(words: frozenset[str]) -> dict[str, list[tuple[str, tuple[frozenset[str], ...]]]]:
    """First syllable → the words starting with it, longest first."""
    index: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
    for word in sorted(words, key=len, reverse=True):
        sounds = _sounds(word)
        if sounds is None:
            continue
        for syllable in sounds[0]:
            index.setdefault(syllable, []).append((word, sounds))
    return index


def _first_sounds(text: str, i: int) -> set[str]:
    ch = text[i]
    readings = _readings().get(ch)
    if readings:
        return set(readings)
    if ch.isascii() and ch.isalpha():  # a syllable spelled out: every one it could start
        return {syl for syl in _latin_syllables() if text[i:i + len(syl)].lower() == syl}
    return set()


@cache
def _latin_syllables() -> frozenset[str]:
    return frozenset(r for readings in _readings().values() for r in readings)


def _same_two(span: str, word: str, either: bool = False) -> bool:
    """A two-character word typed by sound keeps its first character and the usual reading of
    its second (低宝 is 低保; 重庆 is no 重精, whose 精 reads qing only rarely). A place name
    (``either``) may keep either one, the other read as usually as the name's (有阳 is 酉阳)."""
    if either and span[1] == word[1] and span[0] != word[0]:
        usual = _main_reading().get(word[0])
        return usual is not None and _main_reading().get(span[0]) == usual
    if span[0] != word[0]:
        return False
    usual = _main_reading().get(word[1])
    return span[1] == word[1] or (usual is not None and usual in _readings().get(span[1], ()))


# what may follow a place name typed by sound: its ending, or a word for the people or the place
_PLACE_TAIL = frozenset("县区市旗的人这那里")


def _two_said(text: str, i: int, end: int, word: str, places: bool) -> bool:
    """A two-character word typed by sound; a place name whose first character is by sound
    must end there, at a break or its ending ("有阳 现在…", "又阳县"), not run on into a
    word ("有阳光")."""
    span = text[i:end]
    if not _same_two(span, word, places):
        return False
    if span[0] == word[0]:
        return True
    return end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff") or text[end] in _PLACE_TAIL


def sounds_alike(text: str, words: frozenset[str], taken: list[bool],
                 places: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, word) for spans of ``text`` not yet taken that sound like one of
    ``words`` and share a character with it beyond a generic ending like 户, or spell its
    sound in Latin letters (so 五十 never reads as 乌市, nor 地报户 as 低保户). ``places``:
    a two-character name may be typed with its first character by sound (有阳)."""
    index = _by_first_sound(words)
    found: list[tuple[int, int, str]] = []
    for i in range(len(text)):
        if taken[i]:
            continue
        candidates = [c for syl in _first_sounds(text, i) for c in index.get(syl, ())]
        for word, sounds in sorted(candidates, key=lambda c: len(c[0]), reverse=True):
            end = _match_at(text, i, sounds)
            if end is None or any(taken[i:end]) or text[i:end] == word:
                continue
            span = text[i:end]
            shared = (set(span) & set(word)) - _GENERIC
            spelled = any(c.isascii() for c in span)  # "dibao户": the sound written out
            if not (shared or spelled) or (len(word) == 2 and not _two_said(text, i, end, word, places)):
                continue
            for k in range(i, end):
                taken[k] = True
            found.append((i, end, word))
            break
    return found
