"""Errors a user can cause, each carrying where it happened and what is allowed.

The CLI maps these to exit codes in one place (``advisor.cli.main``); the core raises them
and never prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID_INPUT = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a user's file: ``path:line: CODE: message``."""

    path: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.code}: {self.message}"


class AdvisorError(Exception):
    """Base class of every error the CLI turns into a clean message and an exit code."""

    exit_code = EXIT_INVALID_INPUT


class InputError(AdvisorError):
    """The user's input (a file, an answer, an option value) is invalid; exit code 1."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("<input>", None, "ADV100", diagnostics)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class UsageError(AdvisorError):
    """The command line itself is wrong (e.g. a missing required option); exit code 2."""

    exit_code = EXIT_USAGE


def display_path(path: Path | str) -> str:
    """A path as the user would recognise it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
