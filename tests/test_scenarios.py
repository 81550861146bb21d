"""The article's own examples (and other reasoned workloads) as scenario tests.

Each ``tests/scenarios/*.yaml`` names a workload, its answers, and what the article's reasoning
expects: the recommendation (or acceptable ones), optionally the architecture that must come
last and rule ids whose risks must be listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor import api, yaml_source
from advisor.rules.model import RuleSet

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 10


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path: Path, ruleset: RuleSet) -> None:
    spec: dict[str, Any] = yaml_source.load(path)
    result = api.assess(spec["answers"], ruleset)
    expect = spec["expect"]
    wanted = expect["recommendation"]
    wanted = wanted if isinstance(wanted, list) else [wanted]
    assert result.recommendation in wanted, (spec["name"], result.scores)
    if "last" in expect:
        # raw points, not rounded scores: near 0 and 100 two totals can round alike
        lowest = min(result.raw_points, key=lambda a: result.raw_points[a])
        assert lowest == expect["last"], (spec["name"], result.scores)
    listed = {r.rule for r in result.risks}
    for rule_id in expect.get("risks_include", []):
        assert rule_id in listed, (spec["name"], rule_id, sorted(listed))
    for rule_id in expect.get("vetoes_include", []):
        assert rule_id in {v.rule for v in result.vetoes}, (spec["name"], rule_id)
