"""Answer every row of a ledger, and add up the answers.

Each row is one person answered by :func:`calculate`, exactly as ``answer`` would; the sums
come from the household engine's :func:`totals`, so a ledger and a household add up alike.
A row that cannot be answered keeps its place with its error; the others go on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from bot.engine.answer import Answer
from bot.engine.calculator import calculate
from bot.engine.household import Totals, totals
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.ledger.columns import Columns, find_columns, text_of
from bot.ledger.read import LedgerReadError, RawRow
from bot.ledger.rows import Defaults, RowError, RowReader

# Which column an engine error is about, when calculate (not the row reader) finds it.
_ERROR_ROLE = {"born_after_payment": "born_on", "no_such_tier": "tier"}


@dataclass(frozen=True)
class RowResult:
    row: int  # the spreadsheet's row number
    values: tuple[Any, ...]
    answer: Answer | None
    error: RowError | None
    household: str | None  # the 户号 / 户主 cell, when the ledger has one


@dataclass(frozen=True)
class LedgerResult:
    columns: Columns
    rows: list[RowResult]
    totals: Totals
    by_identity: dict[str, Totals]
    by_household: dict[str, Totals]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.error is not None)


def _blank(values: tuple[Any, ...]) -> bool:
    return all(text_of(v) == "" for v in values)


def compute_ledger(kb: KnowledgeBase, raw: list[RawRow], defaults: Defaults) -> LedgerResult:
    columns, data = find_columns(raw)
    if defaults.region is None and "region" not in columns.roles:
        raise LedgerReadError("no_region_column")
    reader = RowReader(kb, columns, defaults)
    answers: dict[Situation, Answer | InputError] = {}  # same situation, same answer: computed once
    results = []
    for number, values in data:
        if _blank(values):  # a spacer between households, not a person
            continue
        answer, error = _answer_row(kb, reader, values, answers)
        household = text_of(reader.cell(values, "household")) or None
        results.append(RowResult(number, values, answer, error, household))
    return _summed(columns, results)


def _answer_row(
    kb: KnowledgeBase, reader: RowReader, values: tuple[Any, ...], answers: dict[Situation, Any]
) -> tuple[Answer | None, RowError | None]:
    try:
        situation = reader.situation(values)
    except RowError as exc:
        return None, exc
    found = answers.get(situation)
    if found is None:
        try:
            found = calculate(kb, situation)
        except InputError as exc:
            found = exc
        answers[situation] = found
    if isinstance(found, InputError):
        role = _ERROR_ROLE.get(found.code, "identity")
        column = reader.columns.header(role) if role in reader.columns.roles else None
        return None, RowError(column, found.code, **found.params)
    return found, None


def _summed(columns: Columns, results: list[RowResult]) -> LedgerResult:
    computed = [r for r in results if r.answer is not None]
    by_identity: dict[str, list[Answer]] = defaultdict(list)
    by_household: dict[str, list[Answer]] = defaultdict(list)
    for r in computed:
        assert r.answer is not None
        by_identity[r.answer.identity].append(r.answer)
        if r.household:
            by_household[r.household].append(r.answer)
    households = {k: totals((a, 1) for a in v) for k, v in by_household.items()}
    for r in results:
        if r.error is not None and r.household:
            # A household with a row that could not be answered has no known total.
            known = households.get(r.household, Totals())
            households[r.household] = replace(known, total_personal=None, total_subsidy=None)
    return LedgerResult(
        columns,
        results,
        totals((r.answer, 1) for r in computed if r.answer is not None),
        {k: totals((a, 1) for a in v) for k, v in by_identity.items()},
        households,
    )
