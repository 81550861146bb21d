"""``advisor new``: from an assessment to a working repository, all or nothing.

The project is rendered into a temporary folder beside DEST (same filesystem), completed
there (advisor answers, report, ADR, first git commit), and only then moved into place — so
an error or Ctrl-C leaves DEST exactly as it was. An existing non-empty DEST is refused unless
``force``; even then nothing the advisor did not create is deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, display_path
from advisor.project import git_repo, scaffold
from advisor.project.template_data import Choice, template_data
from advisor.questions import answers as answers_io
from advisor.questions.questionnaire import Answer, Questionnaire
from advisor.scoring.assessment import Assessment

ADVISOR_ANSWERS = "advisor-answers.yml"
REPORT = Path("docs") / "architecture-report.md"
ADR = Path("docs") / "adr" / "0000-agent-runtime-architecture.md"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class NewProject:
    """What was generated, where, and from which template version."""

    dest: Path
    architecture: str
    template_version: str | None
    git_initialised: bool
    next_steps: str


def check_destination(dest: Path, force: bool) -> None:
    """Refuse before any work: a non-empty DEST (without force), a file, an unwritable parent."""
    where = display_path(dest)
    if dest.exists() and not dest.is_dir():
        raise InputError(
            Diagnostic(where, None, error_codes.DEST_IN_THE_WAY, "exists and is not a folder")
        )
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise InputError(
            Diagnostic(where, None, error_codes.DEST_IN_THE_WAY,
                       "is not empty; pass --force to write into it "
                       "(files the advisor does not generate are left alone)")
        )  # fmt: skip
    parent = dest.resolve().parent
    existing = parent
    while not existing.exists():
        existing = existing.parent
    target = dest if dest.is_dir() else existing
    if not os.access(target, os.W_OK | os.X_OK):
        raise InputError(
            Diagnostic(where, None, error_codes.DEST_NOT_WRITABLE, f"cannot write in {target}")
        )


def _first_code_block(readme: Path) -> str:
    """The generated README's first shell block: its set-up, run and test commands."""
    if not readme.is_file():
        return ""
    lines = readme.read_text(encoding="utf-8").splitlines()
    block: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("```"):
            if inside:
                break
            inside = True
            continue
        if inside:
            block.append(line)
    return "\n".join(block)


def _check_targets(staging: Path, dest: Path) -> None:
    """Refuse, before anything is moved, a path in DEST the project must not be written through.

    A generated folder must land on a real folder: a symbolic link there (to a folder outside
    DEST, say) would make the advisor write wherever it points. A generated file may replace
    a regular file or a link, never a folder, FIFO, device or socket (see advisor.output).
    Every problem is listed, and DEST is left exactly as it was.
    """
    from advisor.output import replaceable

    problems: list[Diagnostic] = []
    for item in sorted(staging.rglob("*")):
        target = dest / item.relative_to(staging)
        where = display_path(target)
        if item.is_dir() and not item.is_symlink():
            if target.is_symlink():
                problems.append(
                    Diagnostic(where, None, error_codes.DEST_IN_THE_WAY,
                               "is a symbolic link where the project has "
                               "a folder; the advisor never writes through links (remove it)")
                )  # fmt: skip
            elif os.path.lexists(target) and not target.is_dir():
                problems.append(
                    Diagnostic(where, None, error_codes.DEST_IN_THE_WAY,
                               "is not a folder; the project has a "
                               "folder here (move it away)")
                )  # fmt: skip
            continue
        try:
            replaceable(target)
        except InputError as exc:
            problems += exc.diagnostics
    if problems:
        raise InputError(problems)


def _move_into_place(staging: Path, dest: Path) -> None:
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, dest)
        return
    if not any(dest.iterdir()):
        dest.rmdir()
        os.replace(staging, dest)
        return
    # --force into a non-empty folder: add and overwrite generated files, delete nothing.
    _check_targets(staging, dest)
    for item in sorted(staging.rglob("*")):
        target = dest / item.relative_to(staging)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            os.replace(item, target)


def create(
    dest: Path,
    assessment: Assessment,
    answers: Mapping[str, Answer],
    questionnaire: Questionnaire,
    choice: Choice,
    project_name: str,
    package_name: str,
    force: bool = False,
    progress: Progress = lambda _: None,
    documents: Callable[[Assessment, Choice], dict[Path, str]] | None = None,
) -> NewProject:
    """Render, complete and move a new project into ``dest``; all or nothing."""
    check_destination(dest, force)
    template = scaffold.source()
    data = template_data(answers, choice, project_name, package_name)
    parent = dest.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(prefix=f".{dest.name}.advisor-new-", dir=parent))
    try:
        staging = staging_root / "project"
        progress(f"rendering the {choice.architecture} template"
                 + (f" {template.version}" if template.version else ""))  # fmt: skip
        scaffold.render(data, staging, template)
        progress("writing the advisor's answers, report and ADR")
        (staging / ADVISOR_ANSWERS).write_text(
            answers_io.dumps(answers, questionnaire), encoding="utf-8"
        )
        for relative, text in (documents(assessment, choice) if documents else {}).items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_text(text, encoding="utf-8")
        initialised = False
        if git_repo.available() and not (dest / ".git").exists():
            progress("creating the git repository")
            git_repo.init_and_commit(
                staging, f"chore: generate {choice.architecture} agent service with agent-advisor"
            )
            initialised = True
        next_steps = _first_code_block(staging / "README.md")
        progress(f"moving the project into {display_path(dest)}")
        _move_into_place(staging, dest)
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return NewProject(dest, choice.architecture, template.version, initialised, next_steps)
