"""`python -m bot ledger PATH`: answer every row of a 台账 (.csv or .xlsx).

Exit 0 when every row was answered, 1 when some rows have errors (the output is still
written, each error in its row), 2 when the file cannot be read at all (one line why).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the modules themselves are imported in run(): the parser is built for every
    # command, and `answer` must not pay for yaml and openpyxl (tests/test_knowledge_cache.py)
    from bot.knowledge.base import KnowledgeBase
    from bot.ledger.compute import LedgerResult


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="the ledger: .xlsx or .csv (UTF-8 or GBK)")
    p.add_argument("--region", help="the region of rows with no region column or cell")
    p.add_argument("--paid-on", help="the payment day of rows with no 缴费日期 (default: today)")
    p.add_argument("--as-of", help="preview: the day taken as today")
    p.add_argument("--out", help="write the filled-in ledger here (.xlsx or .csv)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--template", action="store_true", help="a ledger to fill in: headers and one example row")


def run(kb: KnowledgeBase, args: argparse.Namespace, today: dt.date) -> int:
    from bot.ledger.output import read_error_text
    from bot.ledger.read import LedgerReadError

    try:
        if args.template:
            return _template(args.out)
        if not args.path:
            raise LedgerReadError("no_path")
        return _ledger(kb, args, today)
    except LedgerReadError as exc:
        print(read_error_text(exc.code, exc.params), file=sys.stderr)
        return 2


def _template(out: str | None) -> int:
    from bot.ledger.read import LedgerReadError
    from bot.ledger.write import out_kind, template_bytes

    if out:
        path = Path(out)
        data = template_bytes(out_kind(path))
        try:
            path.write_bytes(data)
        except OSError:
            raise LedgerReadError("cannot_write", path=out) from None
    else:
        sys.stdout.write(template_bytes("csv").decode("utf-8-sig"))
    return 0


def _ledger(kb: KnowledgeBase, args: argparse.Namespace, today: dt.date) -> int:
    from bot.cli.answer_cmd import parse_date
    from bot.engine.resolve import resolve_region
    from bot.ledger.compute import compute_ledger
    from bot.ledger.output import ledger_json_text
    from bot.ledger.read import LedgerReadError, read_path
    from bot.ledger.rows import Defaults
    from bot.ledger.write import out_kind, write

    region = resolve_region(kb, args.region) if args.region else None  # InputError: exit 2
    paid_on = parse_date(args.paid_on, "--paid-on") or today
    if args.out:
        out_kind(Path(args.out))  # a wrong suffix stops before the work, not after
        if Path(args.out).resolve() == Path(args.path).resolve():
            raise LedgerReadError("out_is_in")  # the cadre's only copy must not be overwritten
    raw, _ = read_path(Path(args.path))
    result = compute_ledger(kb, raw, Defaults(region, paid_on))
    if args.out:
        write(result, Path(args.out))
    if args.json:
        for piece in ledger_json_text(result):
            sys.stdout.write(piece)
    else:
        _print_summary(result)
    return 1 if result.errors else 0


def _print_summary(result: LedgerResult) -> None:
    from bot.ledger.output import row_error_text, summary_rows

    for r in result.rows:
        if r.error is not None:
            print(row_error_text(r.row, r.error), file=sys.stderr)
    for row in summary_rows(result):
        print("\t".join(str(v) for v in row))
