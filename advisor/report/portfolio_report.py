"""Portfolio summaries: one document for many workloads (markdown, html, csv, json).

The summary (table of workloads, counts per architecture, the most common risks, broken
workloads) comes first, then one section per workload rendered by the same templates as a
single report, one heading level down, so a workload reads the same in both.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.report import csv_report, labels, view
from advisor.report.diagram import mermaid
from advisor.report.templating import render_template

if TYPE_CHECKING:
    from advisor.report import RenderOptions
    from advisor.scoring.portfolio import Portfolio

from advisor.report import PORTFOLIO_FORMATS


def _anchor(name: str, index: int) -> str:
    """An HTML id for a workload: readable, unique, safe in CSS selectors."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workload"
    return f"w{index + 1}-{slug}"


def _github_slug(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading: lower case, no punctuation, - for space."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _sections(portfolio: Portfolio, options: RenderOptions, html: bool) -> list[dict[str, Any]]:
    from dataclasses import replace

    from advisor.report.html import pictures

    sections = []
    for i, w in enumerate(portfolio.workloads):
        v = view.build(w.assessment, replace(options, workload=w.name))
        anchor = _anchor(w.name, i)
        extra = pictures(v, anchor) if html else {"mermaid": mermaid(v.diagram)}
        sections.append({"w": w, "v": v, "p": anchor, "slug": _github_slug(w.name), **extra})
    return sections


def _render_text(portfolio: Portfolio, options: RenderOptions, html: bool) -> str:
    from datetime import date

    return render_template(
        "portfolio.html" if html else "portfolio.md.j2",
        pf=portfolio,
        sections=_sections(portfolio, options, html),
        counts=portfolio.counts(),
        confidence=portfolio.confidence_counts(),
        common=portfolio.common_risks(),
        title=options.title,
        date=(options.date or date.today()).isoformat(),
        cite=view.cite,
        version=__version__,
        labels=labels,
    )


def render_portfolio(portfolio: Portfolio, fmt: str, options: RenderOptions) -> str:
    """A portfolio summary in one of :data:`PORTFOLIO_FORMATS`."""
    if fmt == "json":
        return json.dumps(portfolio.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        rows = [csv_report.row(w.name, w.assessment) for w in portfolio.workloads]
        rows += [
            csv_report.error_row(b.name, "; ".join(str(d) for d in b.problems))
            for b in portfolio.broken
        ]
        return csv_report.table(rows)
    if fmt in ("markdown", "html"):
        return _render_text(portfolio, options, html=fmt == "html")
    raise ValueError(f"unknown portfolio format {fmt!r}; allowed: {', '.join(PORTFOLIO_FORMATS)}")
