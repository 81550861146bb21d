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
