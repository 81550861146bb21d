"""The cost model (advisor.scoring.cost): hand-computed figures, monotone volume, dated price facts.

The hand-computed cases use round test prices (below), not the shipped ones, so that the
arithmetic written next to each case stays true when a price in rules/facts.yaml is updated.
One month is 30 days (720 hours, 2,592,000 seconds); 1 GB is 1,048,576 KB.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import api, yaml_source
from advisor.architectures import ARCHITECTURES
from advisor.rules.facts import Fact
from advisor.scoring.cost import CostEstimate, estimate
from advisor.scoring.engine import evaluate
from tests.test_engine_properties import ANSWERS

# the scenarios and the published real-world deployments (tests/scenarios/real_world)
SCENARIOS = sorted((Path(__file__).parent / "scenarios").rglob("*.yaml"))

TEST_PRICES = {
    "price_lambda_gb_second": (0.00001, "USD per GB-second"),
    "price_lambda_requests": (0.2, "USD per 1 million requests"),
    "price_lambda_durable_operations": (8.0, "USD per 1 million durable operations"),
    "price_lambda_durable_data": (0.25, "USD per GB written"),
    "price_lambda_durable_data_retained": (0.15, "USD per GB-month"),
    "price_apigw_http_requests": (1.0, "USD per 1 million requests"),
    "price_apigw_rest_requests": (3.5, "USD per 1 million requests"),
    "price_sqs_requests": (0.4, "USD per 1 million requests"),
    "price_fargate_vcpu_hour": (0.04, "USD per vCPU-hour"),
    "price_fargate_gb_hour": (0.005, "USD per GB-hour"),
    "price_elasticache_small_node": (0.01, "USD per hour"),
    "price_dynamodb_on_demand_writes": (0.625, "USD per 1 million write request units"),
    "price_dynamodb_on_demand_reads": (0.125, "USD per 1 million read request units"),
    "price_cloudwatch_logs_ingest": (0.5, "USD per GB ingested"),
    "price_llm_input_tokens": (2.0, "USD per 1 million input tokens"),
}
FACTS = {
    fid: Fact(fid, fid, value, unit, "test price", "2026-01-01")
    for fid, (value, unit) in TEST_PRICES.items()
}
SHIPPED = api.load_rules()


def by_fact(result: CostEstimate, arch: str) -> dict[str, float]:
    """USD per price fact (facts that appear twice, e.g. two Fargate services, are summed)."""
    totals: dict[str, float] = {}
    for line in result.by_architecture[arch].lines:
        totals[line.fact] = round(totals.get(line.fact, 0.0) + line.usd, 4)
    return totals


def test_serverless_by_hand() -> None:
    answers = {
        "runs_per_day": 1000, "steps_per_run": 4, "workflow_duration": "seconds",
        "loop_shape": "step_per_invocation", "trigger": "api_request", "streaming": "none",
        "state": "per_run", "state_location": "external_store", "context_kb": 8,
        "observability": "basic", "traffic": "sporadic",
    }  # fmt: skip
    result = estimate(answers, FACTS)
    # 1,000 runs a day × 30 = 30,000 runs; one function invocation per step (4)
    assert by_fact(result, "serverless") == {
        "price_apigw_http_requests": 0.03,  # 30,000 requests × $1 / 1M
        "price_lambda_requests": 0.024,  # 30,000 × 4 = 120,000 × $0.2 / 1M
        "price_lambda_gb_second": 3.0,  # 30,000 × 10 s × 1 GB = 300,000 GB-s × $0.00001
        "price_sqs_requests": 0.108,  # 30,000 × 3 hand-offs × 3 requests × $0.4 / 1M
        "price_dynamodb_on_demand_writes": 0.6,  # 120,000 writes × 8 WRU (8 KB) × $0.625 / 1M
        "price_dynamodb_on_demand_reads": 0.03,  # 120,000 reads × 2 RRU (8 KB / 4) × $0.125 / 1M
        "price_cloudwatch_logs_ingest": 0.1144,  # 120,000 steps × 2 KB = 0.2289 GB × $0.5
    }
    # 0.03 + 0.024 + 3.0 + 0.108 + 0.6 + 0.03 + 0.1144 = 3.9064
    assert result.by_architecture["serverless"].monthly_usd == 3.91
    assert result.assumptions["active_seconds_per_run"] == 10


def test_long_running_by_hand() -> None:
    answers = {
        "runs_per_day": 10000, "steps_per_run": 5, "workflow_duration": "minutes",
        "traffic": "spiky", "tool_calls": "fast", "trigger": "user_chat",
        "observability": "basic",
    }  # fmt: skip
    result = estimate(answers, FACTS)
    # 300,000 runs × 300 s / 2,592,000 s = 34.72 runs at once on average; spiky peak × 5 =
    # 173.6; 64 runs per worker → ceil(2.71) = 3 workers of 1 vCPU / 2 GB for 720 hours
    assert result.assumptions["workers"] == 3
    assert by_fact(result, "long_running") == {
        # API service 0.5 vCPU × 720 h = 360 → $14.40; workers 3 × 720 = 2,160 → $86.40
        "price_fargate_vcpu_hour": 100.8,
        # API service 1 GB × 720 h = 720 → $3.60; workers 3 × 2 × 720 = 4,320 → $21.60
        "price_fargate_gb_hour": 25.2,
        "price_elasticache_small_node": 7.2,  # 720 h × $0.01
        "price_cloudwatch_logs_ingest": 1.4305,  # 1.5M steps × 2 KB = 2.861 GB × $0.5
    }
    # 100.8 + 25.2 + 7.2 + 1.4305 = 134.6305
    assert result.by_architecture["long_running"].monthly_usd == 134.63


def test_hybrid_by_hand() -> None:
    answers = {
        "runs_per_day": 2000, "steps_per_run": 10, "workflow_duration": "hours",
        "traffic": "steady", "tool_calls": "slow_or_unpredictable", "trigger": "event",
        "observability": "step_level",
    }  # fmt: skip
    result = estimate(answers, FACTS)
    # 60,000 runs × 3,600 s / 2,592,000 s = 83.3 at once; steady peak × 1.5 = 125; slow tools
    # → 128 runs per worker → ceil(0.98) = 1 worker. An event trigger needs no API gateway.
    assert result.assumptions["workers"] == 1
    assert by_fact(result, "hybrid") == {
        "price_lambda_requests": 0.012,  # 60,000 ingress invocations × $0.2 / 1M
        "price_lambda_gb_second": 0.03,  # 60,000 × 0.1 s × 0.5 GB = 3,000 GB-s × $0.00001
        "price_fargate_vcpu_hour": 28.8,  # 1 × 1 vCPU × 720 h × $0.04
        "price_fargate_gb_hour": 7.2,  # 1 × 2 GB × 720 h × $0.005
        "price_elasticache_small_node": 7.2,
        "price_cloudwatch_logs_ingest": 2.2888,  # 600,000 steps × 8 KB = 4.578 GB × $0.5
    }
    # 0.012 + 0.03 + 28.8 + 7.2 + 7.2 + 2.2888 = 45.5308
    assert result.by_architecture["hybrid"].monthly_usd == 45.53


def test_durable_functions_by_hand() -> None:
    answers = {
        "runs_per_day": 100, "steps_per_run": 6, "workflow_duration": "minutes",
        "waits": "hours_or_days", "trigger": "api_request", "state": "conversation",
        "state_location": "external_store", "context_kb": 64, "observability": "basic",
    }  # fmt: skip
    result = estimate(answers, FACTS)
    # 3,000 runs; each starts once and resumes once after its wait
    assert by_fact(result, "durable_functions") == {
        "price_apigw_http_requests": 0.003,  # 3,000 × $1 / 1M
        "price_lambda_requests": 0.0012,  # 3,000 × 2 = 6,000 × $0.2 / 1M
        "price_lambda_gb_second": 9.0,  # 3,000 × 300 s × 1 GB = 900,000 GB-s × $0.00001
        "price_lambda_durable_operations": 0.192,  # 3,000 × (6 steps + 2 for the wait) × $8 / 1M
        "price_lambda_durable_data": 0.2747,  # 3,000 × 6 × 64 KB = 1.0986 GB × $0.25
        "price_lambda_durable_data_retained": 0.0769,  # 1.0986 GB × 14/30 month × $0.15
        "price_dynamodb_on_demand_writes": 0.12,  # 3,000 saves × 64 WRU × $0.625 / 1M
        "price_dynamodb_on_demand_reads": 0.006,  # 3,000 loads × 16 RRU × $0.125 / 1M
        "price_cloudwatch_logs_ingest": 0.0172,  # 18,000 steps × 2 KB = 0.0343 GB × $0.5
    }
    # 0.003 + 0.0012 + 9.0 + 0.192 + 0.2747 + 0.0769 + 0.12 + 0.006 + 0.0172 = 9.691
    assert result.by_architecture["durable_functions"].monthly_usd == 9.69


def test_missing_or_unusable_price_leaves_the_line_out_and_says_so() -> None:
    facts = dict(FACTS)
    del facts["price_elasticache_small_node"]
    facts["price_sqs_requests"] = dataclasses.replace(facts["price_sqs_requests"], unit="EUR")
    answers = {"runs_per_day": 100, "steps_per_run": 3, "loop_shape": "step_per_invocation"}
    result = estimate(answers, facts)
    assert result.assumptions["missing_prices"] == [
        "price_elasticache_small_node", "price_sqs_requests"
    ]  # fmt: skip
    for cost in result.by_architecture.values():
        assert {"price_elasticache_small_node", "price_sqs_requests"}.isdisjoint(
            line.fact for line in cost.lines
        )
    assert result.by_architecture["long_running"].monthly_usd > 0


@settings(max_examples=150, deadline=None)
@given(ANSWERS, st.integers(0, 10**6), st.integers(1, 10**6))
def test_more_runs_never_cost_less(answers: dict[str, Any], runs: int, more: int) -> None:
    low = estimate({**answers, "runs_per_day": runs}, SHIPPED.facts)
    high = estimate({**answers, "runs_per_day": runs + more}, SHIPPED.facts)
    for arch in ARCHITECTURES:
        assert high.by_architecture[arch].monthly_usd >= low.by_architecture[arch].monthly_usd


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_line_cites_a_shipped_price_fact_with_its_date(path: Path) -> None:
    answers = yaml_source.load(path)["answers"]
    assessment = api.assess(answers, SHIPPED)
    assert assessment.cost_assumptions["missing_prices"] == []
    assert set(assessment.cost) == set(ARCHITECTURES)
    for cost in assessment.cost.values():
        assert cost.lines and cost.monthly_usd > 0
        for line in cost.lines:
            fact = SHIPPED.facts[line.fact]
            assert line.as_of == fact.as_of and fact.unit.startswith("USD per")


def test_cost_never_changes_the_assessment() -> None:
    answers = {"workflow_duration": "hours", "runs_per_day": 50000, "state": "long_term"}
    assessed = api.assess(answers, SHIPPED)
    bare = evaluate(assessed.answers, SHIPPED)
    assert assessed.cost_common is not None and assessed.cost_curve is not None
    stripped = dataclasses.replace(
        assessed, cost={}, cost_assumptions={}, cost_common=None, cost_curve=None
    )
    assert stripped == bare
