"""One ledger row → the Situation of that one person, or a RowError naming the column.

Every lookup that does not depend on the person (a region's name, an identity cell's
words, a tier) is cached: a village ledger repeats the same few values thousands of times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bot.engine.identities import require_unambiguous, resolve_identities
from bot.engine.notes import InputError
from bot.engine.resolve import resolve_region
from bot.engine.situation import Situation, StudentKind
from bot.knowledge.base import KnowledgeBase
from bot.ledger.columns import Columns, text_of, vocabulary
from bot.understand.numbers import halfwidth, tier_choice

# A birth date up to a year before the payment is a newborn's: the notices' newborn rules (the
# N days to enrol, free in the birth year) are about babies, and a ledger gives every member a
# birth date, so the grandparents' must not make them "newborns".
NEWBORN_WITHIN = dt.timedelta(days=366)

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*(?:月)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class RowError(Exception):
    """A row that cannot be answered: its column (the header as written) and why, as an
    InputError-like code + params worded by templates/ledger/errors.j2 or templates/errors.j2."""

    def __init__(self, column: str | None, code: str, **params: Any):
        self.column = column
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True)
class Defaults:
    region: str | None  # --region, already resolved
    paid_on: dt.date  # --paid-on, or today


@dataclass
class RowReader:
    kb: KnowledgeBase
    columns: Columns
    defaults: Defaults
    _cache: dict[tuple, Any] = field(default_factory=dict)

    def cell(self, values: tuple[Any, ...], role: str) -> Any:
        i = self.columns.roles.get(role)
        return values[i] if i is not None and i < len(values) else None

    def situation(self, values: tuple[Any, ...]) -> Situation:
        region = self._region(values)
        paid_on = self._date(values, "paid_on") or self.defaults.paid_on
        born = self._date(values, "born_on")
        tier = self._tier(values, region, paid_on)
        ids = self._identities(values, region, paid_on, tier)
        newborn = born is not None and born > paid_on - NEWBORN_WITHIN
        born_text = text_of(self.cell(values, "born_on"))
        if newborn and not exact_day(born_text):
            # A baby's figures turn on the day (the N days to enrol): never assume the 1st.
            raise RowError(self._header("born_on"), "need_birth_day", text=born_text)
        return Situation(
            region=region,
            identities=ids.ids,
            newborn=newborn,
            born_on=born if newborn else None,
            student=self._student(values),
            tier=tier,
            paid_on=paid_on,
            unlisted=ids.unlisted,
            assumed=ids.assumed,
        )

    # --- one column each -------------------------------------------------------------------

    def _cached(self, key: tuple, compute: Any) -> Any:
        if key not in self._cache:
            try:
                self._cache[key] = compute()
            except (InputError, RowError) as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, Exception):
            # The same error for every row with this cell; a bare re-raise would grow its
            # traceback by a frame chain each time over a 10,000-row ledger.
            raise found.with_traceback(None)
        return found

    def _region(self, values: tuple[Any, ...]) -> str:
        text = text_of(self.cell(values, "region"))
        if not text:
            if self.defaults.region is None:
                raise RowError(self._header("region"), "missing_region")
            return self.defaults.region
        column = self._header("region")

        def compute() -> str:
            try:
                return resolve_region(self.kb, text)
            except InputError as exc:
                raise RowError(column, exc.code, **exc.params) from None

        return self._cached(("region", text), compute)

    def _date(self, values: tuple[Any, ...], role: str) -> dt.date | None:
        value = self.cell(values, role)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = text_of(value)
        if not text:
            return None
        return self._cached(("date", role, text), lambda: parse_date(text, self._header(role)))

    def _tier(self, values: tuple[Any, ...], region: str, paid_on: dt.date) -> int | None:
        text = text_of(self.cell(values, "tier"))
        if not text:
            return None
        notice = self.kb.notice_for(region, paid_on)
        column = self._header("tier")

        def compute() -> int:
            tier = tier_choice(text)
            if tier is None or tier not in notice.tiers:
                raise RowError(column, "no_such_tier", region=region, tier=text,
                               tiers=list(notice.tier_labels))
            return tier

        return self._cached(("tier", text, id(notice)), compute)

    def _identities(self, values: tuple[Any, ...], region: str, paid_on: dt.date, tier: int | None) -> Any:
        text = text_of(self.cell(values, "identity"))
        column = self._header("identity")

        def compute() -> Any:
            words = identity_words(text)
            try:
                resolved = resolve_identities(self.kb, region, words, paid_on, tier)
                require_unambiguous(resolved, region)
            except InputError as exc:
                raise RowError(column, exc.code, **exc.params) from None
            return resolved

        return self._cached(("identity", text, region, paid_on, tier), compute)

    def _student(self, values: tuple[Any, ...]) -> StudentKind:
        text = halfwidth(text_of(self.cell(values, "student")))
        if not text:
            return "none"
        for kind, words in vocabulary()["student"].items():
            if text in words:
                return kind
        raise RowError(self._header("student"), "bad_student_cell", text=text,
                       choices=[words[0] for words in vocabulary()["student"].values()])

    def _header(self, role: str) -> str | None:
        return self.columns.header(role) if role in self.columns.roles else None


def identity_words(text: str) -> list[str]:
    """The identities in one cell, without the words for "none" (无, 普通)."""
    seps = vocabulary()["identity_separators"]
    words = re.split("[" + re.escape(seps) + "]+", halfwidth(text))
    ordinary = set(vocabulary()["ordinary"])
    return [w for w in words if w and w not in ordinary]


def exact_day(text: str) -> bool:
    """False for a year and month alone (1960.05); a date cell (text "") has its day."""
    m = _DATE.match(halfwidth(text).strip())
    return m is None or m[3] is not None


def parse_date(text: str, column: str | None) -> dt.date:
    """2024-03-15, 2024/3/15, 2024.3.15, 20240315, 2024年3月15日; a year and month alone
    (出生年月: 1960.05) is the 1st, used only to tell that it is not a newborn's."""
    s = halfwidth(text).strip()
    m = _DATE.match(s) or _COMPACT.match(s)
    try:
        if m is None:
            raise ValueError
        year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
        return dt.date(year, month, day)
    except ValueError:
        raise RowError(column, "bad_date", text=text) from None
