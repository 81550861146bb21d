"""The project commands: ``advisor new`` and ``advisor update`` (registered in advisor.cli.main).

Kept apart from the assessment commands so each module stays one responsibility; both are thin
layers over :mod:`advisor.project.generate` and :mod:`advisor.project.scaffold`, imported
lazily so that ``advisor --help`` never pays for copier.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from advisor.cli import json_envelope, terminal
from advisor.cli.entry import NothingWrittenYet
from advisor.cli.options import (
    Architecture,
    DataFormat,
    DataFormatOption,
    DefaultsOption,
    RulesOption,
    SetOption,
)
from advisor.errors import EXIT_INVALID_INPUT, UsageError


def new(
    dest: Annotated[Path, typer.Argument(help="Folder for the new repository.")],
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="Answers file (YAML or JSON).")
    ] = None,
    architecture: Annotated[
        Architecture | None,
        typer.Option(
            "--architecture",
            help="Generate this architecture (one the template offers) instead of the "
            "recommendation.",
            case_sensitive=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Never prompt: answers come from --answers (or ./answers.yml) and --set; "
            "without a file, also pass --defaults.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Write into a non-empty DEST; allow a vetoed architecture."),
    ] = False,
    name: Annotated[
        str | None, typer.Option("--name", help="Project name (default: DEST's folder name).")
    ] = None,
    package: Annotated[
        str | None, typer.Option("--package", help="Python package name (default: from name).")
    ] = None,
    rules: RulesOption = None,
    overrides: SetOption = None,
    defaults: DefaultsOption = False,
) -> None:
    """Recommend, then generate a working starter repository for the chosen architecture.

    Without --answers, reads ./answers.yml (what advisor ask saves) when it exists; else asks
    in a terminal, and without one (or with --no-input) refuses unless --defaults is given.
    """
    with NothingWrittenYet():  # until create(), which writes all or nothing
        from advisor import api
        from advisor.cli import answers_source
        from advisor.project import scaffold
        from advisor.project.generate import check_destination
        from advisor.project.template_data import (
            check_architecture,
            check_names,
            choose,
            package_name_for,
        )

        interactive = not no_input and sys.stdin.isatty() and sys.stdout.isatty()
        source = answers_source.resolve(answers, defaults, overrides)
        # no file and no --defaults: a terminal asks the questionnaire; without one, refuse before
        # anything is checked or written
        asks = interactive and source.from_defaults and not defaults
        if not interactive:
            answers_source.require_answers(source, defaults)
        if not asks:
            answers_source.announce(source)
        check_destination(dest, force)
        project_name = name or dest.resolve().name
        package_name = package or package_name_for(project_name)
        check_names(project_name, package_name, "--name" if name else "DEST")
        # the template decides what it can generate (its copier.yml), not a list in this code
        offered = scaffold.offered_architectures()
        requested = architecture.value if architecture is not None else None
        if requested is not None:
            # checked before any question is asked, so nobody answers fifteen questions in vain
            check_architecture(requested, offered, requested=True)
        ruleset = api.load_rules(rules or [])
        chosen, warnings = api.read_answers_with_warnings(
            source.path, overrides or [], ruleset.questionnaire
        )
        terminal.warn(warnings)
        if asks:
            from advisor.cli.prompts import ask_all

            chosen = ask_all(ruleset.questionnaire, chosen)
        assessment = api.assess(chosen, ruleset)
        scores = ", ".join(f"{a} {assessment.scores[a]:.0f}" for a in assessment.ranking)
        typer.echo(
            f"Recommendation: {assessment.recommendation} ({assessment.confidence}; {scores})"
        )
        if interactive and requested is None:
            from advisor.cli.prompts import pick_architecture

            requested, confirmed = pick_architecture(assessment, offered)
            force = force or confirmed
        choice = choose(assessment, requested, force, offered)
    from advisor.project.generate import create

    result = create(
        dest, assessment, chosen, ruleset.questionnaire, choice, project_name, package_name,
        force=force, progress=lambda step: typer.echo(f"… {step}", err=True),
        documents=_decision_documents,
    )  # fmt: skip
    typer.echo(f"\nCreated {result.architecture} project in {dest}")
    if result.next_steps:
        typer.echo(f"\nNext steps:\n  cd {dest}\n" + _indent(result.next_steps))


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def _decision_documents(assessment: Any, choice: Any) -> dict[Path, str]:
    """The report and ADR that travel with a new project (docs/ of the generated repo)."""
    from advisor.project.generate import ADR, REPORT
    from advisor.report import RenderOptions, render

    options = RenderOptions(chosen=choice.architecture, veto_overridden=choice.overrides_veto)
    note = ""
    if not choice.followed_recommendation:
        note = (
            f"> This repository was generated as **{choice.architecture}**; the advisor "
            f"recommended **{choice.recommended}**"
            + (", and the choice overrides a veto (`--force`)." if choice.overrides_veto else ".")
            + "\n\n"
        )
    return {
        REPORT: note + render(assessment, "markdown", options),
        ADR: render(assessment, "adr", options),
    }


def update(
    project: Annotated[
        Path, typer.Argument(help="The generated repository (default: here).")
    ] = Path("."),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 if the project is behind the installed template; change nothing. "
            "A project newer than the installed advisor is reported as ahead (exit 0).",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Run every check, then show the version update would move to and the "
            "template files that changed; write nothing.",
        ),
    ] = False,
    fmt: DataFormatOption = DataFormat.TEXT,
) -> None:
    """Merge the installed template version into a generated repository, keeping your edits.

    Versions are ordered as versions (PEP 440): a project made by a newer advisor than the
    installed one is left as it is — the advisor never downgrades a project.
    """
    from advisor.project import scaffold, update_plan

    if check and dry_run:
        raise UsageError("--check and --dry-run exclude each other; pass one of them")
    if fmt is DataFormat.JSON and not (check or dry_run):
        raise UsageError("--format json applies to --check and --dry-run only")
    if check:
        _report_check(project, update_plan.check_version(project), fmt)
        return
    if dry_run:
        _report_plan(project, update_plan.plan(project), fmt)
        return
    result = scaffold.update(project, progress=lambda step: typer.echo(f"… {step}", err=True))
    if result.status == "ahead":
        typer.echo(f"{project}: {_ahead(result.old_version, result.new_version)}; left as it is")
        return
    if not result.changed:
        typer.echo(f"{project}: already at template {result.new_version}")
        return
    typer.echo(f"{project}: updated template {result.old_version} → {result.new_version}")
    if result.conflicts:
        typer.echo("conflicts to resolve (look for <<<<<<< before updating):")
        for path in result.conflicts:
            typer.echo(f"  {path}")
        raise typer.Exit(EXIT_INVALID_INPUT)
    typer.echo("review the changes with git diff, then commit")


def _ahead(have: str, installed: str) -> str:
    return (
        f"ahead: template {have} is newer than the installed advisor's {installed}; "
        "nothing to update (upgrade the advisor to update this project further)"
    )


def _check_body(project: Path, result: Any) -> dict[str, Any]:
    return {
        "project": str(project),
        "status": result.status,
        "project_version": result.project_version,
        "installed_version": result.installed_version,
    }


def _report_check(project: Path, result: Any, fmt: DataFormat) -> None:
    """``update --check``: exit 1 only when the project is behind (an update would help)."""
    if fmt is DataFormat.JSON:
        sys.stdout.write(
            json_envelope.dumps(json_envelope.UPDATE_CHECK, _check_body(project, result))
        )
    elif result.status == "behind":
        typer.echo(
            f"{project}: behind: template {result.project_version}, installed "
            f"{result.installed_version}; run advisor update"
        )
    elif result.status == "ahead":
        typer.echo(f"{project}: {_ahead(result.project_version, result.installed_version)}")
    else:
        typer.echo(f"{project}: up to date (template {result.project_version})")
    if result.status == "behind":
        raise typer.Exit(EXIT_INVALID_INPUT)


def _report_plan(project: Path, plan: Any, fmt: DataFormat) -> None:
    """``update --dry-run``: what update would do; exit 0 (nothing is wrong yet)."""
    check = plan.check
    changes = plan.template_changes
    if fmt is DataFormat.JSON:
        body = {**_check_body(project, check), "template_changes": _listed(changes)}
        sys.stdout.write(json_envelope.dumps(json_envelope.UPDATE_PLAN, body))
        return
    if check.status == "ahead":
        typer.echo(f"{project}: {_ahead(check.project_version, check.installed_version)}")
    elif check.status == "up_to_date":
        typer.echo(f"{project}: up to date (template {check.project_version}); nothing to do")
    else:
        typer.echo(
            f"{project}: would update template {check.project_version} → "
            f"{check.installed_version} (dry run: nothing written)"
        )
        if changes is None:
            typer.echo("template files changed: cannot be listed for this recorded version")
        else:
            typer.echo(f"template files changed ({len(changes)}):")
            for path in changes:
                typer.echo(f"  {path}")


def _listed(changes: tuple[str, ...] | None) -> list[str] | None:
    return None if changes is None else list(changes)
