"""A ledger document's caption: the region and payment day for rows that do not give one.

The same choices as ``python -m bot ledger --region/--paid-on``, written either way:
"乌鲁木齐", "乌鲁木齐 2023-12-05", "--region 乌鲁木齐 --paid-on 2023-12-05" (a Chinese input
method's "——region" too). An empty caption leaves both to the ledger (and today).
"""

from __future__ import annotations

import datetime as dt
import re

from bot.engine.notes import InputError
from bot.engine.resolve import resolve_region
from bot.knowledge.base import KnowledgeBase
from bot.ledger.rows import Defaults, RowError, parse_date
from bot.render import error_text
from bot.telegram import texts
from bot.understand.numbers import halfwidth

# After halfwidth(): an input method's "——" stays em dashes, "－－" and "＝" are ASCII already.
_OPTION = re.compile(r"^[-\u2014\u2013]{1,2}([a-z_-]+)(?:=(.*))?$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{4}\D|^\d{8}$")  # 2023-12-05, 2023年12月5日, 20231205
_OPTIONS = {"region": "region", "paid-on": "paid_on", "paid_on": "paid_on", "paidon": "paid_on"}


class CaptionError(Exception):
    """The caption cannot be used; ``text`` says why, worded for the resident."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def read_caption(kb: KnowledgeBase, caption: str | None, today: dt.date) -> Defaults:
    region_words: list[str] = []
    paid_on: dt.date | None = None
    expecting: str | None = None  # the option whose value comes next
    for word in halfwidth(caption or "").split():
        option = _OPTION.match(word)
        if option is not None:
            name = _OPTIONS.get(option[1].lower())
            if name is None:
                reason = texts.ledger("unknown_option", text=word)
                raise CaptionError(texts.ledger("bad_caption", reason=reason))
            expecting = name
            if option[2]:
                word, expecting = option[2], name
            else:
                continue
        if expecting == "paid_on" or (expecting is None and _DATE_LIKE.match(word)):
            paid_on = _date(word)
        else:
            region_words.append(word)
        expecting = None
    return Defaults(_region(kb, " ".join(region_words)), paid_on or today)


def _date(word: str) -> dt.date:
    try:
        return parse_date(word, None)
    except RowError as exc:
        raise CaptionError(texts.ledger("bad_caption", reason=error_text(exc))) from None


def _region(kb: KnowledgeBase, text: str) -> str | None:
    if not text:
        return None
    try:
        return resolve_region(kb, text)
    except InputError as exc:
        raise CaptionError(texts.ledger("bad_caption", reason=error_text(exc))) from None
