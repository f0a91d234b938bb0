"""A ledger file as raw rows: (spreadsheet row number, cell values), from .csv or .xlsx.

Excel in China saves CSV as GBK (GB18030 is its superset); elsewhere as UTF-8, with or
without a BOM. Reading never writes anything to disk: the bytes are decoded in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RawRow = tuple[int, tuple[Any, ...]]  # (row number as the spreadsheet shows it, values)


class LedgerReadError(Exception):
    """The file as a whole cannot be read: worded by templates/ledger/errors.j2, exit 2."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(code)


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise LedgerReadError("bad_encoding") from None


def csv_rows(data: bytes) -> Iterator[RawRow]:
    text = decode_csv(data)
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            yield number, tuple(values)
    except csv.Error:
        raise LedgerReadError("bad_csv") from None


def xlsx_rows(data: bytes) -> list[RawRow]:
    """The first sheet's rows: by the fast reader, or by openpyxl when it balks."""
    from bot.ledger import xlsx

    try:
        return list(xlsx.rows(data))
    except Exception:  # an unusual or damaged file: openpyxl reads it, or says it cannot
        return list(openpyxl_rows(data))


def openpyxl_rows(data: bytes) -> Iterator[RawRow]:
    # Imported here: only ledgers need openpyxl, and it costs ~0.1 s to import.
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; a merged cell reads as its top-left value then blanks.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        for number, values in enumerate(rows, start=1):
            yield number, tuple(values)
        book.close()
    except LedgerReadError:
        raise
    except Exception:  # openpyxl raises a dozen kinds for a damaged or foreign file
        raise LedgerReadError("bad_xlsx") from None


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise LedgerReadError("wrong_format", suffix=suffix or path.name)


def read_bytes(data: bytes, kind: str) -> list[RawRow]:
    rows = csv_rows(data) if kind == "csv" else xlsx_rows(data)
    return list(rows)


def read_path(path: Path) -> tuple[list[RawRow], str]:
    kind = file_kind(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise LedgerReadError("cannot_open", path=str(path)) from None
    return read_bytes(data, kind), kind
