"""Rendering and updating starter repositories with Copier (the only module importing copier).

The template ships twice: as a folder (``templates/agent-service``, what plain ``copier copy``
uses) and as a git bundle of its released versions (``templates/agent-service.bundle``),
built by ``scripts/build_template_bundle.py``. Rendering from the bundle records the version
(``_commit``) in the project's answers file, which is what lets ``advisor update`` do a 3-way
merge later — offline, from an installed wheel, where a plain folder could not.

Generated answers files carry a portable ``_src_path`` (:data:`PORTABLE_SOURCE`) instead of a
path into this machine's site-packages; ``update`` points it at the installed bundle while it
runs and puts the portable value back afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import error_codes, resources, yaml_source
from advisor.errors import AdvisorError, Diagnostic, InputError, brief, display_path
from advisor.project import git_repo, versions

TEMPLATE = "agent-service"
ANSWERS_FILE = ".copier-answers.yml"
PORTABLE_SOURCE = f"advisor:{TEMPLATE}"
# A template version as Copier records it (a tag or `git describe` output): never an option.
SAFE_REF = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,99}$")
COPIER_FILES = ("copier.yml", "copier.yaml")


@dataclass(frozen=True)
class TemplateSource:
    """Where to render from: the versioned bundle (with a tag) or the plain folder."""

    path: Path
    version: str | None

    @property
    def versioned(self) -> bool:
        """Renders from the bundle record ``_commit`` and can be updated later."""
        return self.version is not None


def bundle_path() -> Path:
    """The installed template history (a git bundle); ``ADVISOR_TEMPLATE_BUNDLE`` overrides it.

    The override lets a template author (and the tests) try a bundle before it ships.
    """
    override = os.environ.get("ADVISOR_TEMPLATE_BUNDLE")
    if override:
        return Path(override)
    return resources.templates_dir() / f"{TEMPLATE}.bundle"


def folder_path() -> Path:
    """The installed template folder."""
    return resources.templates_dir() / TEMPLATE


def installed_version(bundle: Path | None = None) -> str:
    """The newest template version in the bundle (its newest tag)."""
    tags = git_repo.bundle_tags(bundle or bundle_path())
    if not tags:
        where = display_path(bundle or bundle_path())
        raise InputError(
            Diagnostic(
                where, None, error_codes.NOT_A_TEMPLATE, "the template bundle holds no versions"
            )
        )
    return tags[-1]


def source(bundle: Path | None = None) -> TemplateSource:
    """The bundle at its newest version when git is available, else the plain folder."""
    bundle = bundle or bundle_path()
    if git_repo.available() and bundle.is_file():
        return TemplateSource(bundle, installed_version(bundle))
    return TemplateSource(folder_path(), None)


def _copier_settings(template: TemplateSource) -> tuple[str, str]:
    """The template's copier.yml text and where it was read (for messages)."""
    for name in COPIER_FILES:
        if template.version is not None:
            text = git_repo.file_in_bundle(template.path, template.version, name)
            if text is not None:
                return text, f"{display_path(template.path)}@{template.version}:{name}"
        elif (template.path / name).is_file():
            return yaml_source.read_text(template.path / name), display_path(template.path / name)
    raise InputError(
        Diagnostic(
            display_path(template.path),
            None,
            error_codes.NOT_A_TEMPLATE,
            "no copier.yml: not a template",
        )
    )


def offered_architectures(template: TemplateSource | None = None) -> tuple[str, ...]:
    """The architectures the template can generate: its ``architecture`` question's choices.

    Read from the template itself (the bundle at the version ``new`` renders, or the folder),
    so a template release that adds an architecture is accepted without a code change.
    """
    template = template or source()
    text, where = _copier_settings(template)
    try:
        choices = yaml_source.parse(text, where)["architecture"]["choices"]
    except (KeyError, TypeError) as exc:
        raise InputError(
            Diagnostic(
                where,
                None,
                error_codes.NOT_A_TEMPLATE,
                f"no architecture choices in the template ({exc})",
            )
        ) from None
    # Copier takes a list of values or a mapping of label → value
    values = choices.values() if isinstance(choices, dict) else choices
    return tuple(str(v) for v in values)


def _copier_error(exc: Exception) -> AdvisorError:
    text = str(exc).strip().splitlines()
    return InputError(
        Diagnostic(
            "template", None, error_codes.NOT_A_TEMPLATE, text[-1] if text else type(exc).__name__
        )
    )


def render(data: dict[str, Any], dest: Path, template: TemplateSource) -> None:
    """Render the template with ``data`` into the empty folder ``dest``."""
    import copier
    from copier import errors as copier_errors

    try:
        copier.run_copy(
            str(template.path),
            dest,
            data=data,
            vcs_ref=template.version,
            defaults=True,
            overwrite=True,
            quiet=True,
            unsafe=False,
        )
    except (ValueError, copier_errors.CopierError) as exc:
        raise _copier_error(exc) from exc
    answers = dest / ANSWERS_FILE
    if answers.is_file():
        _set_source(answers, PORTABLE_SOURCE)


def _set_source(answers: Path, value: str) -> None:
    """Point the answers file's ``_src_path`` at ``value`` (parsed and rewritten as YAML)."""
    text = yaml_source.read_text(answers)
    answers.write_text(yaml_source.with_value(text, "_src_path", value), encoding="utf-8")


def read_answers(project: Path) -> dict[str, Any] | None:
    """The project's Copier answers, parsed as YAML (bounded like every input); None if absent."""
    answers = project / ANSWERS_FILE
    if not answers.is_file():
        return None
    data = yaml_source.load(answers)
    if not isinstance(data, dict):
        raise InputError(
            yaml_source.locate(
                answers,
                (),
                error_codes.NOT_AN_ADVISOR_PROJECT,
                f"{ANSWERS_FILE} must hold a mapping",
            )
        )
    return data


def project_version(project: Path) -> str | None:
    """The template version a project was generated from or last updated to."""
    data = read_answers(project)
    version = data.get("_commit") if data else None
    if version is None:
        return None
    if not isinstance(version, str) or not SAFE_REF.match(version):
        raise InputError(
            yaml_source.locate(
                project / ANSWERS_FILE, ("_commit",), error_codes.UNSAFE_SOURCE,
                f"_commit {brief(version)} is not a template version (letters, digits, . _ + -)",
            )
        )  # fmt: skip
    return version


def check_source(project: Path) -> None:
    """Refuse a project whose answers name any template but the advisor's own.

    Copier renders whatever ``_src_path`` names; an edited answers file could make ``update``
    render another template (a URL, a path) into the project. Only the advisor's bundle
    (:data:`PORTABLE_SOURCE`) is merged, and the names it will render with are checked too.
    """
    answers = project / ANSWERS_FILE
    data = read_answers(project) or {}
    source = data.get("_src_path")
    if source != PORTABLE_SOURCE:
        raise InputError(
            yaml_source.locate(
                answers, ("_src_path",), error_codes.UNSAFE_SOURCE,
                f"_src_path is {brief(source)}; advisor update only merges its own template "
                f"({PORTABLE_SOURCE}); use copier itself for other templates",
            )
        )  # fmt: skip
    from advisor.project.template_data import check_names

    try:
        check_names(
            str(data.get("project_name", "x")), str(data.get("package_name", "x")), ANSWERS_FILE
        )
    except InputError as exc:
        key = (
            "project_name"
            if exc.diagnostics[0].code == error_codes.PROJECT_NAME
            else "package_name"
        )
        raise InputError(
            yaml_source.locate(
                answers, (key,), error_codes.UNSAFE_SOURCE, exc.diagnostics[0].message
            )
        ) from None


@dataclass(frozen=True)
class UpdateResult:
    """What ``advisor update`` did: ``status`` is ``updated``, ``up_to_date`` or ``ahead``."""

    old_version: str
    new_version: str
    conflicts: tuple[str, ...]
    status: str = "updated"

    @property
    def changed(self) -> bool:
        """Whether the project moved to another template version."""
        return self.status == "updated"


def check_updatable(project: Path) -> str:
    """Refuse what ``update`` cannot merge; the project's recorded template version."""
    where = display_path(project)
    if not (project / ANSWERS_FILE).is_file():
        raise InputError(
            Diagnostic(
                where,
                None,
                error_codes.NOT_AN_ADVISOR_PROJECT,
                f"no {ANSWERS_FILE}: not generated by advisor new",
            )
        )
    check_source(project)
    version = project_version(project)
    if version is None:
        raise InputError(
            Diagnostic(
                where, None, error_codes.NOT_AN_ADVISOR_PROJECT,
                f"{ANSWERS_FILE} records no template version (_commit); it was rendered from a "
                "plain folder, so it cannot be merged with a newer template",
            )
        )  # fmt: skip
    if not git_repo.available() or not git_repo.is_repository(project):
        raise InputError(
            Diagnostic(
                where,
                None,
                error_codes.NOT_AN_ADVISOR_PROJECT,
                "not a git repository; update needs git",
            )
        )
    if not git_repo.is_clean(project):
        raise InputError(
            Diagnostic(
                where,
                None,
                error_codes.UNCOMMITTED,
                "has uncommitted changes; commit or stash them first",
            )
        )
    return version


def update(
    project: Path, bundle: Path | None = None, progress: Callable[[str], None] = lambda _: None
) -> UpdateResult:
    """3-way merge the newest installed template version into ``project``, keeping user edits.

    A project already at, or newer than, the installed version is left as it is.
    """
    import copier
    from copier import errors as copier_errors

    bundle = bundle or bundle_path()
    old = check_updatable(project)
    new = installed_version(bundle)
    status = versions.compare_at(old, new, project / ANSWERS_FILE, bundle)
    if status != "behind":  # never merge an older template over a newer one
        return UpdateResult(old, new, (), status)
    answers = project / ANSWERS_FILE
    text = yaml_source.read_text(answers)
    # Copier reads the old template from _src_path; point it at this machine's bundle, hidden
    # from `git status` so Copier's clean-tree check still holds.
    _set_source(answers, str(bundle))
    git_repo.assume_unchanged(project, ANSWERS_FILE, on=True)
    progress(f"merging template {old} → {new}")
    try:
        copier.run_update(
            project, defaults=True, overwrite=True, quiet=True, unsafe=False, conflict="inline"
        )
    except (ValueError, copier_errors.CopierError) as exc:
        answers.write_text(text, encoding="utf-8")
        raise _copier_error(exc) from exc
    finally:
        git_repo.assume_unchanged(project, ANSWERS_FILE, on=False)
    _set_source(answers, PORTABLE_SOURCE)
    return UpdateResult(old, new, tuple(git_repo.conflicted_files(project)))
