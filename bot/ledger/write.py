"""Write a computed ledger: every original column unchanged, the answer's columns after
them, and the summary (its own sheet in .xlsx, rows after a blank line in .csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from bot.ledger import xlsx
from bot.ledger.columns import text_of
from bot.ledger.compute import LedgerResult
from bot.ledger.output import CELLS, added_headers, has_ltc, row_cells, summary_rows, word
from bot.ledger.read import LedgerReadError


def table(result: LedgerResult) -> tuple[list[Any], list[list[Any]]]:
    """(header, rows): the original cells as they were read, then the added ones."""
    with_ltc = has_ltc(result)
    width = len(result.columns.headers)
    header = [*result.columns.headers, *added_headers(with_ltc)]
    memo: dict[int, list[Any]] = {}
    rows = []
    for r in result.rows:
        original = list(r.values[:width]) + [None] * (width - len(r.values))
        rows.append(original + row_cells(r, with_ltc, memo))
    return header, rows


def out_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise LedgerReadError("bad_out", suffix=suffix or path.name)


def csv_bytes(result: LedgerResult) -> bytes:
    header, rows = table(result)
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows([text_of(v) for v in row] for row in rows)
    w.writerow([])
    w.writerows([text_of(v) for v in row] for row in summary_rows(result))
    # With a BOM Excel opens UTF-8 as UTF-8; without one it guesses GBK and shows mojibake.
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(result: LedgerResult) -> bytes:
    header, rows = table(result)
    return xlsx.write([(word(CELLS, "summary", "ledger_sheet"), [header, *rows]),
                       (word(CELLS, "summary", "sheet"), summary_rows(result))])


def write(result: LedgerResult, path: Path) -> None:
    data = csv_bytes(result) if out_kind(path) == "csv" else xlsx_bytes(result)
    try:
        path.write_bytes(data)
    except OSError:
        raise LedgerReadError("cannot_write", path=str(path)) from None


def template_bytes(kind: str) -> bytes:
    """`ledger --template`: the headers and one example row, as .csv or .xlsx."""
    from bot.ledger.output import template_rows

    header, example = template_rows()
    if kind == "csv":
        buf = io.StringIO(newline="")
        csv.writer(buf).writerows([header, example])
        return buf.getvalue().encode("utf-8-sig")
    return xlsx.write([(word(CELLS, "summary", "ledger_sheet"), [header, example])])
