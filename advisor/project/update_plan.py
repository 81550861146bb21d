"""``advisor update --check`` and ``--dry-run``: where a project stands, and what would change.

Kept apart from :mod:`advisor.project.scaffold` (which renders and merges) because nothing
here writes: it reads the project's recorded template version and the installed bundle, and
orders them as versions (:mod:`advisor.project.versions`) so that a project made by a newer
advisor is reported as *ahead*, never as behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, display_path
from advisor.project import git_repo, scaffold, versions


@dataclass(frozen=True)
class VersionCheck:
    """A project's template version against the installed one.

    ``status`` is ``up_to_date``, ``behind`` (an update would merge ``installed_version`` in)
    or ``ahead`` (the project was made by a newer advisor; updating would be a downgrade,
    which the advisor never does).
    """

    project_version: str
    installed_version: str
    status: versions.Status


def check_version(project: Path, bundle: Path | None = None) -> VersionCheck:
    """Compare the project's recorded template version with the installed bundle's newest."""
    bundle = bundle or scaffold.bundle_path()
    have = scaffold.project_version(project)
    answers = project / scaffold.ANSWERS_FILE
    if have is None:
        raise InputError(
            Diagnostic(
                display_path(answers), None, error_codes.NOT_AN_ADVISOR_PROJECT,
                "no template version recorded (_commit): not generated from the advisor's "
                "versioned template",
            )
        )  # fmt: skip
    latest = scaffold.installed_version(bundle)
    return VersionCheck(have, latest, versions.compare_at(have, latest, answers, bundle))


@dataclass(frozen=True)
class UpdatePlan:
    """What ``advisor update`` would do: the version move and the template files it changes.

    ``template_changes`` are the template's files that differ between the two versions
    (template paths, e.g. ``README.md.jinja``), empty when nothing would be merged, and None
    when they cannot be listed (a recorded version that is not a tag of the bundle).
    """

    check: VersionCheck
    template_changes: tuple[str, ...] | None


def plan(project: Path, bundle: Path | None = None) -> UpdatePlan:
    """Run every check ``update`` runs (refusing what it refuses); write nothing."""
    bundle = bundle or scaffold.bundle_path()
    scaffold.check_updatable(project)
    check = check_version(project, bundle)
    if check.status != "behind":
        return UpdatePlan(check, ())
    try:
        changes = git_repo.changed_between(bundle, check.project_version, check.installed_version)
    except InputError:
        return UpdatePlan(check, None)
    return UpdatePlan(check, tuple(changes))
