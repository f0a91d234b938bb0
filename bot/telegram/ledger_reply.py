"""A ledger sent as a document → the filled-in file and the summary sent back with it.

Pure and synchronous (the handler runs it in a worker thread): bytes in, bytes and words
out. Nothing is written to disk and nothing here logs: a ledger holds names, ID and phone
numbers, and so may its file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.knowledge.base import KnowledgeBase
from bot.ledger.compute import LedgerResult, compute_ledger
from bot.ledger.output import read_error_text, row_error_text
from bot.ledger.read import LedgerReadError, file_kind, read_bytes
from bot.ledger.rows import Defaults
from bot.ledger.write import csv_bytes, xlsx_bytes
from bot.telegram import texts

MAX_BYTES = 5 * 1024 * 1024  # a 10,000-row ledger is ~0.5 MB as .xlsx; Telegram's own limit is 20 MB
SHOWN_ERRORS = 3  # rows with errors named in the summary; all of them are in the file
CAPTION_LIMIT = 1024  # Telegram's, in UTF-16 code units
_MIME_KINDS = {
    "text/csv": "csv",
    "text/comma-separated-values": "csv",
    "application/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
_STEM_CHARS = 60


@dataclass(frozen=True)
class Filled:
    data: bytes
    file_name: str
    summary: str


def limit_mb() -> int:
    return MAX_BYTES // (1024 * 1024)


def kind_of(file_name: str | None, mime_type: str | None) -> str:
    """"csv" or "xlsx", from the name's suffix or, with none, the MIME type; LedgerReadError
    ("wrong_format") for anything else."""
    if file_name and PurePosixPath(file_name).suffix:
        return file_kind(PurePosixPath(file_name))
    kind = _MIME_KINDS.get((mime_type or "").lower())
    if kind is None:
        raise LedgerReadError("wrong_format", suffix=mime_type or "")
    return kind


def filled_name(file_name: str | None, kind: str) -> str:
    """The original's name marked as computed, in the format written (a .txt CSV comes back .csv)."""
    stem = _UNSAFE.sub("_", PurePosixPath(file_name or "").stem).strip(" ._")[:_STEM_CHARS]
    return texts.ledger("filled_name", stem=stem or texts.ledger("default_stem"), suffix=f".{kind}")


def fill(kb: KnowledgeBase, data: bytes, kind: str, defaults: Defaults, file_name: str | None) -> Filled:
    """Compute every row; LedgerReadError when the file as a whole cannot be read."""
    result = compute_ledger(kb, read_bytes(data, kind), defaults)
    out = xlsx_bytes(result) if kind == "xlsx" else csv_bytes(result)
    return Filled(out, filled_name(file_name, kind), summary_text(result, defaults, kind))


def summary_text(result: LedgerResult, defaults: Defaults, kind: str) -> str:
    t = result.totals
    errors = [row_error_text(r.row, r.error) for r in result.rows if r.error is not None][:SHOWN_ERRORS]
    return texts.ledger(
        "summary",
        people=len(result.rows),
        computed=t.people,
        error_count=result.errors,
        errors=errors,
        total_personal=t.total_personal,
        total_subsidy=t.total_subsidy,
        payers=list(t.by_payer.items()),
        payer_not_named=t.payer_not_named,
        region=defaults.region,
        paid_on=defaults.paid_on,
        kind=kind,
    )


def refusal_text(error: LedgerReadError) -> str:
    """Why the file cannot be read, worded for a chat (no command-line options)."""
    if error.code == "no_region_column":
        return texts.ledger("no_region")
    if error.code == "wrong_format":
        return texts.ledger("wrong_type")
    return texts.ledger("unreadable", reason=read_error_text(error.code, error.params))


def fits_caption(text: str) -> bool:
    return len(text.encode("utf-16-le")) // 2 <= CAPTION_LIMIT
