"""An Architecture Decision Record in MADR 4.0 form, drafted from the assessment.

The status is ``proposed``: the advisor drafts the decision, people accept it. Decision
drivers are the answers; the considered options are all the architectures with their
scores and estimated cost; pros and cons are the fired rules that moved each one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor import __version__
from advisor.report import view
from advisor.report.templating import render_template
from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from advisor.report import RenderOptions


def render(assessment: Assessment, options: RenderOptions) -> str:
    """The ADR as one Markdown document with MADR front matter."""
    v = view.build(assessment, options)
    subject = f"The agent workload “{v.workload}”" if v.workload else "The agent workload"
    # A team may generate another architecture than the recommended one; the ADR then records
    # the team's choice as the decision and says it departs from the recommendation.
    override = None
    if options.chosen and options.chosen != assessment.recommendation:
        override = next(o for o in v.options if o.id == options.chosen)
    return render_template(
        "adr.md.j2", v=v, subject=subject, version=__version__, override=override,
        veto_overridden=options.veto_overridden,
    )  # fmt: skip
