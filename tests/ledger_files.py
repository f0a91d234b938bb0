"""Ledgers built in the tests themselves: a household's rows, those rows as .csv bytes in an
encoding or as .xlsx as people make them, and `ledger` run in process. Shared by the ledger,
Telegram and end-to-end tests (tests/ is on the path: tests/conftest.py); a module of its own
name, since `from conftest import` finds whichever conftest came first."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from bot.__main__ import main

AS_OF = "2023-10-01"
HEADER = ["户号", "姓名", "身份证号", "参保地", "人员类别", "出生日期", "学生", "缴费档次", "备注"]
ROWS = [
    ["1", "张大爷", "", "乌鲁木齐", "低保", "1950-01-01", "", "", "村东"],
    ["1", "张三", "", "乌鲁木齐", "", "1980-05-06", "", "", ""],
    ["1", "宝宝", "", "乌鲁木齐", "", "2023-08-10", "", "", ""],
    ["2", "李四", "", "酉阳", "低保、重度残疾", "1970-01-01", "", "二档", ""],
    ["2", "李小", "", "酉阳", "", "2004-01-01", "大学", "1", ""],
    ["3", "王五", "", "屯留", "特困", "1960-01-01", "", "", ""],
]


def run_ledger(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    """`python -m bot ledger … --json` in process: (exit status, parsed JSON or None, stderr)."""
    code = main(["ledger", *args])
    out, err = capsys.readouterr()
    data = json.loads(out) if "--json" in args and out.strip() else None
    return code, data, err


def csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], title: str | None = None, blank_after: tuple[int, ...] = (),
               tall_header: bool = False) -> bytes:
    """An .xlsx as people make them: a merged title above the header, header cells two rows
    tall (each merged with the cell below), blank spacer rows (after ``rows[i]``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for i, row in enumerate(rows):
        sheet.append(row)
        if i == 0 and tall_header:
            sheet.append([])
            top = 2 if title else 1
            for col in range(1, len(row) + 1):
                sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        if i in blank_after:
            sheet.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
