"""A computed ledger worded: its --json, the cells added to each row, the summary rows.

Words come from templates/ledger/*.j2; every value a message echoes from the file passes
through bot.privacy first (a 身份证号 typed into the 类别 column must not come back out).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from bot import privacy
from bot.engine.answer import Answer
from bot.engine.household import payer_shares, subsidy_total
from bot.engine.notes import InputError
from bot.ledger.columns import ROLES, Columns, text_of
from bot.ledger.compute import LedgerResult, RowResult
from bot.ledger.rows import RowError
from bot.present import answer_json
from bot.render import environment, error_text, group_sources, macro, note_text

CELLS = "ledger/cells.j2"
ERRORS = "ledger/errors.j2"
ADDED = ("personal", "subsidy", "payers", "ltc_personal", "total", "deadline", "benefit_start", "can_pay",
         "sources", "notes")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return privacy.redact(value)
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


def reason_text(code: str, params: dict[str, Any]) -> str:
    """Why, without the row: the ledger's own wording where it has one, else the CLI's."""
    masked = {k: _masked(v) for k, v in params.items()}
    if hasattr(environment().get_template(ERRORS).module, code):
        return macro(ERRORS, code, **masked)
    return error_text(InputError(code, **params))  # error_text masks them itself


def row_error_text(row: int, error: RowError) -> str:
    column = privacy.redact(error.column) if error.column else None
    return macro(ERRORS, "row_error", row=row, column=column, reason=reason_text(error.code, error.params))


def read_error_text(code: str, params: dict[str, Any]) -> str:
    return macro(ERRORS, code, **{k: _masked(v) for k, v in params.items()})


# --- --json ------------------------------------------------------------------------------------


def ledger_json_text(result: LedgerResult) -> Iterator[str]:
    """`ledger --json`: {rows: [{row, input, answer, error}], totals}, answer in the
    `answer --json` shape; as text in pieces, one row a line. Rows share answers: each distinct
    answer is worded and encoded once (encoding the same answer 10,000 times was most of
    --json's time), and nothing holds the whole text (one string of it peaked at 215 MB)."""
    encoded: dict[int, str] = {}  # id(answer) → its JSON
    yield '{"rows": ['
    for n, r in enumerate(result.rows):
        answer = "null"
        if r.answer is not None:
            answer = encoded.get(id(r.answer)) or ""
            if not answer:
                answer = encoded[id(r.answer)] = _dumps(answer_json(r.answer))
        error = None
        if r.error is not None:
            message = row_error_text(r.row, r.error)
            error = {"column": r.error.column, "code": r.error.code, "message": message}
        yield (f'{"," if n else ""}\n{{"row": {r.row}, "input": {_dumps(_input(result.columns, r))}, '
               f'"answer": {answer}, "error": {_dumps(error)}}}')
    yield f'\n], "totals": {_dumps(totals_json(result))}}}\n'


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _input(columns: Columns, r: RowResult) -> dict[str, str]:
    return {h: text_of(r.values[i]) if i < len(r.values) else "" for i, h in enumerate(columns.headers)}


def totals_json(result: LedgerResult) -> dict[str, Any]:
    t = result.totals
    return {
        "people": len(result.rows),
        "computed": t.people,
        "errors": result.errors,
        "total_personal": t.total_personal,
        "total_subsidy": t.total_subsidy,
        "by_payer": dict(t.by_payer),
        "payer_not_named": t.payer_not_named,
        "by_identity": {k: {"people": v.people, "total_personal": v.total_personal}
                        for k, v in result.by_identity.items()},
        "by_household": {k: {"people": v.people, "total_personal": v.total_personal}
                         for k, v in result.by_household.items()},
    }


# --- --out -------------------------------------------------------------------------------------


@cache
def word(template: str, name: str, key: str | None = None) -> str:
    return macro(template, name, key=key) if key is not None else macro(template, name)


def added_headers(with_ltc: bool) -> list[str]:
    return [word(CELLS, "header", k) for k in ADDED if with_ltc or k != "ltc_personal"]


def _money(value: int | None) -> int | str:
    return word(CELLS, "not_stated") if value is None else value


def answer_cells(a: Answer, with_ltc: bool) -> list[Any]:
    """The added columns of one answered row, in ADDED's order."""
    ltc = a.long_term_care
    shares = payer_shares(a.medical) + payer_shares(ltc)
    cells: list[Any] = [
        _money(a.medical.personal),
        _money(subsidy_total(a)),
        macro(CELLS, "payers", shares=shares),
    ]
    if with_ltc:
        cells.append("" if ltc is None else _money(ltc.personal))
    end = a.window.get("end")
    cells += [
        _money(a.total_personal),
        end.isoformat() if end else word(CELLS, "not_stated"),
        a.benefit_start.isoformat() if a.benefit_start else word(CELLS, "not_stated"),
        macro(CELLS, "can_pay", open=a.payment_open),
        macro(CELLS, "sources", groups=group_sources(a.sources)),
        # the notes, and a person with several identities' figure under each (the notes
        # refer to them: the ledger has no "below" to point to)
        macro(CELLS, "several_notes", notes=[note_text(n, tier_label=a.tier_label) for n in a.notes],
              alternatives=a.alternatives),
    ]
    return cells


def row_cells(r: RowResult, with_ltc: bool, memo: dict[int, list[Any]]) -> list[Any]:
    if r.answer is None:
        assert r.error is not None
        blanks: list[Any] = [""] * (len(added_headers(with_ltc)) - 1)
        return [*blanks, row_error_text(r.row, r.error)]
    cells = memo.get(id(r.answer))
    if cells is None:
        cells = memo[id(r.answer)] = answer_cells(r.answer, with_ltc)
    return cells


def has_ltc(result: LedgerResult) -> bool:
    return any(r.answer is not None and r.answer.long_term_care is not None for r in result.rows)


def summary_rows(result: LedgerResult) -> list[list[Any]]:
    """Headcount and totals, then by category, by payer and by household."""
    t = result.totals
    s = lambda key: word(CELLS, "summary", key)  # noqa: E731
    rows: list[list[Any]] = [
        [s("title")],
        [s("people"), len(result.rows)],
        [s("computed"), t.people],
        [s("errors"), result.errors],
        [s("total_personal"), _money(t.total_personal)],
        [s("total_subsidy"), _money(t.total_subsidy)],
        [],
        [s("by_identity"), s("people"), s("total_personal")],
        *([k, v.people, _money(v.total_personal)] for k, v in result.by_identity.items()),
        [],
        [s("by_payer"), s("amount")],
        *([k, _money(v)] for k, v in t.by_payer.items()),
        *([[s("payer_not_named"), _money(t.payer_not_named)]] if t.payer_not_named != 0 else []),
    ]
    if result.by_household:
        rows += [[], [s("by_household"), s("people"), s("total_personal")],
                 *([k, v.people, _money(v.total_personal)] for k, v in result.by_household.items())]
    return rows


def template_rows() -> tuple[list[str], list[str]]:
    """`ledger --template`: the recognised headers and one example row."""
    headers = [word(CELLS, "template_header", role) for role in ROLES]
    example = [word(CELLS, "template_example", role) for role in ROLES]
    return headers, example
