"""Command-line options shared by the ``advisor`` commands (defined once, used everywhere)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

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


# Choices are Enums so that --help and shell completion list them; their values are the
# contract's (CONTRACT §2), and a test checks them against the renderers and architectures.
# Letter case is not significant on the command line (--format JSON is json).
class ReportFormat(StrEnum):
    """``advisor recommend --format``: every renderer of one assessment."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    adr = "adr"
    csv = "csv"


class PortfolioFormat(StrEnum):
    """``advisor portfolio --format``: a summary of many workloads (no text, no ADR)."""

    markdown = "markdown"
    html = "html"
    csv = "csv"
    json = "json"


class Architecture(StrEnum):
    """``advisor new --architecture``: the contract's architectures."""

    serverless = "serverless"
    long_running = "long_running"
    hybrid = "hybrid"
    durable_functions = "durable_functions"


DefaultsOption = Annotated[
    bool,
    typer.Option(
        "--defaults",
        help="Answer every question not given with --set by its default; ignore ./answers.yml.",
    ),
]


class DataFormat(StrEnum):
    """``--format`` of the commands that print data: for people, or for tools."""

    TEXT = "text"
    JSON = "json"


DataFormatOption = Annotated[
    DataFormat,
    typer.Option(
        "--format",
        "-f",
        help="text for people; json for tools (a versioned object; see the JSON output reference).",
    ),
]
