"""The ``advisor rules`` commands (list, show, check, docs) and the hidden ``advisor docs``.

Kept apart from the assessment commands in :mod:`advisor.cli.main` so that each module stays
one responsibility; like them, each command is one call into :mod:`advisor.api`, imported
lazily so that ``advisor --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from advisor import error_codes
from advisor.cli import json_envelope
from advisor.cli.options import DataFormat, DataFormatOption, RulesOption
from advisor.errors import EXIT_INVALID_INPUT, Diagnostic, InputError, brief, did_you_mean

rules_app = typer.Typer(help="List, show, check and document rule packs.", no_args_is_help=True)
docs_app = typer.Typer(help="Generate the reference pages under docs/.", no_args_is_help=True)


@rules_app.command("list")
def rules_list(rules: RulesOption = None, fmt: DataFormatOption = DataFormat.TEXT) -> None:
    """List every rule: id, family, title, status."""
    from advisor import api

    ruleset = api.load_rules(rules or [])
    if fmt is DataFormat.JSON:
        sys.stdout.write(json_envelope.rules(ruleset))
        return
    typer.echo(f"{ruleset.name} {ruleset.version}: {len(ruleset.rules)} rules")
    for rule in sorted(ruleset.rules, key=lambda r: r.id):
        veto = "  [veto " + rule.veto.architecture + "]" if rule.veto else ""
        typer.echo(f"{rule.id}  {rule.family:<13} {rule.title}{veto}")


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="Rule id, e.g. LAT001.")],
    rules: RulesOption = None,
) -> None:
    """Show one rule: condition, effects, veto, risk, why and source."""
    from advisor import api
    from advisor.docs.rule_pages import rule_page

    ruleset = api.load_rules(rules or [])
    try:
        rule = ruleset.rule(rule_id.upper())
    except KeyError:
        ids = sorted(r.id for r in ruleset.rules)
        hint = did_you_mean(rule_id, ids)
        raise InputError(
            Diagnostic(
                "advisor rules show", None, error_codes.UNKNOWN_RULE,
                f"unknown rule {brief(rule_id)}; {hint}known rules: {', '.join(ids)}",
            )
        ) from None  # fmt: skip
    sys.stdout.write(rule_page(rule, ruleset))


@rules_app.command("check")
def rules_check(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Rule pack folder(s).")],
    max_fact_age: Annotated[
        int,
        typer.Option(
            "--max-fact-age",
            min=1,
            metavar="MONTHS",
            help="Warn about platform facts whose as_of is older than this many months.",
        ),
    ] = 12,
    fmt: DataFormatOption = DataFormat.TEXT,
) -> None:
    """Lint rule packs: schema, questions, values, duplicate ids, examples, sources, directions.

    Also checks that the rules keep every direction the questions declare (``monotone``) over
    a sample of the answer space, and warns (without failing) about stale platform facts.
    """
    from advisor import api

    warnings = api.lint_warnings(paths, max_fact_age)
    for warning in warnings if fmt is DataFormat.TEXT else ():
        typer.echo(str(warning), err=True)
    problems = api.lint(paths)
    if fmt is DataFormat.JSON:
        sys.stdout.write(json_envelope.rules_check(paths, problems, warnings))
    for problem in problems if fmt is DataFormat.TEXT else ():
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s) found", err=True)
        raise typer.Exit(EXIT_INVALID_INPUT)
    typer.echo("All rules OK", err=True)


@rules_app.command("docs")
def rules_docs(
    out: Annotated[Path, typer.Option("--out", help="Folder for the pages.")] = Path("docs/rules"),
    check: Annotated[
        bool, typer.Option("--check", help="Fail (exit 1) if the pages are missing or stale.")
    ] = False,
) -> None:
    """Generate one Markdown page per rule plus an index, from the rule files."""
    from advisor import api
    from advisor.docs.rule_pages import check_docs, write_docs

    ruleset = api.load_rules()
    if check:
        _report_stale(check_docs(ruleset, out), out, f"advisor rules docs --out {out}")
        return
    written = write_docs(ruleset, out)
    typer.echo(f"wrote {written} pages to {out}", err=True)


def _report_stale(stale: list[str], out: Path, regenerate: str) -> None:
    """The check mode of generated docs: name each stale page, exit 1 if there is one."""
    for name in stale:
        typer.echo(f"{out / name}: stale or missing; run: {regenerate}")
    if stale:
        raise typer.Exit(EXIT_INVALID_INPUT)
    typer.echo(f"{out}: up to date", err=True)


@docs_app.command("reference")
def docs_reference(
    out: Annotated[Path, typer.Option("--out", help="Folder for the pages.")] = Path(
        "docs/reference"
    ),
    check: Annotated[
        bool, typer.Option("--check", help="Fail (exit 1) if the pages are missing or stale.")
    ] = False,
) -> None:
    """Generate the CLI reference (from --help) and the platform facts page."""
    from advisor import api
    from advisor.cli.main import app  # the root command, whose --help the page documents
    from advisor.docs.reference_pages import reference_pages, stale_pages, write_pages

    pages = reference_pages(typer.main.get_command(app), api.load_rules())
    if check:
        _report_stale(stale_pages(pages, out), out, f"advisor docs reference --out {out}")
        return
    write_pages(pages, out)
    typer.echo(f"wrote {', '.join(sorted(pages))} to {out}", err=True)
