"""Renderers: one module per format, each ``render(assessment, options) -> str``.

The assessment is the single source; renderers only arrange it. Heavy libraries (rich,
jinja2) are imported by the renderer that needs them, when it is used.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from advisor.scoring.portfolio import Portfolio

# format name → module in this package
RENDERERS = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "html": "html",
    "adr": "adr",
    "csv": "csv_report",
}
FORMATS = tuple(RENDERERS)
# a portfolio is a summary of many workloads; text and ADR are about one decision each
PORTFOLIO_FORMATS = ("markdown", "html", "csv", "json")


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices that do not change the conclusions.

    Attributes:
        color: ANSI colours in the text report.
        width: Terminal width of the text report.
        title: Report title.
        workload: The workload's name (an answers file's stem, a portfolio entry), shown in
            titles and in the CSV ``workload`` column.
        date: The report's date (ADR front matter, footers); today when None. Tests fix it so
            that golden files do not change every day.
        chosen: The architecture the team generated when it is not the recommendation
            (``advisor new --architecture``); the ADR then records that choice as the decision.
        veto_overridden: The chosen architecture was vetoed and generated with ``--force``.
    """

    color: bool = False
    width: int = 100
    title: str = "Agent runtime assessment"
    workload: str = ""
    date: dt.date | None = None
    chosen: str = ""
    veto_overridden: bool = False


def render(assessment: Assessment, fmt: str, options: RenderOptions | None = None) -> str:
    """Render an assessment in one of :data:`FORMATS`."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    module = importlib.import_module(f"advisor.report.{RENDERERS[fmt]}")
    text: str = module.render(assessment, options or RenderOptions())
    return text


def render_portfolio(portfolio: Portfolio, fmt: str, options: RenderOptions | None = None) -> str:
    """Render a portfolio summary in one of ``PORTFOLIO_FORMATS`` (markdown, html, csv, json)."""
    from advisor.report.portfolio_report import render_portfolio as render_many

    return render_many(portfolio, fmt, options or RenderOptions())
