"""Command-line options shared by the ``advisor`` commands (defined once, used everywhere)."""

from __future__ import annotations

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
