"""The few git operations the advisor needs, through the ``git`` command line.

Used to give a new project its first commit, to read the template versions in the bundled
template history, and to find merge conflicts after an update. git is optional for
``advisor new`` (the project is then not a repository) and required for ``advisor update``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, display_path

# Used only when the user has no git identity configured, so the first commit still works.
FALLBACK_NAME = "agent-advisor"
FALLBACK_EMAIL = "advisor@localhost"


def available() -> bool:
    """Whether a git executable is on PATH."""
    return shutil.which("git") is not None


def run(args: list[str], cwd: Path, check: bool = True) -> str:
    """Run git; on failure raise InputError with git's own message."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    if check and result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise InputError(
            Diagnostic(
                display_path(cwd), None, error_codes.GIT_FAILED,
                f"git {' '.join(args)} failed: {message[-1] if message else ''}",
            )
        )  # fmt: skip
    return result.stdout


def _identity(cwd: Path) -> list[str]:
    name = run(["config", "user.name"], cwd, check=False).strip()
    email = run(["config", "user.email"], cwd, check=False).strip()
    return [
        "-c", f"user.name={name or FALLBACK_NAME}",
        "-c", f"user.email={email or FALLBACK_EMAIL}",
    ]  # fmt: skip


def init_and_commit(folder: Path, message: str) -> None:
    """Make ``folder`` a repository with every file in one commit."""
    run(["init", "-q", "-b", "main"], folder)
    run(["add", "-A"], folder)
    run([*_identity(folder), "commit", "-q", "--no-verify", "-m", message], folder)


def is_repository(folder: Path) -> bool:
    """Whether ``folder`` is inside a git work tree."""
    out = run(["rev-parse", "--is-inside-work-tree"], folder, check=False)
    return out.strip() == "true"


def is_clean(folder: Path) -> bool:
    """No staged, unstaged or untracked changes."""
    return run(["status", "--porcelain"], folder).strip() == ""


def bundle_tags(bundle: Path) -> list[str]:
    """Tag names in a git bundle, oldest version first (PEP 440 order)."""
    out = run(["ls-remote", "--tags", str(bundle)], bundle.parent)
    tags = sorted(
        {
            line.split("refs/tags/")[1].removesuffix("^{}")
            for line in out.splitlines()
            if "refs/tags/" in line
        }
    )
    return sorted(tags, key=_version_key)


def file_in_bundle(bundle: Path, tag: str, path: str) -> str | None:
    """The text of ``path`` at ``tag`` in a git bundle, or None when that file is not there."""
    with tempfile.TemporaryDirectory(prefix="advisor-bundle-") as scratch:
        repo = Path(scratch)
        run(["init", "-q", "--bare"], repo)
        run(["fetch", "-q", str(bundle.resolve()), f"refs/tags/{tag}:refs/tags/{tag}"], repo)
        if not run(["ls-tree", "--name-only", tag, path], repo).strip():
            return None
        return run(["show", f"{tag}:{path}"], repo)


def _version_key(tag: str) -> tuple[bool, tuple[Any, ...]]:
    # PEP 440 order (v0.10.0 after v0.9.0); a tag that is no version sorts first, never newest
    from advisor.project import versions

    try:
        return True, versions.key(tag)
    except versions.UnorderedVersion:
        return False, (tag,)


def changed_between(bundle: Path, old: str, new: str) -> list[str]:
    """The template files that differ between two tags of a git bundle."""
    with tempfile.TemporaryDirectory(prefix="advisor-bundle-") as scratch:
        repo = Path(scratch)
        run(["init", "-q", "--bare"], repo)
        refs = [f"refs/tags/{tag}:refs/tags/{tag}" for tag in (old, new)]
        run(["fetch", "-q", str(bundle.resolve()), *refs], repo)
        return run(["diff", "--name-only", old, new], repo).splitlines()


def conflicted_files(folder: Path) -> list[str]:
    """Files git marks as unmerged, plus files holding Copier's inline conflict markers."""
    unmerged = run(["diff", "--name-only", "--diff-filter=U"], folder).split()
    marked = run(
        ["grep", "-l", "-I", "-e", "^<<<<<<< before updating"], folder, check=False
    ).split()
    return sorted(set(unmerged) | set(marked))


def assume_unchanged(folder: Path, path: str, on: bool) -> None:
    """Hide (or show again) a local edit from ``git status``."""
    flag = "--assume-unchanged" if on else "--no-assume-unchanged"
    run(["update-index", flag, path], folder)
