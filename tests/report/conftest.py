"""Fixed assessments for the report tests, and the golden-file helper.

Golden files must change only when a renderer changes, not when a rule is tuned, so the
renderers are tested on assessments frozen as JSON in ``fixtures/`` (made by the real engine
from the answers below). Regenerate fixtures and golden files together with:

    UPDATE_GOLDEN=1 python -m pytest tests/report

then review the diff (``git diff tests/report``) before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from advisor import api
from advisor.report import RenderOptions
from advisor.scoring.assessment import Assessment, Change, FiredRule, RiskItem, VetoResult
from advisor.scoring.cost import ArchitectureCost
from advisor.scoring.cost_curve import CostCurve

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DATE = dt.date(2026, 1, 15)  # injected, so golden files do not change every day

# name → answers; workloads with different recommendations (durable_functions among them),
# one of them with a veto
SCENARIOS: dict[str, dict[str, Any]] = {
    "support-chat": {
        "workflow_duration": "minutes", "steps_per_run": 6, "state": "conversation",
        "streaming": "required", "latency_tolerance": "interactive",
        "tool_calls": "slow_or_unpredictable", "trigger": "user_chat", "traffic": "spiky",
        "runs_per_day": 20000, "resume_needed": True, "context_kb": 1500,
        "ops_maturity": "medium", "cost_priority": "balanced", "observability": "basic",
        "dependency_weight": "heavy",
    },
    "research-agent": {
        "workflow_duration": "hours", "steps_per_run": 40, "state": "long_term",
        "streaming": "required", "latency_tolerance": "tolerant",
        "tool_calls": "slow_or_unpredictable", "trigger": "api_request", "traffic": "steady",
        "runs_per_day": 5000, "resume_needed": True, "context_kb": 300, "ops_maturity": "high",
        "cost_priority": "predictable_at_scale", "observability": "step_level",
    },
    "webhook-classify": {
        "workflow_duration": "seconds", "steps_per_run": 1, "state": "none",
        "streaming": "none", "latency_tolerance": "moderate", "tool_calls": "none",
        "trigger": "event", "traffic": "sporadic", "runs_per_day": 500,
        "ops_maturity": "low", "cost_priority": "low_start_cost",
    },
    "approval-workflow": {
        "workflow_duration": "minutes", "waits": "hours_or_days", "steps_per_run": 8,
        "loop_shape": "step_per_invocation", "state": "per_run",
        "state_location": "platform_managed", "streaming": "none",
        "latency_tolerance": "tolerant", "tool_calls": "slow_or_unpredictable",
        "trigger": "event", "traffic": "sporadic", "runs_per_day": 300, "resume_needed": True,
        "context_kb": 64, "ops_maturity": "low", "cost_priority": "low_start_cost",
        "observability": "step_level", "platform": "aws",
    },
}  # fmt: skip


def assessment_from_dict(d: dict[str, Any]) -> Assessment:
    """The inverse of ``Assessment.to_dict`` (for frozen fixtures)."""
    return Assessment(
        recommendation=d["recommendation"],
        scores=d["scores"],
        raw_points=d["raw_points"],
        ranking=tuple(d["ranking"]),
        confidence=d["confidence"],
        margin=d["margin"],
        fired=tuple(
            FiredRule(
                r["id"], r["title"], r["family"], r["pack"], r["effects"], r["why"], r["source"]
            )
            for r in d["fired"]
        ),
        vetoes=tuple(VetoResult(**v) for v in d["vetoes"]),
        risks=tuple(
            RiskItem(
                r["rule"],
                r["category"],
                tuple(r["applies_to"]),
                r["text"],
                r["mitigation"],
                r["applies_to_recommendation"],
            )
            for r in d["risks"]
        ),
        sensitivity=tuple(
            Change(c["question"], c["from"], c["to"], c["recommendation"]) for c in d["sensitivity"]
        ),
        answers=d["answers"],
        ruleset=d["ruleset"],
        facts=tuple(d["facts"]),
        notes=tuple(d["notes"]),
        cost={arch: ArchitectureCost.from_dict(arch, c) for arch, c in d["cost"].items()},
        cost_assumptions=d["cost_assumptions"],
        cost_common=ArchitectureCost.from_dict("common", d["cost_common"])
        if "cost_common" in d
        else None,
        cost_curve=CostCurve.from_dicts(d["cost_curve"], d["cost_sensitivity"])
        if "cost_curve" in d
        else None,
    )


def fixed_assessment(name: str) -> Assessment:
    """A frozen assessment; with UPDATE_GOLDEN=1 it is first re-made by the real engine."""
    path = FIXTURES / f"{name}.json"
    if UPDATE:
        live = api.assess(SCENARIOS[name], api.load_rules())
        path.write_text(json.dumps(live.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return assessment_from_dict(json.loads(path.read_text(encoding="utf-8")))


def options(name: str = "") -> RenderOptions:
    """Render options with the fixed date."""
    return RenderOptions(date=DATE, workload=name)


def check_golden(name: str, text: str) -> None:
    """Compare with ``golden/NAME`` (or rewrite it under UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"missing {path}; run: UPDATE_GOLDEN=1 python -m pytest tests/report"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from its golden file; if the change is intended, run "
        "UPDATE_GOLDEN=1 python -m pytest tests/report and review the diff"
    )


@pytest.fixture(scope="session")
def assessments() -> dict[str, Assessment]:
    """Every fixed assessment by name."""
    return {name: fixed_assessment(name) for name in SCENARIOS}
