"""A streaming reader for the first sheet of an .xlsx: cell values only, ~4x openpyxl's speed.

openpyxl builds an object per cell and per shared string (~0.3 ms a 10-column row), which
alone kept a 10,000-row ledger under the 5,000 rows/s asked of it (bench/ledger.py). A
ledger needs only values: the sheet's XML is read here with the standard library's
iterparse, the shared strings and which styles are dates beside it. Anything unexpected
raises, and read.py then reads the file with openpyxl as before, so an unusual file is
slower, never misread.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import iterparse

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Excel's built-in number formats that show a date or time.
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_DATE_CODE = re.compile(r"[ymdhs]", re.I)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 (the 1900 system, leap-year bug included)
_COL = re.compile(r"[A-Z]+")


def _sheet_path(z: zipfile.ZipFile) -> str:
    """The first sheet's part name, as the workbook and its relationships say."""
    book = z.read("xl/workbook.xml")
    first = next(el for _, el in iterparse(io.BytesIO(book)) if el.tag == NS + "sheet")
    rel_id = first.get(REL_NS + "id")
    rels = z.read("xl/_rels/workbook.xml.rels")
    target = next(el.get("Target") for _, el in iterparse(io.BytesIO(rels))
                  if el.tag == PKG_REL + "Relationship" and el.get("Id") == rel_id)
    assert target is not None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    out: list[str] = []
    with z.open("xl/sharedStrings.xml") as f:
        for _, el in iterparse(f):
            if el.tag == NS + "si":
                # plain text, or rich-text runs; not the phonetic guide (rPh) an East Asian Excel adds
                parts = [el.find(NS + "t")] + [r.find(NS + "t") for r in el.findall(NS + "r")]
                out.append("".join(t.text or "" for t in parts if t is not None))
                el.clear()
    return out


def _date_styles(z: zipfile.ZipFile) -> frozenset[int]:
    """Indexes into cellXfs whose number format shows a date."""
    if "xl/styles.xml" not in z.namelist():
        return frozenset()
    custom: dict[int, str] = {}
    dates: list[int] = []
    index = 0
    in_xfs = False
    for event, el in iterparse(io.BytesIO(z.read("xl/styles.xml")), events=("start", "end")):
        if el.tag == NS + "numFmt" and event == "end":
            custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
        elif el.tag == NS + "cellXfs":
            in_xfs = event == "start"
        elif el.tag == NS + "xf" and in_xfs and event == "end":
            fmt = int(el.get("numFmtId", "0"))
            code = _QUOTED.sub("", custom.get(fmt, ""))
            if fmt in DATE_FORMAT_IDS or (fmt in custom and _DATE_CODE.search(code)):
                dates.append(index)
            index += 1
    return frozenset(dates)


def _column(ref: str) -> int:
    n = 0
    for ch in _COL.match(ref)[0]:  # type: ignore[index]
        n = n * 26 + ord(ch) - 64
    return n - 1


def _value(c: Any, strings: list[str], dates: frozenset[int]) -> Any:
    kind = c.get("t")
    if kind == "inlineStr":  # an empty text is a blank cell, as openpyxl reads it
        return "".join(t.text or "" for t in c.iter(NS + "t")) or None
    v = c.find(NS + "v")
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        return strings[int(text)] or None
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    number = float(text)
    if int(c.get("s", "0")) in dates:
        # to the millisecond, as openpyxl does: 14:30 is stored as 0.604166…, not exactly
        return EPOCH + dt.timedelta(milliseconds=round(number * 86_400_000))
    return int(number) if number.is_integer() else number


def rows(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) for every row the sheet stores; rows it skips are simply absent."""
    z = zipfile.ZipFile(io.BytesIO(data))
    strings = _shared_strings(z)
    dates = _date_styles(z)
    with z.open(_sheet_path(z)) as f:
        number = 0
        for _, el in iterparse(f):
            if el.tag != NS + "row":
                continue
            number = int(el.get("r") or number + 1)
            values: list[Any] = []
            for c in el.iter(NS + "c"):
                ref = c.get("r")
                col = _column(ref) if ref else len(values)
                values.extend([None] * (col - len(values)))
                values.append(_value(c, strings, dates))
            el.clear()
            yield number, tuple(values)


# --- writing ---------------------------------------------------------------------------------
# openpyxl's write-only mode spends ~0.3 ms a row on cell objects: writing a 10,000-row
# ledger took 3.5 s, most of a run. A ledger's output needs values, a date format and several
# sheets, which is this much XML; openpyxl reads it back in the tests.

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_DATE_STYLE, _DATETIME_STYLE = 1, 2
# XML 1.0 forbids most control characters; a pasted cell may hold them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=1 << 16)
def _text_body(text: str) -> str:
    """A text cell after its reference; cached: a ledger's added columns repeat the same notes."""
    return f' t="inlineStr"><is><t xml:space="preserve">{_escape(text)}</t></is></c>'


def _escape(text: str) -> str:
    text = _BAD_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column_letters(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        days = (value - EPOCH).total_seconds() / 86400
        style = _DATETIME_STYLE if value.time() != dt.time() else _DATE_STYLE
        return f'<c r="{ref}" s="{style}"><v>{days!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{(value - EPOCH.date()).days}</v></c>'
    return f'<c r="{ref}"{_text_body(str(value))}'


def _sheet_xml(rows: list[list[Any]]) -> bytes:
    width = max((len(r) for r in rows), default=0)
    letters = [column_letters(i) for i in range(width)]
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="{NS[1:-1]}"><sheetData>']
    for n, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{letters[i]}{n}", v) for i, v in enumerate(row))
        parts.append(f'<row r="{n}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8")


def write(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    """An .xlsx of the given (sheet name, rows), values only."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        n = len(sheets)
        z.writestr("[Content_Types].xml",
                   _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(n=i) for i in range(1, n + 1))))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{NS[1:-1]}" xmlns:r="{_DOC_REL}"><sheets>'
            + "".join(f'<sheet name="{_escape(name[:31])}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, (name, _) in enumerate(sheets, start=1))
            + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL[1:-1]}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_DOC_REL}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
            + "</Relationships>"))
        z.writestr("xl/styles.xml", _STYLES)
        for i, (_, rows) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(rows))
    return out.getvalue()
