"""Markdown for GitHub and GitLab: tables, lists and a Mermaid diagram they draw natively."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor import __version__
from advisor.report import view
from advisor.report.diagram import mermaid
from advisor.report.templating import render_template
from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from advisor.report import RenderOptions


def render(assessment: Assessment, options: RenderOptions) -> str:
    """The full report as one Markdown document."""
    v = view.build(assessment, options)
    return render_template(
        "report.md.j2", v=v, mermaid=mermaid(v.diagram), cite=view.cite, version=__version__
    )
