"""The fast .xlsx reader reads what openpyxl reads, falls back to openpyxl when it cannot,
and what the writer writes openpyxl reads back value for value."""

from __future__ import annotations

import datetime as dt
import io

from ledger_files import HEADER, ROWS, xlsx_bytes
from openpyxl import Workbook, load_workbook

from bot.ledger import read, xlsx


def trimmed(rows):
    """Rows without trailing blanks, blank rows left out: what a ledger reads of them."""
    out = []
    for number, values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((number, tuple(values)))
    return out


def awkward_book() -> bytes:
    rows = [list(r) for r in ROWS]
    rows[0][5] = dt.datetime(1950, 1, 1)
    rows[1][5] = dt.datetime(2023, 8, 10, 14, 30)
    rows[2][7], rows[3][7], rows[4][7] = 1, 2.5, True
    rows[5][8] = "<&> \"quoted\""
    return xlsx_bytes([HEADER, *rows], title="台账", blank_after=(1, 3), tall_header=True)


def test_the_fast_reader_reads_what_openpyxl_reads():
    data = awkward_book()
    assert trimmed(xlsx.rows(data)) == trimmed(read.openpyxl_rows(data))


def test_custom_date_formats_are_dates():
    book = Workbook()
    sheet = book.active
    sheet.append(["出生日期", "数"])
    sheet.append([dt.datetime(2024, 3, 15), 45366])
    sheet["A2"].number_format = "yyyy\"年\"m\"月\"d\"日\""
    out = io.BytesIO()
    book.save(out)
    (_, _header), (_, second) = xlsx.rows(out.getvalue())
    assert second == (dt.datetime(2024, 3, 15), 45366)  # a plain number stays a number


def test_a_file_the_fast_reader_cannot_read_goes_to_openpyxl(monkeypatch):
    data = awkward_book()

    def broken(_data):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(xlsx, "rows", broken)
    assert trimmed(read.xlsx_rows(data)) == trimmed(read.openpyxl_rows(data))


def test_what_the_writer_writes_openpyxl_reads_back():
    when = dt.datetime(2023, 8, 10, 14, 30)
    rows = [["文字", "<&>\x01", 3, 2.5, True, None, dt.datetime(1950, 1, 1), when, dt.date(2024, 1, 2)]]
    data = xlsx.write([("台账", rows), ("汇总", [["人数", 1]])])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["台账", "汇总"]
    got = next(book.worksheets[0].iter_rows(values_only=True))
    assert got == ("文字", "<&>", 3, 2.5, True, None, dt.datetime(1950, 1, 1), when, dt.datetime(2024, 1, 2))
    assert book.worksheets[0]["G1"].is_date
    assert trimmed(xlsx.rows(data)) == trimmed(read.openpyxl_rows(data))


def test_column_letters():
    assert [xlsx.column_letters(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
