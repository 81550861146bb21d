"""One self-contained HTML page: inline CSS and SVG, no script, no network, printable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor import __version__
from advisor.report import svg, view
from advisor.report.cost_chart import cost_chart
from advisor.report.templating import markup, render_template
from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from markupsafe import Markup

    from advisor.report import RenderOptions


def pictures(v: view.ReportView, prefix: str) -> dict[str, Markup]:
    """The score chart, the architecture diagram and the cost chart, as inline SVG."""
    curve = v.cost_curve
    return {
        "chart": markup(svg.score_chart(v.options, prefix)),
        "diagram": markup(
            svg.architecture_diagram(v.diagram, f"Architecture: {v.recommended.label}", prefix)
        ),
        "cost_chart": markup(cost_chart(curve, v.a.vetoed, prefix) if curve else ""),
    }


def render(assessment: Assessment, options: RenderOptions) -> str:
    """The full report as one HTML document."""
    v = view.build(assessment, options)
    return render_template(
        "report.html", v=v, cite=view.cite, version=__version__, **pictures(v, "r")
    )
