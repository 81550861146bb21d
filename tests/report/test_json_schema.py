"""Every JSON output validates against the JSON Schema published in docs/reference/."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advisor import api, yaml_source
from advisor.cli.main import app
from advisor.report import render, render_portfolio
from advisor.scoring.assessment import Assessment
from tests.report.conftest import ROOT
from tests.report.schemas import problems
from tests.report.test_golden import fixed_portfolio

SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_validates(path: Path) -> None:
    answers = yaml_source.load(path)["answers"]
    data = json.loads(render(api.assess(answers, api.load_rules()), "json"))
    assert problems("assessment", data) == []


def test_golden_and_cli_json_validate(assessments: dict[str, Assessment]) -> None:
    for a in assessments.values():
        assert problems("assessment", json.loads(render(a, "json"))) == []
    result = CliRunner().invoke(
        app, ["recommend", "--defaults", "--set", "workflow_duration=hours", "-f", "json"]
    )
    assert result.exit_code == 0
    assert problems("assessment", json.loads(result.output)) == []


def test_portfolio_json_validates(assessments: dict[str, Assessment]) -> None:
    data = json.loads(render_portfolio(fixed_portfolio(assessments), "json"))
    assert problems("portfolio", data) == []


def test_schema_rejects_what_the_contract_forbids(assessments: dict[str, Assessment]) -> None:
    """A control: the schema is strict enough to catch a renamed key or a bad value."""
    good: dict[str, Any] = json.loads(render(assessments["support-chat"], "json"))
    for mutate in (
        lambda d: d.pop("sensitivity"),
        lambda d: d.update(recommendation="kubernetes"),
        lambda d: d["scores"].update(hybrid=120),
        lambda d: d.update(schema_version=1),
        lambda d: d.pop("cost"),
        lambda d: d["cost"]["durable_functions"]["lines"][0].pop("as_of"),
        lambda d: d["scores"].pop("durable_functions"),
        lambda d: d["fired"][0].pop("why"),
    ):
        bad = copy.deepcopy(good)
        mutate(bad)
        assert problems("assessment", bad), mutate
