"""Writing files the user asked for, never overwriting without ``--force``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from advisor.errors import Diagnostic, InputError, display_path


def refuse_overwrite(path: Path, force: bool) -> None:
    """Raise before any work is done when ``path`` exists and ``force`` is off."""
    if path.exists() and not force:
        raise InputError(
            Diagnostic(
                display_path(path), None, "ADV111", "already exists; pass --force to overwrite it"
            )
        )


def write_text(path: Path, text: str, force: bool) -> None:
    """Write atomically (temp file + rename) so a failure never leaves half a file."""
    refuse_overwrite(path, force)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(
            Diagnostic(display_path(path), None, "ADV100", f"folder {parent} does not exist")
        )
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):  # a failed write leaves no temp file behind
            os.unlink(tmp)
        raise InputError(
            Diagnostic(display_path(path), None, "ADV100", f"cannot write: {exc.strerror}")
        ) from None
