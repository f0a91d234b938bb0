"""YAML text → composed nodes and data, with errors a maintainer can act on: the line
(and field) of a duplicate key, an unclosed quote, an impossible date, a control,
zero-width or byte-order-mark character, an undecodable byte, a symlink loop, an alias bomb.

Imported only when files are parsed (loader.load_notice): a start answered from the
cache never needs it, and with PYTHONDONTWRITEBYTECODE (the Dockerfile sets it) every
module a start imports is compiled again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.errors import KnowledgeError, KnowledgeLoadError, field_path, os_problem

MAX_VALUES = 100_000  # per file, aliases expanded; a real notice has about 1 000
MERGE_TAG = "tag:yaml.org,2002:merge"
# What YAML accepts in a file (PyYAML's Reader.NON_PRINTABLE): anything else, NUL above all,
# is checked before parsing so the error can name a line instead of a character offset.
_NOT_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# And characters YAML lets through that no editor shows: U+FEFF (a byte-order mark; one at the
# very start, from "UTF-8 with BOM" editors, is dropped when decoding), and the zero-width
# characters pasted in with text from web pages and chat apps, which inside a value make a name
# or an alias that nothing a resident types can match (the understanding drops them from what
# residents type).
BOM = "\ufeff"
_ZERO_WIDTH = {BOM: "zero-width no-break space", "\u200b": "zero-width space",
               "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner", "\u2060": "word joiner",
               "\u00ad": "soft hyphen"}
_INVISIBLE = re.compile(f"{_NOT_YAML.pattern}|[{''.join(_ZERO_WIDTH)}]")

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is about 15× faster


class BadValue(yaml.constructor.ConstructorError):
    """A value that parses but cannot be (2023-02-30); keeps its node to name the field."""

    def __init__(self, node: yaml.Node, problem: str):
        super().__init__(None, None, problem, node.start_mark)
        self.node = node


class Loader(_Base):  # type: ignore[misc, valid-type]
    """A SafeLoader that reports impossible dates and unreadable numbers with their node, and
    records duplicate keys, which PyYAML otherwise resolves silently by keeping the last. Both
    parsers (libyaml's, the pure-Python one) give the nodes line numbers."""

    def __init__(self, stream: str):
        super().__init__(stream)
        # (mapping node, key, first key node, repeated key node)
        self.duplicates: list[tuple[yaml.MappingNode, str, yaml.Node, yaml.Node]] = []

    def construct_yaml_timestamp(self, node):  # type: ignore[no-untyped-def]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise BadValue(node, f"impossible date {node.value!r} ({exc})") from exc

    def construct_yaml_int(self, node):  # type: ignore[no-untyped-def]
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:  # int() reads at most 4,300 digits
            digits = sum(c.isdigit() for c in node.value)
            raise BadValue(node, f"number with {digits} digits is too long to be read "
                                 "(was a key held down, or something pasted?)") from exc

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        # Looked at before flatten_mapping: a key written beside a merge (`<<: *base`)
        # overrides the merged one on purpose; two written keys are a mistake.
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], yaml.Node] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != MERGE_TAG:
                    seen = first.setdefault((key_node.tag, key_node.value), key_node)
                    if seen is not key_node:
                        self.duplicates.append((node, key_node.value, seen, key_node))
        return super().construct_mapping(node, deep=deep)


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)


Loc = tuple[str | int, ...]


def _children(node: Any) -> Iterator[tuple[str | int, Any, bool]]:
    """(the child's place, the child node, whether it is a mapping key) of a YAML node."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key.value, key, True
            yield key.value, value, False
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield i, item, False


def _node_paths(root: Any) -> dict[int, Loc]:
    """id(node) -> the first field path that reaches it (an aliased node has several)."""
    paths: dict[int, Loc] = {id(root): ()}
    stack = [root]
    while stack:
        node = stack.pop()
        for place, child, is_key in _children(node):
            if not is_key and id(child) not in paths:
                paths[id(child)] = (*paths[id(node)], place)
                stack.append(child)
    return paths


class _AliasError(Exception):
    def __init__(self, node: Any, problem: str):
        super().__init__(problem)
        self.node, self.problem = node, problem


def _check_aliases(root: Any) -> None:
    """Refuse nested aliases that would expand past MAX_VALUES ("billion laughs": a few
    lines that unfold to gigabytes) and an alias inside its own anchor. PyYAML shares
    aliased nodes, so composing is cheap; the loader's line index and model validation
    would walk every copy. Each distinct node is sized once, so this check stays linear."""
    sizes: dict[int, int] = {}
    inside: set[int] = set()

    def size(node: Any) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in inside:
            raise _AliasError(node, "this value contains an alias (*name) of itself: YAML would repeat "
                                    "it forever; refused")
        inside.add(id(node))
        total = 1
        for _, child, _ in _children(node):
            total += size(child)
            if total > MAX_VALUES:
                raise _AliasError(node, f"through YAML aliases (*name) this value unfolds to more than "
                                        f"{MAX_VALUES} values (aliases nested in aliases?); refused")
        inside.discard(id(node))
        sizes[id(node)] = total
        return total

    size(root)


def _field_at(root: Any, line: int, column: int) -> Loc | None:
    """The deepest field whose text spans (line, column), both 0-based."""

    def spans(node: Any) -> bool:
        start, end = node.start_mark, node.end_mark
        return (start.line, start.column) <= (line, column) < (end.line, end.column)

    loc: Loc = ()
    node, seen = root, set()
    while node is not None and id(node) not in seen:  # seen: an alias may lead back up
        seen.add(id(node))
        place, child, is_key = next(((p, c, k) for p, c, k in _children(node) if spans(c)),
                                    (None, None, False))
        if child is None:
            break
        loc = (*loc, place)
        node = None if is_key else child
    return loc or None


def _decode(raw: bytes, shown: str) -> str:
    try:
        # "UTF-8 with BOM" (Windows Notepad's choice) reads the same: the mark is dropped, not
        # refused, so a maintainer's editor setting is no error. A U+FEFF anywhere else is one.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
            hint = " (it looks like GBK/GB18030, as some Windows editors save)"
        except UnicodeDecodeError:
            hint = ""
        raise KnowledgeLoadError([KnowledgeError(
            shown, line, "", f"not UTF-8: byte 0x{raw[exc.start]:02x} on this line cannot be read{hint}; "
                             "the file must be saved as UTF-8")]) from None


def _unprintable(text: str, shown: str) -> list[KnowledgeError]:
    """Characters YAML refuses (NUL, other control characters) and invisible ones it allows
    (U+FEFF, zero-width characters), by line, column and field. The field comes from parsing
    a copy with those characters blanked out."""
    found = list(_INVISIBLE.finditer(text))
    if not found:
        return []
    root = None
    loader = Loader(_INVISIBLE.sub(" ", text))
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:  # the rest is broken too: line and column still say where
        pass
    finally:
        loader.dispose()
    errors = []
    for match in found[:10]:
        line = text.count("\n", 0, match.start())
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        loc = _field_at(root, line, column) if root is not None else None
        if match.group() in _ZERO_WIDTH:
            problem = (f"invisible character U+{ord(match.group()):04X} ({_ZERO_WIDTH[match.group()]}) at "
                       f"column {column + 1} (often pasted in with the text): delete it")
        else:
            problem = (f"invisible control character U+{ord(match.group()):04X} at column {column + 1} "
                       "(often pasted in with the text) is not allowed in YAML: delete it")
        errors.append(KnowledgeError(shown, line + 1, field_path(loc or ()), problem))
    return errors


def _yaml_error(shown: str, exc: Exception, root: Any, text: str = "") -> KnowledgeError:
    node = getattr(exc, "node", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if node is not None:  # it parsed, but the value is impossible: name its field too
        loc = _node_paths(root).get(id(node), ()) if root is not None else ()
        return KnowledgeError(shown, node.start_mark.line + 1, field_path(loc), problem)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    line = problem_mark.line + 1 if problem_mark else None
    if context_mark is not None and "quoted scalar" in context:
        # An unclosed quote makes the scanner run on to the end of the file: the line
        # worth fixing is where the quote opened.
        where = " (the file ends first)" if "end of stream" in problem else f" ({problem} at line {line})"
        return KnowledgeError(shown, context_mark.line + 1, "",
                              f"YAML syntax: this quote is never closed{where}")
    opened = _quote_closing_on(text, line - 1) if line and text else None
    if opened is not None:
        # A quote left open is closed by the next quote in the file, lines further down,
        # and YAML breaks only there.
        return KnowledgeError(shown, opened + 1, "", f"YAML syntax: this quote is closed only on line "
                                                     f"{line}, where the file then breaks ({problem})")
    if context and context_mark is not None and line and context_mark.line + 1 != line:
        problem += f" ({context} that starts at line {context_mark.line + 1})"
    return KnowledgeError(shown, line, "", f"YAML syntax: {problem}")


def _quote_closing_on(text: str, line: int) -> int | None:
    """The 0-based line where a quoted value that ends on ``line`` opened, if earlier."""
    opened = None
    loader = Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.start_mark.line < token.end_mark.line == line):
                opened = token.start_mark.line
    except yaml.YAMLError:  # the tokens up to the break are all there is to look at
        pass
    finally:
        loader.dispose()
    return opened


def parse(text: str, shown: str) -> tuple[Any, Any]:
    """The composed root node (for line numbers) and the data, or KnowledgeLoadError."""
    errors = _unprintable(text, shown)
    if errors:
        raise KnowledgeLoadError(errors)
    node = None
    try:
        loader = Loader(text)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:  # the pure-Python reader checks characters at once
        raise KnowledgeLoadError([_yaml_error(shown, exc, None)]) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_aliases(node)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise KnowledgeLoadError([_yaml_error(shown, exc, node, text)]) from exc
    except _AliasError as exc:
        line = exc.node.start_mark.line + 1
        where = field_path(_node_paths(node).get(id(exc.node), ()))
        raise KnowledgeLoadError([KnowledgeError(shown, line, where, exc.problem)]) from None
    except RecursionError:
        raise KnowledgeLoadError([KnowledgeError(shown, None, "", "YAML nested too deeply")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        paths = _node_paths(node)
        raise KnowledgeLoadError([
            KnowledgeError(shown, second.start_mark.line + 1, field_path((*paths.get(id(mapping), ()), key)),
                           f"key {key!r} is written twice, {_where_both(first, second)}; YAML would "
                           "silently keep only the last: delete one")
            for mapping, key, first, second in loader.duplicates
        ])
    return node, data


def _where_both(first: Any, second: Any) -> str:
    a, b = first.start_mark, second.start_mark
    if a.line == b.line:
        return f"both on line {a.line + 1} (columns {a.column + 1} and {b.column + 1})"
    return f"at lines {a.line + 1} and {b.line + 1}"


def read(path: Path, shown: str) -> str:
    """The file's text; an unreadable or non-UTF-8 file is a KnowledgeLoadError with a line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeLoadError([KnowledgeError(shown, None, "", os_problem(exc))]) from None
    return _decode(raw, shown)
