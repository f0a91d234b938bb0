"""Load ``knowledge/*.yaml`` into models, with errors that name file, line and field.

A maintainer who is not a programmer edits these files, so every error says where
(``knowledge/2024-x.yaml:42``), which field (``categories[2].medical[0].amount``)
and what is wrong, in one line each.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.knowledge import cache
from bot.knowledge.errors import KnowledgeError, KnowledgeLoadError, display_path, field_path, os_problem
from bot.knowledge.loaded import LoadedNotice
from bot.knowledge.record import to_record

if TYPE_CHECKING:
    pass

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
ENV_DIR = "YIBAO_KNOWLEDGE_DIR"

def knowledge_dir() -> Path:
    return Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)


def _index_lines(node: Any, loc: tuple[str | int, ...], out: dict) -> None:
    import yaml

    out.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            k = (key.value,)
            out[loc + k] = key.start_mark.line + 1
            _index_lines(value, loc + k, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*loc, i), out)


def load_notice(path: Path) -> LoadedNotice:
    from pydantic import ValidationError

    from bot.knowledge.models import NoticeFile
    from bot.knowledge.parse import parse, read

    shown = display_path(path)
    node, data = parse(read(path, shown), shown)
    if not isinstance(data, dict) or node is None:
        raise KnowledgeLoadError([KnowledgeError(shown, 1, "", "the file must be a YAML mapping")])
    lines: dict[tuple[str | int, ...], int] = {}
    _index_lines(node, (), lines)
    try:
        model = NoticeFile.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check the spelling; unknown keys are not allowed)"
            errors.append(KnowledgeError(shown, line, field_path(loc), msg))
        raise KnowledgeLoadError(errors) from exc
    return LoadedNotice(path=path, model=to_record(model), lines=lines)


def load_folder(folder: Path | None = None) -> list[LoadedNotice]:
    """Every ``*.yaml`` in the folder; all files' errors are gathered before raising."""
    folder = folder or knowledge_dir()
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError as exc:
        problem = "no such folder" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else os_problem(exc)
        raise KnowledgeLoadError([KnowledgeError(display_path(folder), None, "", problem)]) from None
    notices, errors = [], []
    if not files:
        raise KnowledgeLoadError([KnowledgeError(display_path(folder), None, "", "no .yaml files")])
    where = cache.entry(files)
    cached = cache.read(where, files)
    if cached is not None:
        return cached
    for path in files:
        try:
            notices.append(load_notice(path))
        except KnowledgeLoadError as exc:
            errors.extend(exc.errors)
    if errors:
        raise KnowledgeLoadError(errors)
    cache.write(where, notices)
    return notices
