"""The ``advisor`` command line: a thin layer over :mod:`advisor.api`.

One core call per command; errors from the core, and Ctrl-C, are turned into messages and exit
codes in one place, ``_Group.invoke`` (0 success, 1 invalid input or cancelled, 2 usage). The
entry point is :mod:`advisor.cli.entry`. questionary and copier are imported only by the
commands that use them, so ``advisor --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from advisor import __version__, error_codes
from advisor.cli.entry import NothingWrittenYet
from advisor.cli.options import RulesOption, SetOption
from advisor.cli.project_commands import new, update
from advisor.errors import EXIT_INVALID_INPUT, AdvisorError, Diagnostic, InputError, brief

MAX_ERRORS_SHOWN = 50


class _Group(TyperGroup):
    """The one place where errors from the core become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context is click's, vendored by typer
        try:
            return super().invoke(ctx)
        except AdvisorError as exc:
            lines = str(exc).splitlines()
            for line in lines[:MAX_ERRORS_SHOWN]:
                typer.echo(f"error: {line}", err=True)
            if len(lines) > MAX_ERRORS_SHOWN:  # a huge broken file must not flood the terminal
                typer.echo(f"error: … and {len(lines) - MAX_ERRORS_SHOWN} more", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            # typer would exit 130; a Ctrl-C is a cancellation, exit 1 like one at a prompt.
            # A command that knows nothing was written yet says so (NothingWrittenYet).
            typer.echo("error: cancelled", err=True)
            raise typer.Exit(EXIT_INVALID_INPUT) from None


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
# maintainers' tooling (generated reference pages); hidden from --help and from those pages
docs_app = typer.Typer(help="Generate the reference pages under docs/.", no_args_is_help=True)
app.add_typer(docs_app, name="docs", hidden=True)

FORMATS = ("text", "json", "markdown", "html", "adr", "csv")
PORTFOLIO_FORMATS = ("markdown", "html", "csv", "json")


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


def _render(assessment: object, fmt: str, to_terminal: bool, workload: str = "") -> str:
    from advisor.report import RenderOptions, render

    color = to_terminal and sys.stdout.isatty()
    options = RenderOptions(color=color, workload=workload)
    return render(assessment, fmt, options)  # type: ignore[arg-type]


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{brief(fmt)} is not one of: {', '.join(FORMATS)}", param_hint="--format"
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
    workload = answers.stem if answers else ""
    _emit(_render(assessment, fmt, output is None, workload), output, force)


def _check_portfolio_format(fmt: str) -> str:
    if fmt not in PORTFOLIO_FORMATS:
        raise typer.BadParameter(
            f"{brief(fmt)} is not one of: {', '.join(PORTFOLIO_FORMATS)}", param_hint="--format"
        )
    return fmt


def _show_progress(done: int, total: int, name: str) -> None:
    # On a terminal one line is rewritten in place; in a log (--progress) each step is a line.
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r\x1b[Kassessing {done}/{total} {name}{end}")
    elif done < total:
        sys.stderr.write(f"assessing {done + 1}/{total} {name}\n")
    sys.stderr.flush()


@app.command()
def portfolio(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE|DIR",
            help="A YAML/JSON file mapping workload names to answers, or a folder of answers "
            "files (one workload per file).",
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {', '.join(PORTFOLIO_FORMATS)}.",
            callback=_check_portfolio_format,
        ),
    ] = "markdown",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the summary to FILE.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    rules: RulesOption = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Show progress on stderr (default: only when stderr is a terminal).",
        ),
    ] = None,
) -> None:
    """Assess many workloads and write one summary of all of them.

    A workload with invalid answers is reported on stderr (name, file, line) and in the
    summary, and the others are still assessed; the exit code is then 1, after the summary of
    the valid workloads has been written.
    """
    from advisor import api
    from advisor.report import RenderOptions, render_portfolio
    from advisor.scoring.portfolio import assess_portfolio

    if output is not None:
        from advisor.output import refuse_overwrite

        refuse_overwrite(output, force)
    ruleset = api.load_rules(rules or [])
    show = sys.stderr.isatty() if progress is None else progress
    result = assess_portfolio(source, ruleset, _show_progress if show else None)
    _emit(render_portfolio(result, fmt, RenderOptions()), output, force)
    for broken in result.broken:
        for problem in broken.problems:
            typer.echo(f"error: {problem}", err=True)
    if result.broken:
        total = len(result.broken) + len(result.workloads)
        typer.echo(
            f"{len(result.broken)} of {total} workloads could not be assessed; "
            f"the summary covers the other {len(result.workloads)}",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID_INPUT)


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
    with NothingWrittenYet():  # the answers are written last
        from advisor import api
        from advisor.output import refuse_overwrite, write_text
        from advisor.questions import answers as answers_io

        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise InputError(
                Diagnostic(
                    "advisor ask", None, error_codes.NEEDS_TERMINAL,
                    "needs an interactive terminal; without one, write an answers file and "
                    "run: advisor recommend --answers FILE",
                )
            )  # fmt: skip
        refuse_overwrite(output, force)
        ruleset = api.load_rules(rules or [])
        start = api.read_answers(answers, [], ruleset.questionnaire)
        from advisor.cli.prompts import ask_all

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
    from advisor.docs.rule_pages import rule_page

    ruleset = api.load_rules(rules or [])
    try:
        rule = ruleset.rule(rule_id.upper())
    except KeyError:
        known = ", ".join(sorted(r.id for r in ruleset.rules))
        raise InputError(
            Diagnostic(
                "advisor rules show", None, error_codes.UNKNOWN_RULE,
                f"unknown rule {brief(rule_id)}; known rules: {known}",
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
) -> None:
    """Lint rule packs: schema, questions, values, duplicate ids, examples, sources, directions.

    Also checks that the rules keep every direction the questions declare (``monotone``) over
    a sample of the answer space, and warns (without failing) about stale platform facts.
    """
    from advisor import api

    for warning in api.lint_warnings(paths, max_fact_age):
        typer.echo(str(warning), err=True)
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
    from advisor.docs.reference_pages import reference_pages, stale_pages, write_pages

    pages = reference_pages(typer.main.get_command(app), api.load_rules())
    if check:
        _report_stale(stale_pages(pages, out), out, f"advisor docs reference --out {out}")
        return
    write_pages(pages, out)
    typer.echo(f"wrote {', '.join(sorted(pages))} to {out}", err=True)


# The project commands live in advisor/cli/project_commands.py; registering them here keeps one app.
app.command()(new)
app.command()(update)
