"""Hostile console input: what a resident (or a cat, or a paste gone wrong) might type.

``hostile_feed(seed, count)`` returns ``count`` lines, the same for the same seed, for the
console chat (`python -m bot chat`, bot/chat.py): option numbers in and out of range,
several numbers, back/restart/quit-like words, empty lines, typed dates good and bad,
a newborn born after the payment date, Chinese questions (tests/understand/questions.yaml),
ID and phone numbers, control and zero-width characters, emoji, odd Unicode, 100 kB
lines, SQL/HTML/shell junk, tabs and CRLF endings.

Only the last line quits (``q``); no other line is one the chat reads as quitting. No line
holds a line break (``\\n``, or a ``\\r`` anywhere but a trailing CRLF), so the lines can go
through a pipe as they are. ``HostileFeed.secrets`` lists every ID and phone number fed in,
in the digits a resident would recognise, so a test can check none is echoed back.

Used by tests/properties/test_chat_hostile.py and bench/console_hostile.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

QUESTIONS = Path(__file__).resolve().parents[1] / "understand" / "questions.yaml"
LONG = 100_000  # characters in a "very long" line
QUITS = ("q", "quit", "exit")  # what bot/chat.py reads as the end, once stripped and lowercased


@dataclass
class HostileFeed:
    lines: list[str]
    secrets: set[str] = field(default_factory=set)  # ID / phone numbers fed in, ASCII (an ID may end X)
    kinds: dict[str, int] = field(default_factory=dict)  # how many lines of each family

    def reader(self) -> Callable[[], str | None]:
        """A ``read`` for bot.chat.run_chat: the lines, then None (end of input)."""
        it: Iterator[str] = iter(self.lines)
        return lambda: next(it, None)

    def stdin(self) -> str:
        """The lines as a pipe would carry them (a CRLF line keeps its ``\\r``)."""
        return "".join(line + "\n" for line in self.lines)


@cache
def questions() -> tuple[str, ...]:
    """The Chinese questions of the understanding's acceptance table (``q_repeat`` expanded)."""
    entries = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    out = []
    for e in entries:
        if "q" in e:
            out.append(str(e["q"]))
        elif "q_repeat" in e:
            out.append(str(e["q_repeat"]["text"]) * min(int(e["q_repeat"]["times"]), 2_000))
    return tuple(q for q in out if "\n" not in q and "\r" not in q)


# -- the families -------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
# C0 and C1 control characters but tab (the "tab" lines), NEL (in ODD) and the line breaks a
# pipe splits on (\n, \r).
CONTROL = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                                 *range(0x80, 0x85), *range(0x86, 0xA0)))
EMOJI = ("😀", "👶", "🏥", "💰", "🇨🇳", "👨‍👩‍👧‍👦", "👍🏽", "❤️", "🧧", "🀄", "🈶", "🉐", "🔟", "#️⃣", "1️⃣")
ODD = (
    "\u202e", "\u202d", "\u2066", "\u2069",  # bidi overrides and isolates
    "\u0301\u0302\u0303\u0304",  # stacked combining marks
    "\ufffd", "\ufffe", "\uffff", "\ufdd0",  # replacement, non-characters
    "\U0010ffff", "\U000e0001", "\U000e0041",  # last code point, language tags
    "\u3000", "\u00a0", "\u2028", "\u2029", "\u0085",  # odd spaces and separators
    "\u3164", "\u115f", "\uffa0",  # Hangul fillers (look empty)
    "\ufe0f", "\u180e", "\u034f",  # variation selector, Mongolian vowel separator, CGJ
    "𝟏𝟐𝟑", "①②③", "²³", "Ⅻ", "١٢٣", "߁", "〡〢",  # digits of other scripts
    "ｑ", "Ｑ", "ｒ", "ℚ", "ⓠ",  # letters that look like the commands but are not
    "𠀀𪚥𰻞", "䨻", "龘",  # CJK extension B+ and very dense characters
)
JUNK = (
    "'; DROP TABLE users; --", "1 OR 1=1", "\" OR \"\"=\"", "admin'--", "1; SELECT * FROM t",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</b><i>", "&lt;&amp;&#0;",
    "{{ 7*7 }}", "{% raw %}", "${jndi:ldap://x/a}", "%s%s%s%n", "%(x)s", "{0.__class__}",
    "$(rm -rf /)", "`reboot`", "; cat /etc/passwd", "| sh", "&& echo pwned", "../../../etc/passwd",
    "\\x00\\n\\r", "null", "None", "NaN", "-1", "1e999", "0x10", "0b1", "-0", "+1", "1.5", "１.５",
    "[]", "{}", "\"\"", "''", "\\", "*", "?", "!", "…", "。", "，", "——", "/start", "/help", "@bot",
)
NUMBER_WORDS = ("0", "00", "000", "0 0", "-0", "r", "R", " r ", "rr", "r r", "restart", "重新开始", "返回",
                "qq", "q q", "quit!", "quit()", "exit()", ":q", "q!", "退出", "再见", "exi t", "q\tq")
DATES_GOOD = ("2023-11-15", "2023/12/1", "2023.10.08", "12月5日", "1月15号", "今天", "明天", "昨天",
              "2024年1月5日", "二〇二三年十二月一日", "2023-11-01", "2024-02-29", "11-20",
              "２０２３－１２－０１")
DATES_BAD = ("2023-02-30", "2024-13-45", "2023-00-10", "2023-11-00", "2023-11-31", "0000-00-00",
             "9999-99-99", "2023-1-1-1", "13月1日", "2月30日", "32号", "2023--11", "-2023-11-01",
             "2023-11-01 2023-11-02", "2023年", "年月日", "1900-01-01", "2200-01-01", "0001-01-01",
             "9999-12-31", "1969-12-31", "2149-06-01", "99999999", "2023-11-01" + "1" * 40)
TEMPLATES_SECRET = ("{}", "身份证号：{}", "我的手机{}，帮我查一下", "{} 交多少钱", "电话 {}",
                    "{}乌鲁木齐低保户")
AREA = ("110101", "320583", "650102", "140405", "500242", "150823")


def _id_number(r: random.Random) -> str:
    born = f"{r.randint(1930, 2023)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
    body = r.choice(AREA) + born + f"{r.randint(0, 999):03d}"
    return body + r.choice("0123456789X")


def _mobile(r: random.Random) -> str:
    return "1" + r.choice("3456789") + "".join(r.choice("0123456789") for _ in range(9))


def _spaced(number: str, r: random.Random) -> str:
    """As people type them: 138 1234 5678, 3205 8319 … , or with a zero-width space."""
    if len(number) == 11:
        groups = [number[:3], number[3:7], number[7:]]
    else:
        groups = [number[:6], number[6:14], number[14:]]
    return r.choice((" ", "-", "\u200b")).join(groups)


def _secret(r: random.Random, feed: HostileFeed) -> str:
    number = _id_number(r) if r.random() < 0.5 else _mobile(r)
    feed.secrets.add(number.upper())
    shown = r.choice((number, _spaced(number, r), number.translate(FULL_WIDTH), "+86" + number
                      if len(number) == 11 else number.lower()))
    return r.choice(TEMPLATES_SECRET).format(shown)


def _sprinkle(text: str, chars: tuple[str, ...], r: random.Random, n: int) -> str:
    out = list(text)
    for _ in range(n):
        out.insert(r.randint(0, len(out)), r.choice(chars))
    return "".join(out)


def _long(r: random.Random) -> str:
    unit = r.choice(("乌鲁木齐低保户交多少钱", "a", "1 ", "😀", "2023-11-01 ", "<b>", "\t", "１３８"))
    return (unit * (LONG // len(unit) + 1))[:LONG]


def _line(r: random.Random, feed: HostileFeed) -> tuple[str, list[str]]:
    """(family, lines): most families are one line; an episode is a few."""
    roll = r.random()
    if roll < 0.16:
        return "option", [str(r.randint(1, 12))]
    if roll < 0.22:
        return "out_of_range", [r.choice(("13", "99", "100", "4294967297", "1" * 30, "-3", "07", "0001"))]
    if roll < 0.28:
        return "several", [" ".join(str(r.randint(0, 14)) for _ in range(r.randint(2, 6)))]
    if roll < 0.34:
        return "word", [r.choice(NUMBER_WORDS)]
    if roll < 0.38:
        return "empty", [r.choice(("", " ", "\t", "\u3000", "  \t "))]
    if roll < 0.46:
        return "date", [r.choice(DATES_GOOD + DATES_BAD)]
    if roll < 0.48:
        # A newborn born after the day of payment, through the typed flow and as one question.
        # With the real knowledge: region 1 is 屯留, 13 its newborn button, Enter an ordinary resident.
        return "newborn_late", r.choice((
            ["r", "1", "13", "2024-08-04", "2023-10-30"],
            ["屯留新生儿2024年8月4日出生，2023年10月30日交多少钱", ""],
        ))
    if roll < 0.60:
        return "question", [r.choice(questions())]
    if roll < 0.66:
        return "secret", [_secret(r, feed)]
    if roll < 0.70:
        base = r.choice(("3", "乌市", "2023-11-15", "低保"))
        return "control", [_sprinkle(base, CONTROL, r, r.randint(1, 4))]
    if roll < 0.74:
        return "zero_width", [_sprinkle(r.choice(("1", "乌鲁木齐", "2023-11-15", "1 2")), ZERO_WIDTH, r, 2)]
    if roll < 0.78:
        return "emoji", [_sprinkle(r.choice(("", "交多少钱", "2")), EMOJI, r, r.randint(1, 6))]
    if roll < 0.83:
        return "odd", [_sprinkle(r.choice(("", "1", "乌市低保", "r")), ODD, r, r.randint(1, 3))]
    if roll < 0.88:
        return "junk", [r.choice(JUNK)]
    if roll < 0.91:
        return "tab", ["\t".join(r.choice(("1", "2", "乌市", "低保", "2023-11-15", ""))
                                 for _ in range(r.randint(2, 4)))]
    if roll < 0.96:
        line = _line(r, feed)[1][0].rstrip("\r")  # any other line, ended CRLF as Windows pipes it
        return "crlf", [line + "\r"]
    if roll < 0.965:
        return "long", [_long(r)]
    return "mixed", ["".join(r.choice((*EMOJI, *ODD, *ZERO_WIDTH, "乌", "1", " ", "\t", "'", "<")) for _ in
                             range(r.randint(1, 80)))]


FAMILIES = frozenset({
    "option", "out_of_range", "several", "word", "empty", "date", "newborn_late", "question", "secret",
    "control", "zero_width", "emoji", "odd", "junk", "tab", "crlf", "long", "mixed",
})


def quits(line: str) -> bool:
    return line.strip().lower() in QUITS


def hostile_feed(seed: int, count: int) -> HostileFeed:
    """``count`` hostile lines from ``seed``, the last one ``q``."""
    r = random.Random(seed)
    feed = HostileFeed([])
    while len(feed.lines) < count - 1:
        kind, lines = _line(r, feed)
        lines = [line for line in lines if not quits(line)]
        feed.lines.extend(lines[: count - 1 - len(feed.lines)])
        feed.kinds[kind] = feed.kinds.get(kind, 0) + 1
    feed.lines.append("q")
    return feed
