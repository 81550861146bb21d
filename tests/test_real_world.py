"""Published agent deployments (tests/scenarios/real_world/): the advisor's answer is held to
what each file records, and every disagreement with the team's own choice carries a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor import api, yaml_source
from advisor.rules.model import ARCHITECTURES, RuleSet

FOLDER = Path(__file__).parent / "scenarios" / "real_world"
CASES = sorted(FOLDER.glob("*.yaml"))


def test_there_are_at_least_twenty_published_deployments() -> None:
    assert len(CASES) >= 20
    chosen = {yaml_source.load(p)["chosen"] for p in CASES}
    assert chosen == set(ARCHITECTURES), "the set must cover every architecture teams chose"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_published_deployment(path: Path, ruleset: RuleSet) -> None:
    spec: dict[str, Any] = yaml_source.load(path)
    assert str(spec["source"]).startswith("https://"), "a public source URL"
    assert spec["chosen"] in ARCHITECTURES
    # every question answered explicitly: the file describes the workload, not the defaults
    assert set(spec["answers"]) == set(ruleset.questionnaire.ids)
    result = api.assess(spec["answers"], ruleset)
    recorded = spec["advisor"]
    assert result.recommendation == recorded["recommendation"], (path.stem, result.scores)
    if recorded["recommendation"] != spec["chosen"]:
        reason = str(recorded.get("disagreement", ""))
        assert len(reason) > 80, f"{path.stem}: a disagreement needs a written reason"
    else:
        assert "disagreement" not in recorded
