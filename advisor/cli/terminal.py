"""What the command line does with the terminal: colour, warnings, and a failing stdout.

Colour follows the conventions other tools (rich, typer, git) follow, most explicit first:

1. ``--color`` / ``--no-color`` (a global option: ``advisor --no-color recommend ...``);
2. ``NO_COLOR`` set to any non-empty value turns colour off (https://no-color.org), and wins
   over ``FORCE_COLOR``, which, set to any non-empty value, turns it on without a terminal;
3. otherwise colour only when standard output is a terminal.

Writing standard output can fail: a full disk (``> /dev/full``) is an error reported in one
line, exit 1; a reader that stops early (``| head -1``) is not: the advisor stops quietly with
exit 141 (128 + SIGPIPE), what ``cat``, ``git`` or any tool stopped by SIGPIPE reports, so a
``set -o pipefail`` script treats it like any other producer in a pipeline.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from advisor import error_codes
from advisor.errors import Diagnostic

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as the shell reports a process stopped by it

# The --color/--no-color choice of the running command (None: not given). The command line is
# one invocation per process; the root callback sets it again at the start of every one.
_color_flag: bool | None = None


def set_color_flag(flag: bool | None) -> None:
    """Record ``--color`` (True), ``--no-color`` (False) or neither (None)."""
    global _color_flag
    _color_flag = flag


def color_wanted(flag: bool | None, environ: Mapping[str, str], is_terminal: bool) -> bool:
    """Whether output should carry ANSI colour: flag, then NO_COLOR/FORCE_COLOR, then TTY."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return is_terminal


def stdout_color() -> bool:
    """Colour for what the current command writes to standard output."""
    return color_wanted(_color_flag, os.environ, sys.stdout.isatty())


def warn(warnings: Iterable[Diagnostic]) -> None:
    """Warnings on stderr, ``warning: path: CODE: message``; they never change the exit code."""
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")


class OutputFailed(Exception):
    """Standard output refused a write; carries the OSError (never caught as an OSError)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause


class GuardedStdout:
    """``sys.stdout`` whose write failures are told apart from every other OSError.

    Only failures of standard output become :class:`OutputFailed`, so the one handler in
    ``main`` never mistakes a file the user named for the terminal. Everything else (isatty,
    encoding, buffer) is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputFailed(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush cannot fail again.

    What the Python documentation recommends after a broken pipe (signal module, "Note on
    SIGPIPE"); the text still buffered is dropped.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (an embedding host): nothing to flush
        pass


def output_failed(failure: OutputFailed) -> int:
    """Report a failed write to standard output; the exit code to end with."""
    silence_stdout()
    if failure.cause.errno == errno.EPIPE:
        return EXIT_BROKEN_PIPE
    message = Diagnostic(
        "advisor", None, error_codes.OUTPUT_FAILED,
        f"cannot write to standard output: {failure.cause.strerror or failure.cause}",
    )  # fmt: skip
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except OSError:  # stderr is gone too: the exit code is all that is left
        pass
    return 1
