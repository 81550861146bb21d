"""The ``advisor`` command line: a thin layer over :mod:`advisor.api`.

One core call per command; errors from the core are turned into messages and exit codes in
one place, :func:`main` (0 success, 1 invalid input, 2 usage). questionary and copier are
imported only by the commands that use them, so ``advisor --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from advisor import __version__
from advisor.errors import EXIT_INVALID_INPUT, AdvisorError, InputError


class _Group(TyperGroup):
    """The one place where errors from the core become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context is click's, vendored by typer
        try:
            return super().invoke(ctx)
        except AdvisorError as exc:
            for line in str(exc).splitlines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    rich_markup_mode=None,
    name="advisor",
    help=(
        "Recommend how an AI agent should run in production — serverless functions, "
        "long-running workers behind a queue, or hybrid — explain why, and scaffold it."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, show, check and document rule packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="An organisation rule pack (folder) to add on top of the default; repeatable.",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override one answer: --set id=value; repeatable."),
]
FORMATS = ("text", "json")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Recommend an agent runtime architecture and scaffold it."""


def _emit(text: str, output: Path | None, force: bool) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from advisor.output import write_text

    write_text(output, text, force)
    typer.echo(f"wrote {output}", err=True)


def _render(assessment: object, fmt: str, to_terminal: bool) -> str:
    from advisor.report import RenderOptions, render

    color = to_terminal and sys.stdout.isatty()
    return render(assessment, fmt, RenderOptions(color=color))  # type: ignore[arg-type]


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not one of: {', '.join(FORMATS)}", param_hint="--format"
        )
    return fmt


FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", help=f"Output format: {', '.join(FORMATS)}.", callback=_check_format
    ),
]


@app.command()
def recommend(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", "-a", help="Answers file (YAML or JSON); missing ids take defaults."
        ),
    ] = None,
    fmt: FormatOption = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    rules: RulesOption = None,
    overrides: SetOption = None,
) -> None:
    """Score serverless, long-running and hybrid for a workload and explain the result."""
    from advisor import api

    if output is not None:
        from advisor.output import refuse_overwrite

        refuse_overwrite(output, force)
    ruleset = api.load_rules(rules or [])
    chosen = api.read_answers(answers, overrides or [], ruleset.questionnaire)
    assessment = api.assess(chosen, ruleset)
    _emit(_render(assessment, fmt, output is None), output, force)


@app.command()
def ask(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to save the answers.")
    ] = Path("answers.yml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite the answers file.")] = False,
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="Start from these answers.")
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Answer the questionnaire interactively, save the answers and show the recommendation."""
    from advisor import answers as answers_io
    from advisor import api
    from advisor.output import refuse_overwrite, write_text

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "advisor ask needs an interactive terminal; without one, write an answers file and "
            "run: advisor recommend --answers FILE"
        )
    refuse_overwrite(output, force)
    ruleset = api.load_rules(rules or [])
    start = api.read_answers(answers, [], ruleset.questionnaire)
    from advisor.prompts import ask_all

    chosen = ask_all(ruleset.questionnaire, start)
    write_text(output, answers_io.dumps(chosen, ruleset.questionnaire), force)
    typer.echo(f"\nSaved your answers to {output}\n")
    sys.stdout.write(_render(api.assess(chosen, ruleset), "text", True))


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List every rule: id, family, title, status."""
    from advisor import api

    ruleset = api.load_rules(rules or [])
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
    from advisor.rule_docs import rule_page

    ruleset = api.load_rules(rules or [])
    try:
        rule = ruleset.rule(rule_id.upper())
    except KeyError:
        known = ", ".join(sorted(r.id for r in ruleset.rules))
        raise InputError(f"unknown rule {rule_id!r}; known rules: {known}") from None
    sys.stdout.write(rule_page(rule, ruleset))


@rules_app.command("check")
def rules_check(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Rule pack folder(s).")],
) -> None:
    """Lint rule packs: schema, questions, values, duplicate ids, examples, sources."""
    from advisor import api

    problems = api.lint(paths)
    for problem in problems:
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
    from advisor.rule_docs import check_docs, write_docs

    ruleset = api.load_rules()
    if check:
        stale = check_docs(ruleset, out)
        for name in stale:
            typer.echo(f"{out / name}: stale or missing; run: advisor rules docs --out {out}")
        if stale:
            raise typer.Exit(EXIT_INVALID_INPUT)
        typer.echo(f"{out}: up to date", err=True)
        return
    written = write_docs(ruleset, out)
    typer.echo(f"wrote {written} pages to {out}", err=True)


def main() -> None:
    """Entry point of the ``advisor`` console script and ``python -m advisor``."""
    app()
