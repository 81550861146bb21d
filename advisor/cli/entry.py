"""The entry point of the ``advisor`` console script and ``python -m advisor``, and Ctrl-C.

Apart from the commands (:mod:`advisor.cli.main`) so that it runs before they are loaded:
loading typer and click takes a few hundred milliseconds on a busy machine, and a Ctrl-C then
must cancel like a Ctrl-C at a prompt (exit 1, nothing written) rather than end in a
KeyboardInterrupt traceback. This module imports nothing at load time for the same reason:
every import before :func:`main` runs is time in which a Ctrl-C still kills the process.
"""

from __future__ import annotations

import sys

CANCELLED = "cancelled; nothing was written"


def main() -> None:
    """Run the ``advisor`` command line (``sys.argv``); exits with the command's exit code."""
    try:
        from advisor.cli.main import run
    except KeyboardInterrupt:
        from advisor.errors import EXIT_INVALID_INPUT

        print(f"error: {CANCELLED}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID_INPUT) from None
    run()


class NothingWrittenYet:
    """A Ctrl-C in the block is :class:`~advisor.errors.Cancelled`: the command writes after it.

    A Ctrl-C is a SIGINT (a KeyboardInterrupt) whenever no prompt has the terminal: while the
    rules load, while help text prints between two prompts. At a prompt it is a cancelled
    prompt instead; both end the same way.
    """

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            from advisor.errors import Cancelled

            raise Cancelled(CANCELLED) from None
