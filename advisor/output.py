"""Writing files the user asked for, never overwriting without ``--force``.

Only a regular file, or a symbolic link, is ever replaced. A FIFO, a device, a socket or a
folder at the target is refused even with ``--force``: replacing it by renaming a file over it
would destroy it (as root, ``-o /dev/full --force`` would have replaced the device node). A
symbolic link given as the target is replaced by the new file; the file it pointed to is left
unchanged, so a link can never make the advisor write somewhere the user did not name.
Missing folders above the target are created (``mkdir -p``), and removed if the write fails.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, display_path


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def replaceable(path: Path) -> bool:
    """Whether ``path`` exists (a dangling link counts), raising when it must not be replaced."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # a file above it is reported on writing
        return False
    except OSError as exc:
        raise InputError(
            Diagnostic(
                display_path(path),
                None,
                error_codes.FILE_ACCESS,
                f"cannot be checked: {exc.strerror}",
            )
        ) from None
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise InputError(
            Diagnostic(
                display_path(path), None, error_codes.NOT_A_FILE,
                f"is {_kind(mode)}; the advisor only writes regular files (choose a file path)",
            )
        )  # fmt: skip
    return True


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or the usual ones (0666 less the umask) for a new one."""
    try:
        existing = os.stat(path)  # through a link: the mode of the file it pointed to
        if stat.S_ISREG(existing.st_mode):
            return stat.S_IMODE(existing.st_mode)
    except OSError:
        pass
    umask = os.umask(0)  # the only way to read it; restored at once (the CLI is one thread)
    os.umask(umask)
    return 0o666 & ~umask


def refuse_overwrite(path: Path, force: bool) -> None:
    """Raise before any work is done when ``path`` exists and ``force`` is off.

    A target that is not a regular file or a symbolic link is refused whatever ``force`` says.
    """
    if replaceable(path) and not force:
        raise InputError(
            Diagnostic(
                display_path(path),
                None,
                error_codes.EXISTS,
                "already exists; pass --force to overwrite it",
            )
        )


def _make_parents(path: Path) -> list[Path]:
    """Create the missing folders above ``path``; the ones created, outermost first.

    ``-o docs/decisions/0001-x.md`` in a fresh repository is the documented use, so missing
    folders are made (like ``mkdir -p``); only folders, and an existing file where a folder
    is needed is refused, never replaced.
    """
    missing: list[Path] = []
    parent = path.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    if str(parent) and os.path.lexists(parent) and not parent.is_dir():
        raise InputError(
            Diagnostic(
                display_path(path), None, error_codes.FILE_ACCESS,
                f"cannot create the folder for it: {display_path(parent)} is not a folder",
            )
        )  # fmt: skip
    made: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except OSError as exc:
            _remove(made)
            raise InputError(
                Diagnostic(
                    display_path(path), None, error_codes.FILE_ACCESS,
                    f"cannot create folder {display_path(folder)}: {exc.strerror}",
                )
            ) from None  # fmt: skip
        made.append(folder)
    return made


def _remove(folders: list[Path]) -> None:
    """Remove folders this write created, innermost first, so a failure leaves nothing."""
    for folder in reversed(folders):
        # not empty any more (someone else wrote into it meanwhile): then it stays
        with contextlib.suppress(OSError):
            folder.rmdir()


def write_text(path: Path, text: str, force: bool) -> None:
    """Write atomically (temp file + rename) so a failure never leaves half a file.

    Missing parent folders are created, and removed again when the write fails.
    """
    refuse_overwrite(path, force)
    parent = path.parent if str(path.parent) else Path(".")
    made = _make_parents(path)
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; a report is as readable as any
        # checked again just before the rename: the target may have changed while writing
        replaceable(path)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp and os.path.lexists(tmp):  # a failed write leaves no temp file behind
            os.unlink(tmp)
        _remove(made)
        if isinstance(exc, OSError):
            raise InputError(
                Diagnostic(
                    display_path(path),
                    None,
                    error_codes.FILE_ACCESS,
                    f"cannot write: {exc.strerror}",
                )
            ) from None
        raise
