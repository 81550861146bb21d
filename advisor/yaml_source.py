"""Reading YAML (and JSON) files with line numbers for error messages.

The only module that imports ruamel.yaml. Files are parsed with the fast C-backed safe
loader; when a problem must be reported, the file is parsed again with the round-trip loader,
whose nodes carry positions, to turn a key path such as ``("when", "all", 0)`` into a line.
Parsing twice only on error keeps ``advisor recommend`` fast on large rule packs. A ``.json``
file is read by the stdlib JSON parser first (C, no ruamel import); the shipped rule files
come from a cache of their parsed data when they are unchanged (:mod:`advisor.rules.parse_cache`).

Input is bounded before it is trusted (SECURITY.md): a file larger than :data:`MAX_BYTES` is
refused unread, and a document whose aliases (``*name``) would expand to more than
:data:`MAX_ALIAS_NODES` nodes is refused before any value of it is used, so a small file of
nested aliases (a "billion laughs") cannot exhaust memory when it is printed or walked.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, brief, display_path

KeyPath = Sequence[str | int]


MAX_BYTES = 1_000_000  # answers, rule, pack and portfolio files; real ones are a few KB
MAX_ALIASES = 100  # alias uses per document
MAX_ALIAS_NODES = 10_000  # nodes that alias uses may add to a document once expanded
MAX_DEPTH = 100  # nesting levels of a document that uses aliases


def _safe_loader() -> Any:
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=False)
    except Exception:  # pragma: no cover - ruamel.yaml.clib missing: pure Python still works
        return YAML(typ="safe", pure=True)


def _syntax_diagnostic(path: Path, exc: Exception) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start is not None and start.line + 1 != line:
        # e.g. an unclosed bracket: the parser notices on a later line than the mistake
        problem = f"{problem} ({context} at line {start.line + 1})"
    return Diagnostic(
        display_path(path),
        line,
        error_codes.SYNTAX,
        f"not valid YAML/JSON: {problem}; fix the syntax (a mapping of keys to values)",
    )


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text, or an InputError that says why it cannot be read or is too large.

    At most ``limit + 1`` bytes are read, so neither a huge file nor an endless one (a FIFO,
    ``/dev/zero``) is ever held in memory.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError(
                Diagnostic(
                    display_path(path), None, error_codes.TOO_LARGE,
                    f"larger than the limit of {limit:,} bytes for an input file",
                )
            )  # fmt: skip
        return data.decode("utf-8")
    except FileNotFoundError:
        raise InputError(
            Diagnostic(display_path(path), None, error_codes.FILE_ACCESS, "file not found")
        ) from None
    except IsADirectoryError:
        raise InputError(
            Diagnostic(
                display_path(path), None, error_codes.FILE_ACCESS, "is a directory, expected a file"
            )
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            Diagnostic(display_path(path), None, error_codes.FILE_ACCESS, f"cannot be read: {exc}")
        ) from None


def load(path: Path) -> Any:
    """Parse a YAML or JSON file into plain Python data; syntax errors carry the line.

    Raises InputError for a file over :data:`MAX_BYTES` or with too many aliases.
    """
    return load_text(path, read_text(path))


def load_text(path: Path, text: str) -> Any:
    """:func:`load` for a file whose text has already been read (e.g. to hash it)."""
    if path.suffix.lower() == ".json":
        parsed = _strict_json(text)
        if parsed is not _NOT_JSON:
            return parsed
    try:
        if "*" in text:  # no alias without a '*': most files skip the extra pass
            check_aliases(text, display_path(path))
        return _safe_loader().load(text)
    except InputError:
        raise
    except Exception as exc:  # ruamel raises several unrelated classes for bad input
        raise InputError(_syntax_diagnostic(path, exc)) from None


def scalar(text: str) -> Any:
    """What ``text`` means as a plain value in a YAML 1.2 file: ``5`` → 5, ``true`` → True.

    Used for values typed on the command line (``--set id=value``) so that they are read
    exactly as the same value in an answers file. Text that is not a single scalar there (a
    mapping, a list, a date, a syntax error) stays text.
    """
    try:
        value = _safe_loader().load(text)
    except Exception:  # ruamel raises several unrelated classes for bad input
        return text.strip()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return text.strip()


_NOT_JSON = object()


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")  # the YAML parser reports it, with its line
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON, and not YAML either


def _strict_json(text: str) -> Any:
    """A .json file read by the C-backed stdlib parser, or _NOT_JSON.

    Importing and running the pure-Python YAML parser costs ~20 ms for a small answers file.
    Anything the strict parser refuses (a syntax error, a duplicate key, NaN, a BOM) goes to
    the YAML parser, which accepts or reports it exactly as before, with its line.
    """
    import json

    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except ValueError:
        return _NOT_JSON


def parse(text: str, where: str) -> Any:
    """Parse YAML text that is not a file of its own (e.g. read from a git bundle)."""
    check_aliases(text, where)
    try:
        return _safe_loader().load(text)
    except Exception as exc:  # ruamel raises several unrelated classes for bad input
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            Diagnostic(where, line, error_codes.SYNTAX, f"not valid YAML: {brief(str(exc))}")
        ) from None


def check_aliases(text: str, where: str) -> None:
    """Refuse a document whose aliases are too many or would expand too far.

    Walks the parser's events (no objects are built): each anchored node's expanded size is
    recorded when it closes, and each alias adds that size to its parent. The walk is linear
    in the text, however deep the nesting, and stops at the first bound exceeded.
    """
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        ScalarEvent,
    )

    sizes: dict[str, int] = {}  # anchor → expanded node count
    stack: list[tuple[str | None, int]] = []  # open collections: (anchor, size so far)
    aliases = added = 0
    for event in _safe_loader().parse(text):
        if isinstance(event, DocumentStartEvent):
            sizes.clear()
            aliases = added = 0
            continue
        size = 0
        if isinstance(event, CollectionStartEvent):
            stack.append((event.anchor, 1))
            if len(stack) > MAX_DEPTH:  # also keeps the parser's per-level work bounded
                raise _alias_error(where, event, f"nested deeper than {MAX_DEPTH} levels")
            continue
        if isinstance(event, AliasEvent):
            aliases += 1
            if event.anchor not in sizes:  # an alias to a node still open: a cycle
                raise _alias_error(where, event, "an alias refers to a node that contains it")
            size = sizes[event.anchor]
            added += size
            if aliases > MAX_ALIASES or added > MAX_ALIAS_NODES:
                raise _alias_error(
                    where, event,
                    f"aliases expand beyond the limit of {MAX_ALIASES} aliases or "
                    f"{MAX_ALIAS_NODES:,} nodes per document; write the values out instead",
                )  # fmt: skip
        elif isinstance(event, ScalarEvent):
            size = 1 + len(event.value) // 1024  # a long text weighs like many short ones
        elif isinstance(event, CollectionEndEvent) and stack:
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
        else:
            continue
        if isinstance(event, ScalarEvent) and event.anchor is not None:
            sizes[event.anchor] = size
        if stack:
            anchor, total = stack[-1]
            stack[-1] = (anchor, total + size)


def _alias_error(where: str, event: Any, problem: str) -> InputError:
    mark = getattr(event, "start_mark", None)
    line = mark.line + 1 if mark is not None else None
    return InputError(Diagnostic(where, line, error_codes.TOO_LARGE, problem))


@functools.lru_cache(maxsize=4)
def _positions(path: str, mtime_ns: int, size: int) -> Any:
    """The file parsed with positions, once per version of the file.

    A file with many problems asks for many lines; parsing it again for each one would make
    reporting them quadratic in the file's size.
    """
    from ruamel.yaml import YAML

    return YAML(typ="rt").load(read_text(Path(path)))


def line_of(path: Path, key_path: KeyPath) -> int | None:
    """The 1-based line of the value at ``key_path`` in ``path`` (or of its nearest parent)."""
    try:
        info = path.stat()
        node = _positions(str(path), info.st_mtime_ns, info.st_size)
    except Exception:
        return None
    lc = getattr(node, "lc", None)
    line: int | None = lc.line + 1 if lc is not None and lc.line is not None else 1
    for key in key_path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(key, int) and isinstance(node, list):
                if lc is not None:
                    line = lc.item(key)[0] + 1
                node = node[key]
            elif isinstance(node, dict) and key in node:
                if lc is not None:
                    line = lc.key(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return line


def dump_with_comments(data: dict[str, Any], comments: dict[str, str], header: str) -> str:
    """Serialise a flat mapping as YAML, a comment above each key and a header on top."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    doc = CommentedMap()
    for key, value in data.items():
        doc[key] = value
        if key in comments:
            doc.yaml_set_comment_before_after_key(key, before=comments[key])
    doc.yaml_set_start_comment(header)
    out = io.StringIO()
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.dump(doc, out)
    return out.getvalue()


def with_value(text: str, key: str, value: str) -> str:
    """``text`` (a YAML mapping) with top-level ``key`` set to ``value``, comments kept.

    Parsed and written by the round-trip loader, so the key is found however it is spelled
    (quoted or not) — unlike a text substitution that a quoted key would slip past.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long value onto a second line
    doc = yaml.load(text)
    doc[key] = value
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def locate(path: Path, key_path: KeyPath, code: str, message: str) -> Diagnostic:
    """A Diagnostic for ``path`` at the line of ``key_path``."""
    return Diagnostic(display_path(path), line_of(path, key_path), code, message)
