"""The ``advisor`` command line: a thin layer over :mod:`advisor.api`.

One core call per command; errors from the core, and Ctrl-C, are turned into messages and exit
codes in one place, ``_Group.invoke`` (0 success, 1 invalid input or cancelled, 2 usage). The
entry point is :mod:`advisor.cli.entry`. questionary and copier are imported only by the
commands that use them, so ``advisor --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, TextIO, cast

import typer
from typer.core import TyperGroup

from advisor import __version__, error_codes
from advisor.cli import terminal
from advisor.cli.answers_source import DEFAULT_ANSWERS
from advisor.cli.entry import NothingWrittenYet
from advisor.cli.options import (
    DefaultsOption,
    PortfolioFormat,
    ReportFormat,
    RulesOption,
    SetOption,
)
from advisor.cli.project_commands import new, update
from advisor.cli.rules_commands import docs_app, rules_app
from advisor.errors import (
    EXIT_INVALID_INPUT,
    AdvisorError,
    Diagnostic,
    InputError,
)

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
    add_completion=True,
    pretty_exceptions_enable=False,
)
app.add_typer(rules_app, name="rules")
# maintainers' tooling (generated reference pages); hidden from --help and from those pages
app.add_typer(docs_app, name="docs", hidden=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color",
            help="Colour the text report on standard output, or never colour it. Without "
            "either: no colour if NO_COLOR is set, colour if FORCE_COLOR is set, else colour "
            "only on a terminal.",
        ),
    ] = None,
) -> None:
    """Recommend an agent runtime architecture and scaffold it."""
    terminal.set_color_flag(color)


def _emit(text: str, output: Path | None, force: bool) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from advisor.output import write_text

    write_text(output, text, force)
    typer.echo(f"wrote {output}", err=True)


def _render(assessment: object, fmt: str, to_terminal: bool, workload: str = "") -> str:
    from advisor.report import RenderOptions, render

    color = to_terminal and terminal.stdout_color()
    options = RenderOptions(color=color, workload=workload)
    return render(assessment, fmt, options)  # type: ignore[arg-type]


FormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]


@app.command()
def recommend(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", "-a", help="Answers file (YAML or JSON); missing ids take defaults."
        ),
    ] = None,
    fmt: FormatOption = ReportFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    rules: RulesOption = None,
    overrides: SetOption = None,
    defaults: DefaultsOption = False,
) -> None:
    """Score the architectures for a workload and explain the result.

    Without --answers, reads ./answers.yml (what advisor ask saves) when it exists, else
    answers every question with its default; stderr says which.
    """
    from advisor import api
    from advisor.cli import answers_source

    source = answers_source.resolve(answers, defaults, overrides)
    answers_source.announce(source)  # first: an error in ./answers.yml then makes sense
    if output is not None:
        from advisor.output import refuse_overwrite

        refuse_overwrite(output, force)
    ruleset = api.load_rules(rules or [])
    chosen, warnings = api.read_answers_with_warnings(
        source.path, overrides or [], ruleset.questionnaire
    )
    terminal.warn(warnings)
    assessment = api.assess(chosen, ruleset)
    workload = source.path.stem if source.path else ""
    _emit(_render(assessment, fmt.value, output is None, workload), output, force)


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
        PortfolioFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = PortfolioFormat.markdown,
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
    _emit(render_portfolio(result, fmt.value, RenderOptions()), output, force)
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
    ] = DEFAULT_ANSWERS,
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
        start, warnings = api.read_answers_with_warnings(answers, [], ruleset.questionnaire)
        terminal.warn(warnings)
        from advisor.cli.prompts import ask_all

        chosen = ask_all(ruleset.questionnaire, start)
    write_text(output, answers_io.dumps(chosen, ruleset.questionnaire), force)
    typer.echo(f"\nSaved your answers to {output}\n")
    sys.stdout.write(_render(api.assess(chosen, ruleset), "text", True))


# The project commands live in advisor/cli/project_commands.py; registering them here keeps one app.
app.command()(new)
app.command()(update)


def run() -> None:
    """Run the command line with guarded standard output (called by :func:`advisor.cli.entry.main`).

    Besides the errors of the core (mapped in :class:`_Group`), the one place that handles a
    standard output that refuses writes: one line and exit 1 for a full disk, a quiet exit
    141 for a reader that stopped early (:mod:`advisor.cli.terminal`).
    """
    real = sys.stdout
    sys.stdout = cast(TextIO, terminal.GuardedStdout(real))
    try:
        try:
            app()
            code: int | str | None = 0
        except SystemExit as exc:
            code = exc.code
        # text still buffered: a failure to write it shows here, not as an exit-time traceback
        sys.stdout.flush()
    except terminal.OutputFailed as failure:
        code = terminal.output_failed(failure)
    finally:
        sys.stdout = real
    raise SystemExit(code)
