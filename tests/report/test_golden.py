"""Golden files: every format, on fixed assessments and a fixed portfolio.

Regenerate with ``UPDATE_GOLDEN=1 python -m pytest tests/report`` (see conftest.py).
"""

from __future__ import annotations

import pytest

from advisor import api
from advisor.errors import Diagnostic
from advisor.report import FORMATS, PORTFOLIO_FORMATS, render, render_portfolio
from advisor.scoring.assessment import Assessment
from advisor.scoring.portfolio import BrokenWorkload, Portfolio, Workload
from tests.report.conftest import SCENARIOS, assessment_from_dict, check_golden, options

SUFFIX = {"text": "txt", "json": "json", "markdown": "md", "html": "html", "adr": "adr.md",
          "csv": "csv"}  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_format_matches_golden(assessments: dict[str, Assessment], name: str, fmt: str) -> None:
    check_golden(f"{name}.{SUFFIX[fmt]}", render(assessments[name], fmt, options(name)))


def fixed_portfolio(assessments: dict[str, Assessment]) -> Portfolio:
    """Every fixed workload and a broken entry, as `advisor portfolio portfolio.yml` reads them."""
    problem = Diagnostic(
        "portfolio.yml", 40, "ADV104",
        "workload 'typo-bot': workflow_duration: 'days' is not allowed; allowed: one of: "
        "seconds, minutes, hours",
    )  # fmt: skip
    return Portfolio(
        source="portfolio.yml",
        ruleset={"name": "agent-runtime", "version": "1.0.0"},
        workloads=tuple(
            Workload(name, "portfolio.yml", assessments[name]) for name in sorted(SCENARIOS)
        ),
        broken=(BrokenWorkload("typo-bot", "portfolio.yml:39", (problem,)),),
    )


@pytest.mark.parametrize("fmt", PORTFOLIO_FORMATS)
def test_portfolio_matches_golden(assessments: dict[str, Assessment], fmt: str) -> None:
    text = render_portfolio(fixed_portfolio(assessments), fmt, options())
    check_golden(f"portfolio.{SUFFIX[fmt]}", text)


def test_fixtures_round_trip_the_live_engine() -> None:
    """The fixture loader is the exact inverse of to_dict, so fixtures are real assessments."""
    live = api.assess(SCENARIOS["support-chat"], api.load_rules())
    assert assessment_from_dict(live.to_dict()) == live


def test_fixtures_cover_each_recommendation_and_a_veto(
    assessments: dict[str, Assessment],
) -> None:
    recommended = {a.recommendation for a in assessments.values()}
    assert len(recommended) >= 2
    assert "durable_functions" in recommended  # its diagram and cost lines are in the goldens
    assert any(a.vetoes for a in assessments.values())
    assert any(a.sensitivity for a in assessments.values())
