"""Every message is worded by a jinja2 template in ``templates/``; no prose in Python."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from bot import privacy

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


def date_cn(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def group_sources(sources: list[Any]) -> list[tuple[str, list[str]]]:
    """[(文号, [clauses])], in first-seen order, for a compact source line."""
    grouped: dict[str, list[str]] = {}
    for s in sources:
        clauses = grouped.setdefault(s.notice, [])
        for clause in s.clause.split("、"):  # a fact may cite "一（一）、二（一）1"
            if clause not in clauses:
                clauses.append(clause)
    return list(grouped.items())


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (compiling them is ~60 ms of a CLI answer).
    jinja2 checks each template's modification time, so an edited template recompiles."""
    from bot.knowledge.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable home (the Docker user): compile in memory as before
        return None
    return FileSystemBytecodeCache(str(folder / "templates"))


@cache
def environment() -> Environment:
    folder = Path(os.environ.get("YIBAO_TEMPLATE_DIR") or TEMPLATE_DIR)
    env = Environment(
        loader=FileSystemLoader(folder),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        # Templates do not change under a running process (a deploy restarts it); checking
        # their files on every message was ~16 stat calls an answer.
        auto_reload=False,
    )
    env.filters["date_cn"] = date_cn
    env.globals["group_sources"] = group_sources
    return env


def render(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` and tidy blank lines so messages stay compact."""
    text = environment().get_template(name).render(**context)
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


@cache
def _module(template: str) -> Any:
    """A template's macros, made once: a web server words thousands of notes a second, and
    get_template + .module was a third of the time a note took."""
    return environment().get_template(template).module


def macro(template: str, macro_name: str, /, **params: Any) -> str:
    """Call one macro of a template file (notes.j2, errors.j2 …) by name."""
    fn = getattr(_module(template), macro_name, None)
    if fn is None:
        raise KeyError(f"{template} has no macro {macro_name}")
    return str(fn(**params)).strip()


def _masked(value: Any) -> Any:
    """A str, or the strs of a list or tuple, with ID and mobile numbers hidden.

    Errors and notes echo what residents typed (a "date" that was a phone number, an identity
    word): their parameters are masked here, once, whoever raised them and wherever they show.
    """
    if isinstance(value, str):
        return privacy.redact(value)
    if isinstance(value, list | tuple):
        return type(value)(_masked(v) for v in value)
    return value


def note_text(note: Any, **answer: Any) -> str:
    """The note worded; ``answer``: what the answer knows beyond the note's own params
    (``tier_label``), passed to the macros that declare it."""
    fn = getattr(_module("notes.j2"), note.code, None)
    wanted = fn.arguments if fn is not None else ()
    params = {k: _masked(v) for k, v in note.params.items()}
    return macro("notes.j2", note.code, **params, **{k: v for k, v in answer.items() if k in wanted})


def error_text(error: Any) -> str:
    return macro("errors.j2", error.code, **{k: _masked(v) for k, v in error.params.items()})
