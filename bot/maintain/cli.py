"""`python -m bot knowledge diff|schema`: the maintainer's sub-commands (check is in knowledge_cmd)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.errors import KnowledgeLoadError
from bot.maintain.sources import KnowledgeSource


def add_knowledge_commands(ksub: argparse._SubParsersAction) -> None:
    """Register `knowledge diff` and `knowledge schema` on the `knowledge` sub-parsers."""
    diff = ksub.add_parser(
        "diff",
        help="which answers change between two knowledge versions",
        description="Ask both versions the same questions (regions × identities × tiers × "
                    "newborn × dates from the notices' windows, plus today) and list the "
                    "answers that differ. OLD and NEW are folders or git revisions "
                    "(REV or REV:path, e.g. HEAD or HEAD~1:knowledge).",
    )
    diff.add_argument("old", help="folder or git revision, e.g. HEAD")
    diff.add_argument("new", nargs="?", default=None,
                      help="folder or git revision (default: the knowledge folder)")
    diff.add_argument("--as-of", help="the day taken as today, added to the sample dates")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    schema = ksub.add_parser("schema", help="write the JSON Schema of the knowledge files")
    schema.add_argument("--out", help="where to write it (default: docs/knowledge.schema.json; - for stdout)")
    schema.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the file differs from the models")


def run_knowledge_command(args: argparse.Namespace, today: Callable[[argparse.Namespace], dt.date]) -> int:
    if args.knowledge_command == "diff":
        return run_diff(args.old, args.new, today(args), as_json=args.json)
    if args.knowledge_command == "schema":
        return run_schema(args.out, check=args.check)
    raise ValueError(args.knowledge_command)


def _load(source: KnowledgeSource) -> KnowledgeBase:
    from bot.knowledge.check import load_checked  # here: `answer` imports this module on every start

    try:
        return load_checked(source.folder)
    except KnowledgeLoadError as exc:
        # name the files as the maintainer knows them (HEAD:knowledge/x.yaml), not the temp copy
        if source.revision is not None:
            prefix = source.label.rstrip("/") + "/"
            exc.errors[:] = [replace(e, file=prefix + Path(e.file).name) for e in exc.errors]
        raise


def run_diff(old: str, new: str | None, today: dt.date, *, as_json: bool = False) -> int:
    """Exit 0 with the report; 1 if a version does not load; 2 if an argument names nothing."""
    from bot.knowledge.loader import knowledge_dir
    from bot.maintain.diff import diff_knowledge, render_text
    from bot.maintain.sources import SourceError, open_source

    if new is None:
        folder = knowledge_dir().resolve()
        try:
            new = str(folder.relative_to(Path.cwd().resolve()))
        except ValueError:
            new = str(folder)
    try:
        with open_source(old) as old_src, open_source(new) as new_src:
            kbs = []
            for src in (old_src, new_src):
                try:
                    kbs.append(_load(src))
                except KnowledgeLoadError as exc:
                    print(f"{src.label}: the knowledge does not load:", file=sys.stderr)
                    for err in exc.errors:
                        print(err, file=sys.stderr)
                    return 1
            result = diff_knowledge(kbs[0], kbs[1], today=today,
                                    old_label=old_src.label, new_label=new_src.label)
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(render_text(result))
    sys.stdout.flush()
    return 0


def run_schema(out: str | None, *, check: bool = False) -> int:
    from bot.maintain.schema import DEFAULT_PATH, schema_text

    text = schema_text()
    if out == "-":
        sys.stdout.write(text)
        return 0
    path = Path(out) if out else DEFAULT_PATH
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path}: out of date; run `python -m bot knowledge schema`", file=sys.stderr)
            return 1
        print(f"{path}: up to date")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0
