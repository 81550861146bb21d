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

from advisor import error_codes
from advisor.architectures import ARCHITECTURES
from advisor.cli.entry import NothingWrittenYet
from advisor.cli.options import RulesOption, SetOption
from advisor.errors import EXIT_INVALID_INPUT, Diagnostic, InputError, display_path


def new(
    dest: Annotated[Path, typer.Argument(help="Folder for the new repository.")],
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="Answers file (YAML or JSON).")
    ] = None,
    architecture: Annotated[
        str | None,
        typer.Option(
            "--architecture",
            help=f"{', '.join(ARCHITECTURES)} (one the template offers) instead of the "
            "recommendation.",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; use answers, --set and defaults.")
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
) -> None:
    """Recommend, then generate a working starter repository for the chosen architecture."""
    with NothingWrittenYet():  # until create(), which writes all or nothing
        from advisor import api
        from advisor.project import scaffold
        from advisor.project.generate import check_destination
        from advisor.project.template_data import (
            check_architecture,
            check_names,
            choose,
            package_name_for,
        )

        check_destination(dest, force)
        project_name = name or dest.resolve().name
        package_name = package or package_name_for(project_name)
        check_names(project_name, package_name, "--name" if name else "DEST")
        # the template decides what it can generate (its copier.yml), not a list in this code
        offered = scaffold.offered_architectures()
        if architecture is not None:
            # checked before any question is asked, so nobody answers fifteen questions in vain
            check_architecture(architecture, offered, requested=True)
        interactive = not no_input and sys.stdin.isatty() and sys.stdout.isatty()
        ruleset = api.load_rules(rules or [])
        chosen = api.read_answers(answers, overrides or [], ruleset.questionnaire)
        if interactive and answers is None:
            from advisor.cli.prompts import ask_all

            chosen = ask_all(ruleset.questionnaire, chosen)
        assessment = api.assess(chosen, ruleset)
        scores = ", ".join(f"{a} {assessment.scores[a]:.0f}" for a in assessment.ranking)
        typer.echo(
            f"Recommendation: {assessment.recommendation} ({assessment.confidence}; {scores})"
        )
        if interactive and architecture is None:
            from advisor.cli.prompts import pick_architecture

            architecture, confirmed = pick_architecture(assessment, offered)
            force = force or confirmed
        choice = choose(assessment, architecture, force, offered)
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
        bool, typer.Option("--check", help="Exit 1 if the project is behind; change nothing.")
    ] = False,
) -> None:
    """Merge the installed template version into a generated repository, keeping your edits."""
    from advisor.project import scaffold

    if check:
        have, latest = scaffold.project_version(project), scaffold.installed_version()
        if have is None:
            raise InputError(
                Diagnostic(
                    display_path(project / ".copier-answers.yml"), None,
                    error_codes.NOT_AN_ADVISOR_PROJECT, "no template version recorded (_commit)",
                )
            )  # fmt: skip
        if have != latest:
            typer.echo(
                f"{project}: behind: template {have}, installed {latest}; run advisor update"
            )
            raise typer.Exit(EXIT_INVALID_INPUT)
        typer.echo(f"{project}: up to date (template {have})")
        return
    result = scaffold.update(project, progress=lambda step: typer.echo(f"… {step}", err=True))
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
