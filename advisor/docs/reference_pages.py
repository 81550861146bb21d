"""Generated reference pages: the CLI (from ``--help``) and the platform facts (from facts.yaml).

Like the rule pages (:mod:`advisor.docs.rule_pages`), these are written from the source of truth and
checked in CI (``advisor docs reference --check``), so the docs cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import typer

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, display_path
from advisor.rules.model import RuleSet

# Fixed, so that the generated help does not depend on the terminal it was generated in.
HELP_WIDTH = 100
ERROR_CODES_PAGE = "error-codes.md"

CLI_PAGE = "cli.md"
FACTS_PAGE = "platform-facts.md"


# Commands are typed Any: typer vendors its own click, whose classes are not public API.
def _commands(command: Any, ctx: typer.Context) -> Iterator[tuple[str, Any, typer.Context]]:
    """Every visible command, depth first, each with a context naming its full path."""
    yield ctx.command_path, command, ctx
    if hasattr(command, "list_commands"):  # a group
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            child = typer.Context(
                sub, info_name=name, parent=ctx,
                terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH,
            )  # fmt: skip
            yield from _commands(sub, child)


def cli_page(root: Any) -> str:
    """The CLI reference: every command's ``--help`` text, in command order."""
    ctx = typer.Context(
        root, info_name="advisor", terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH
    )
    parts = [
        "# Command line reference\n",
        "Generated from `--help` by `advisor docs reference`; do not edit by hand. "
        "Exit codes: 0 success, 1 invalid input (the message names the file and line), "
        "2 usage error.\n",
    ]
    for path, command, sub_ctx in _commands(root, ctx):
        parts.append(f"## `{path}`\n")
        help_text: str = command.get_help(sub_ctx)
        parts.append("```text\n" + help_text.rstrip() + "\n```\n")
    return "\n".join(parts)


def facts_page(ruleset: RuleSet) -> str:
    """The platform facts the rules cite, with their values, sources and dates."""
    lines = [
        "# Platform facts",
        "",
        "Generated from `rules/facts.yaml` by `advisor docs reference`; do not edit by hand.",
        "Platform limits changed often in 2024–2026, so every fact carries the date it was",
        "last checked (`as_of`) and reports print it next to any veto that relies on it.",
        "",
        "| id | fact | value | as of | source |",
        "|---|---|---|---|---|",
    ]
    for fact_id in sorted(ruleset.facts):
        fact = ruleset.facts[fact_id]
        note = f"<br>{fact.note}" if fact.note else ""
        source = " ".join(fact.source.split())
        source = f"<{source}>" if source.startswith("https://") else source
        lines.append(
            f"| `{fact.id}` | {fact.title}{note} | {fact.value} {fact.unit} | {fact.as_of} "
            f"| {source} |"
        )
    return "\n".join(lines) + "\n"


def reference_pages(root: Any, ruleset: RuleSet) -> dict[str, str]:
    """Every generated reference page: file name → content."""
    return {
        CLI_PAGE: cli_page(root),
        FACTS_PAGE: facts_page(ruleset),
        ERROR_CODES_PAGE: error_codes.reference_page(),
    }


def stale_pages(pages: Mapping[str, str], out: Path) -> list[str]:
    """The pages under ``out`` that are missing or differ from what would be generated."""
    stale = []
    for name, text in sorted(pages.items()):
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_pages(pages: Mapping[str, str], out: Path) -> None:
    """Write the pages into ``out`` (created if needed); other files there are left alone.

    Each page is written atomically and replaces only a regular file (or a link) of its name.
    """
    from advisor.output import write_text

    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            write_text(out / name, text, force=True)
    except OSError as exc:
        raise InputError(
            Diagnostic(
                display_path(out), None, error_codes.FILE_ACCESS, f"cannot write: {exc.strerror}"
            )
        ) from None
