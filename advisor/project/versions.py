"""Ordering template versions (PEP 440), so ``advisor update`` never advises a downgrade.

Template versions are the bundle's tags (``v0.4.0``) or, for a project rendered from an
untagged commit, ``git describe`` output (``v0.4.0-3-gabc1234``: three commits after v0.4.0).
Any difference used to count as "behind", so a project on v0.9.0 with v0.2.2 installed was
told to run ``advisor update`` (a downgrade); and as text, v0.10.0 sorts before v0.9.0. Here
versions are parsed with :mod:`packaging` and ordered as versions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from packaging.version import InvalidVersion, Version

from advisor import error_codes, yaml_source
from advisor.errors import Diagnostic, InputError, brief, display_path

Status = Literal["up_to_date", "behind", "ahead"]
STATUSES: tuple[Status, ...] = ("up_to_date", "behind", "ahead")
# `git describe`: <tag>-<commits since the tag>-g<abbreviated hash>
_DESCRIBE = re.compile(r"^(?P<tag>.+)-(?P<ahead>\d+)-g[0-9a-f]{4,40}$")


class UnorderedVersion(ValueError):
    """A version string that is not PEP 440 (nor ``git describe`` of a PEP 440 tag).

    Reported as :data:`advisor.error_codes.UNORDERED_VERSION`.
    """


def key(version: str) -> tuple[Version, int]:
    """A sort key: the PEP 440 version, then the commits after it (``git describe``)."""
    match = _DESCRIBE.match(version)
    tag, after = (match["tag"], int(match["ahead"])) if match else (version, 0)
    try:
        return Version(tag), after
    except InvalidVersion:
        raise UnorderedVersion(version) from None


def compare(project: str, installed: str) -> Status:
    """Where the project's template version stands against the installed one."""
    if project == installed:
        return "up_to_date"
    have, latest = key(project), key(installed)
    if have < latest:
        return "behind"
    return "ahead" if have > latest else "up_to_date"  # equal: v1.0 and v1.0.0


def unordered_message(version: str) -> str:
    """The message for a version that cannot be ordered (reported as ADV151)."""
    return (
        f"template version {brief(version)} is not a PEP 440 version (e.g. v0.4.0), so it "
        "cannot be compared with the other"
    )


def compare_at(project: str, installed: str, answers: Path, bundle: Path) -> Status:
    """:func:`compare`, naming the file and line of a version that cannot be ordered."""
    try:
        return compare(project, installed)
    except UnorderedVersion as exc:
        bad = str(exc)
        message = unordered_message(bad)
        code = error_codes.UNORDERED_VERSION
        if bad == project:  # the project's `_commit`, at its line
            raise InputError(yaml_source.locate(answers, ("_commit",), code, message)) from None
        raise InputError(Diagnostic(display_path(bundle), None, code, message)) from None
