"""Reading YAML (and JSON) files with line numbers for error messages.

The only module that imports ruamel.yaml. Files are parsed with the fast C-backed safe
loader; when a problem must be reported, the file is parsed again with the round-trip loader,
whose nodes carry positions, to turn a key path such as ``("when", "all", 0)`` into a line.
Parsing twice only on error keeps ``advisor recommend`` fast on large rule packs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor.errors import Diagnostic, InputError, display_path

KeyPath = Sequence[str | int]

_SYNTAX = "ADV101"


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
        _SYNTAX,
        f"not valid YAML/JSON: {problem}; fix the syntax (a mapping of keys to values)",
    )


def read_text(path: Path) -> str:
    """The file's text, or an InputError that says why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Diagnostic(display_path(path), None, "ADV100", "file not found")) from None
    except IsADirectoryError:
        raise InputError(
            Diagnostic(display_path(path), None, "ADV100", "is a directory, expected a file")
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            Diagnostic(display_path(path), None, "ADV100", f"cannot be read: {exc}")
        ) from None


def load(path: Path) -> Any:
    """Parse a YAML or JSON file into plain Python data; syntax errors carry the line."""
    text = read_text(path)
    try:
        return _safe_loader().load(text)
    except Exception as exc:  # ruamel raises several unrelated classes for bad input
        raise InputError(_syntax_diagnostic(path, exc)) from None


def parse(text: str, where: str) -> Any:
    """Parse YAML text that is not a file of its own (e.g. read from a git bundle)."""
    try:
        return _safe_loader().load(text)
    except Exception as exc:  # ruamel raises several unrelated classes for bad input
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(Diagnostic(where, line, _SYNTAX, f"not valid YAML: {exc}")) from None


def line_of(path: Path, key_path: KeyPath) -> int | None:
    """The 1-based line of the value at ``key_path`` in ``path`` (or of its nearest parent)."""
    from ruamel.yaml import YAML

    try:
        node = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
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


def locate(path: Path, key_path: KeyPath, code: str, message: str) -> Diagnostic:
    """A Diagnostic for ``path`` at the line of ``key_path``."""
    return Diagnostic(display_path(path), line_of(path, key_path), code, message)
