"""Errors a user can cause, each carrying where it happened and what is allowed.

The CLI maps these to exit codes in one place (``advisor.cli.main``); the core raises them
and never prints or exits.
"""

from __future__ import annotations

import os
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID_INPUT = 1
EXIT_USAGE = 2

# Every value a user controls is echoed through brief(), and every message is capped, so an
# error about a huge or deeply nested value costs as little to print as any other error.
ECHO_LIMIT = 80
MESSAGE_LIMIT = 2000

_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother = 3, ECHO_LIMIT, ECHO_LIMIT
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 6


def brief(value: object, limit: int = ECHO_LIMIT) -> str:
    """``repr(value)`` bounded in size and depth, for quoting a user's value in a message.

    reprlib stops at a few items and levels without walking the rest, so this is cheap even
    for a value built from many YAML aliases; the result is then cut to ``limit`` characters.
    """
    text = _repr.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(value: object, candidates: Iterable[str]) -> str:
    """``"did you mean 'x'? "`` for the candidate closest to a mistyped ``value``, else ``""``.

    Letter case is ignored when comparing, so ``Conversation`` suggests ``conversation``.
    """
    if not isinstance(value, str) or not value:
        return ""
    import difflib  # only when there is a mistake to explain

    by_folded = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(value.lower(), list(by_folded), n=1, cutoff=0.6)
    return f"did you mean '{by_folded[close[0]]}'? " if close else ""


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a user's file: ``path:line: CODE: message``."""

    path: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        message = self.message
        if len(message) > MESSAGE_LIMIT:  # a last guard; values are already cut by brief()
            message = message[: MESSAGE_LIMIT - 3] + "..."
        return f"{where}: {self.code}: {message}"


class AdvisorError(Exception):
    """Base class of every error the CLI turns into a clean message and an exit code."""

    exit_code = EXIT_INVALID_INPUT


class InputError(AdvisorError):
    """The user's input (a file, an answer, an option value) is invalid; exit code 1."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic) -> None:
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class Cancelled(AdvisorError):
    """The person cancelled (Ctrl-C, or Ctrl-D at a prompt) before anything was written; exit 1."""


class UsageError(AdvisorError):
    """The command line itself is wrong (e.g. a missing required option); exit code 2."""

    exit_code = EXIT_USAGE


def display_path(path: Path | str) -> str:
    """A path as the user would recognise it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        # abspath, not resolve: a symbolic link is named as given, not as what it points to
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(p)
