"""Where a command's answers come from, said out loud.

``advisor ask`` saves ``answers.yml`` in the working directory; ``recommend`` and ``new`` pick
that file up when no ``--answers`` is given, and say so on stderr. When there is no file they
fall back to the questions' defaults, and say that too: a report built from defaults must never
pass for one built from the user's answers. A non-interactive ``new`` writes a whole repository,
so there it refuses to guess unless ``--defaults`` asks for exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, UsageError

# What `advisor ask` writes by default, and what the other commands look for.
DEFAULT_ANSWERS = Path("answers.yml")


@dataclass(frozen=True)
class AnswersSource:
    """The answers file to read (None: the defaults) and the note that says so."""

    path: Path | None
    note: str

    @property
    def from_defaults(self) -> bool:
        """No file: every answer not given with ``--set`` is the question's default."""
        return self.path is None


def resolve(answers: Path | None, defaults: bool, overrides: list[str] | None) -> AnswersSource:
    """``--answers`` if given; else ``./answers.yml`` if present; else the defaults.

    ``--defaults`` skips the look-up (and is a usage error together with ``--answers``).
    """
    if answers is not None and defaults:
        raise UsageError("--answers and --defaults exclude each other; pass one of them")
    if answers is not None:
        return AnswersSource(answers, "")
    if defaults:
        return AnswersSource(None, "")
    if DEFAULT_ANSWERS.exists():  # a folder or a FIFO here is reported by the reader
        return AnswersSource(
            DEFAULT_ANSWERS,
            f"using answers from {DEFAULT_ANSWERS} (found in the current folder; "
            "pass --answers FILE for another file, or --defaults to ignore it)",
        )
    given = " not given with --set" if overrides else ""
    return AnswersSource(
        None,
        f"no --answers and no {DEFAULT_ANSWERS} here: every answer{given} is the question's "
        "default (run advisor ask, or pass --answers FILE)",
    )


def announce(source: AnswersSource) -> None:
    """Print the source's note on stderr (stdout stays the report, for pipes and files)."""
    if source.note:
        typer.echo(f"note: {source.note}", err=True)


def require_answers(source: AnswersSource, defaults: bool) -> None:
    """Refuse a non-interactive run that would silently answer everything with defaults."""
    if source.from_defaults and not defaults:
        raise InputError(
            Diagnostic(
                "advisor new", None, error_codes.NO_ANSWERS,
                f"no answers: no --answers, no {DEFAULT_ANSWERS} in the current folder, and no "
                "terminal to ask in (or --no-input); pass --answers FILE, run advisor ask "
                "first, or pass --defaults to generate from the default answers",
            )
        )  # fmt: skip
