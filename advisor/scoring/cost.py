"""The cost model: a monthly USD estimate per architecture, every price a dated fact.

A pure function of the answers and the rule set's facts (no I/O). It only reports: scores and
the recommendation never depend on it. Each architecture's estimate is a list of lines — what
is billed, how much of it, at which price fact — so a reader can redo the arithmetic and see
which dated price to re-check. The inputs the figures rest on (volume, assumed seconds per
run, memory, worker sizing) are returned as ``assumptions`` and printed by every report.

The model's input tokens are priced separately (``CostEstimate.common``): the model reads the
whole prompt on every call whatever hosts the loop, so that spend is the same for every
architecture. Only what differs is in an architecture's bill: a run without checkpoints (a
serverless loop inside one invocation) starts again when a step fails, and re-sends every
earlier step's context to the model.

Prices are AWS us-east-1 on-demand list prices (``rules/facts.yaml``, ids ``price_*``), whatever
the ``platform`` answer: one price list keeps the architectures comparable. Free tiers are not
subtracted. A price fact that is missing (or whose unit is not "USD per …") leaves its line out
and is named in ``assumptions["missing_prices"]`` — a price is never invented here.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.architectures import ARCHITECTURES
from advisor.project.template_data import worker_concurrency
from advisor.questions.questionnaire import Answer
from advisor.rules.facts import Fact

DAYS_PER_MONTH = 30
HOURS_PER_MONTH = DAYS_PER_MONTH * 24
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
KB_PER_GB = 1024 * 1024

# Active compute seconds of one run, per workflow_duration answer (a typical point in its range).
ACTIVE_SECONDS = {"seconds": 10, "minutes": 300, "hours": 3600}
# Peak concurrency over average concurrency, per traffic answer: always-on workers are sized
# for the peak; pay-per-use pays for the average.
PEAK_FACTOR = {"steady": 1.5, "sporadic": 3.0, "spiky": 5.0}
MB_PER_GB = 1024
DEFAULT_MEMORY_MB = 1024  # the memory_mb question's default
TOKENS_PER_KB = 256  # about 4 bytes of English text or JSON per token
# Share of steps that fail once and are retried (tool timeouts, model 429/5xx). A retry of the
# failed step is common to all designs; a run without checkpoints also repeats earlier steps.
STEP_FAILURE_RATE = 0.02
INGRESS_SECONDS, INGRESS_MEMORY_GB = 0.1, 0.5  # a hybrid ingress function validates, enqueues
WORKER_VCPU, WORKER_GB = 1.0, 2.0  # one Fargate task per worker
API_VCPU, API_GB = 0.5, 1.0  # the long_running API service, one task
MIN_WORKERS = 1
SQS_REQUESTS_PER_HANDOFF = 3  # send, receive, delete
LOG_KB_PER_STEP = {"basic": 2, "step_level": 8}
DURABLE_WAIT_OPERATIONS = 2  # a callback takes at least two operations (price fact note)
DURABLE_RETENTION_DAYS = 14  # execution history kept after a run (configurable 1–90 days)
DYNAMODB_WRITE_KB, DYNAMODB_READ_KB = 1, 4  # one WRU writes 1 KB; one RRU reads 4 KB

_PER = re.compile(r"^USD per (?:(1 million|1,000)\s)?")
_SCALE = {None: 1.0, "1 million": 1e6, "1,000": 1e3}


@dataclass(frozen=True)
class CostLine:
    """One billed item: quantity per month × unit price (a dated fact) = usd."""

    item: str
    quantity: float
    unit: str
    usd: float
    fact: str
    as_of: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "item": self.item,
            "quantity": self.quantity,
            "unit": self.unit,
            "usd": self.usd,
            "fact": self.fact,
            "as_of": self.as_of,
        }


@dataclass(frozen=True)
class ArchitectureCost:
    """The monthly estimate of one architecture, line by line."""

    architecture: str
    lines: tuple[CostLine, ...]

    @property
    def monthly_usd(self) -> float:
        """The sum of the lines, in USD per month (2 decimals)."""
        return round(sum(line.usd for line in self.lines), 2)

    def largest(self, count: int = 3) -> tuple[CostLine, ...]:
        """The ``count`` most expensive lines, largest first (what reports show)."""
        return tuple(sorted(self.lines, key=lambda line: -line.usd)[:count])

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {"monthly_usd": self.monthly_usd, "lines": [li.to_dict() for li in self.lines]}

    @classmethod
    def from_dict(cls, architecture: str, data: Mapping[str, Any]) -> ArchitectureCost:
        """The inverse of :meth:`to_dict` (``monthly_usd`` is recomputed from the lines)."""
        return cls(architecture, tuple(CostLine(**line) for line in data["lines"]))


@dataclass(frozen=True)
class CostEstimate:
    """Every architecture's estimate, the spend common to all, and the assumptions."""

    by_architecture: Mapping[str, ArchitectureCost]
    assumptions: Mapping[str, Any]
    # the model's input tokens: the same whichever architecture hosts the loop
    common: ArchitectureCost = ArchitectureCost("common", ())

    @property
    def by_architecture_usd(self) -> dict[str, float]:
        """Each architecture's monthly total, USD."""
        return {arch: cost.monthly_usd for arch, cost in self.by_architecture.items()}

    @property
    def precise_usd(self) -> dict[str, float]:
        """Each architecture's monthly total before rounding to cents: what comparisons use,
        so two architectures whose costs differ by less than a cent still order (and a
        break-even is where they cross, not where their rounded totals happen to tie)."""
        return {
            arch: round(sum(line.usd for line in cost.lines), 6)
            for arch, cost in self.by_architecture.items()
        }


@functools.lru_cache(maxsize=256)
def _unit_price(fact: Fact) -> float | None:
    """USD per one unit, or None when the fact is not a price in USD per (1 million | 1,000) …"""
    found = _PER.match(fact.unit)
    if found is None or isinstance(fact.value, bool) or not isinstance(fact.value, int | float):
        return None
    return float(fact.value) / _SCALE[found.group(1)]


class _Bill:
    """Collects the lines of one architecture; skips (and records) prices that are missing."""

    def __init__(self, architecture: str, facts: Mapping[str, Fact], missing: set[str]):
        self.architecture = architecture
        self.facts = facts
        self.missing = missing
        self.lines: list[CostLine] = []

    def add(self, item: str, quantity: float, unit: str, fact_id: str) -> None:
        fact = self.facts.get(fact_id)
        price = _unit_price(fact) if fact is not None else None
        if fact is None or price is None:
            self.missing.add(fact_id)
            return
        usd = round(quantity * price, 4)
        self.lines.append(CostLine(item, round(quantity, 4), unit, usd, fact_id, fact.as_of))

    def result(self) -> ArchitectureCost:
        return ArchitectureCost(self.architecture, tuple(self.lines))


@dataclass(frozen=True)
class _Inputs:
    """The answers the model reads, with the derived volumes."""

    runs: int  # per month
    steps: int
    seconds: int  # active seconds per run
    memory_gb: float  # of an agent function
    tokens_per_step: int  # model input tokens per step: prompt plus the carried context
    peak_factor: float
    runs_per_worker: int
    context_kb: int
    http_ingress: bool
    streaming: bool
    waits: bool
    step_per_invocation: bool
    estimated_seconds: bool  # True when seconds come from workflow_duration, not an answer
    needs_store: bool
    cross_run_memory: bool
    store_outside: bool  # state_location is a store the code reads and writes
    log_kb_per_step: int


def _int(value: Answer | None, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _inputs(answers: Mapping[str, Answer]) -> _Inputs:
    state = answers.get("state", "none")
    duration = str(answers.get("workflow_duration", "seconds"))
    answered_seconds = _int(answers.get("compute_seconds_per_run"), 0)
    context_kb = _int(answers.get("context_kb"), 0)
    return _Inputs(
        runs=_int(answers.get("runs_per_day"), 0) * DAYS_PER_MONTH,
        steps=max(1, _int(answers.get("steps_per_run"), 1)),
        seconds=answered_seconds or ACTIVE_SECONDS.get(duration, ACTIVE_SECONDS["seconds"]),
        memory_gb=_int(answers.get("memory_mb"), DEFAULT_MEMORY_MB) / MB_PER_GB,
        tokens_per_step=_int(answers.get("input_tokens_per_step"), 0) + context_kb * TOKENS_PER_KB,
        peak_factor=PEAK_FACTOR.get(str(answers.get("traffic")), PEAK_FACTOR["sporadic"]),
        runs_per_worker=worker_concurrency(answers),  # what the generated workers run at once
        context_kb=context_kb,
        http_ingress=answers.get("trigger", "api_request") != "event",
        streaming=answers.get("streaming", "none") != "none",
        waits=answers.get("waits", "none") != "none",
        step_per_invocation=answers.get("loop_shape") == "step_per_invocation",
        estimated_seconds=answered_seconds == 0,
        needs_store=state != "none" or bool(answers.get("resume_needed", False)),
        cross_run_memory=state in ("conversation", "long_term"),
        store_outside=answers.get("state_location", "external_store")
        in ("external_store", "process_memory"),
        log_kb_per_step=LOG_KB_PER_STEP.get(str(answers.get("observability")), 2),
    )


def _gb(kb: float) -> float:
    return kb / KB_PER_GB


def _store(bill: _Bill, x: _Inputs, accesses: int, what: str) -> None:
    """DynamoDB reads and writes of the state, sized by the context carried (``accesses``/month)."""
    wru = max(1, math.ceil(x.context_kb / DYNAMODB_WRITE_KB))
    rru = max(1, math.ceil(x.context_kb / DYNAMODB_READ_KB))
    bill.add(f"State store writes ({what})", accesses * wru, "write request units",
             "price_dynamodb_on_demand_writes")  # fmt: skip
    bill.add(f"State store reads ({what})", accesses * rru, "read request units",
             "price_dynamodb_on_demand_reads")  # fmt: skip


def _ingress(bill: _Bill, x: _Inputs, rest: bool = False) -> None:
    if x.http_ingress:
        fact = "price_apigw_rest_requests" if rest else "price_apigw_http_requests"
        kind = "REST API, response streaming" if rest else "HTTP API"
        bill.add(f"API Gateway requests ({kind})", x.runs, "requests", fact)


def _logs(bill: _Bill, x: _Inputs) -> None:
    bill.add("Log ingestion", _gb(x.runs * x.steps * x.log_kb_per_step), "GB",
             "price_cloudwatch_logs_ingest")  # fmt: skip


def _always_on(bill: _Bill, item: str, tasks: int, vcpu: float, gb: float) -> None:
    bill.add(f"{item}: vCPU", tasks * vcpu * HOURS_PER_MONTH, "vCPU-hours",
             "price_fargate_vcpu_hour")  # fmt: skip
    bill.add(f"{item}: memory", tasks * gb * HOURS_PER_MONTH, "GB-hours", "price_fargate_gb_hour")


def workers_needed(x: _Inputs) -> int:
    """Workers for the peak: average concurrent runs (Little's law) × peak factor."""
    average = x.runs * x.seconds / SECONDS_PER_MONTH
    return max(MIN_WORKERS, math.ceil(average * x.peak_factor / x.runs_per_worker))


def repeated_steps(steps: int) -> float:
    """Steps a run without checkpoints repeats on average: a failure at step i repeats 1..i-1.

    Each of the ``steps`` fails with probability STEP_FAILURE_RATE; summed over i that is
    rate × steps × (steps − 1) / 2 (one failure per run at most, a first-order estimate).
    """
    return STEP_FAILURE_RATE * steps * (steps - 1) / 2


def restarts_from_scratch(x: _Inputs) -> bool:
    """A serverless run keeps nothing between its steps unless each step is its own
    invocation or the state is written to a store after each step."""
    return not x.step_per_invocation and not (x.needs_store and x.store_outside)


def _serverless(bill: _Bill, x: _Inputs) -> None:
    invocations = x.steps if x.step_per_invocation else 1
    # response streaming through API Gateway needs a REST API
    _ingress(bill, x, rest=x.streaming)
    bill.add("Lambda requests", x.runs * invocations, "requests", "price_lambda_requests")
    bill.add("Lambda duration", x.runs * x.seconds * x.memory_gb, "GB-seconds",
             "price_lambda_gb_second")  # fmt: skip
    if invocations > 1:
        bill.add("SQS hand-offs between steps",
                 x.runs * (invocations - 1) * SQS_REQUESTS_PER_HANDOFF, "requests",
                 "price_sqs_requests")  # fmt: skip
    if x.needs_store and x.store_outside:
        _store(bill, x, x.runs * x.steps, "one read and one write per step")
    repeated = x.runs * repeated_steps(x.steps) if restarts_from_scratch(x) else 0.0
    if repeated:
        # the stateless design's extra: earlier steps run again, their context sent again
        bill.add("Lambda duration of steps repeated after a failure (no checkpoint)",
                 repeated * x.seconds / x.steps * x.memory_gb, "GB-seconds",
                 "price_lambda_gb_second")  # fmt: skip
        if x.tokens_per_step:
            bill.add("Model input re-sent by repeated steps (no checkpoint)",
                     repeated * x.tokens_per_step, "tokens", "price_llm_input_tokens")  # fmt: skip
    _logs(bill, x)


def _workers(bill: _Bill, x: _Inputs, hybrid: bool) -> None:
    if hybrid:
        _ingress(bill, x)
        bill.add("Ingress Lambda requests", x.runs, "requests", "price_lambda_requests")
        bill.add("Ingress Lambda duration", x.runs * INGRESS_SECONDS * INGRESS_MEMORY_GB,
                 "GB-seconds", "price_lambda_gb_second")  # fmt: skip
    else:
        _always_on(bill, "API service (1 Fargate task)", 1, API_VCPU, API_GB)
    n = workers_needed(x)
    _always_on(bill, f"Workers ({n} Fargate task{'s' if n != 1 else ''})", n, WORKER_VCPU,
               WORKER_GB)  # fmt: skip
    # queue, run events and state share one always-on Redis-compatible cache
    bill.add("Redis (queue, events, state), always on", HOURS_PER_MONTH, "hours",
             "price_elasticache_small_node")  # fmt: skip
    _logs(bill, x)


def _durable(bill: _Bill, x: _Inputs) -> None:
    _ingress(bill, x)
    resumes = 1 if x.waits else 0  # the function is invoked again when the wait ends
    bill.add("Lambda requests (start and resumes)", x.runs * (1 + resumes), "requests",
             "price_lambda_requests")  # fmt: skip
    bill.add("Lambda duration (waits are not billed)", x.runs * x.seconds * x.memory_gb,
             "GB-seconds", "price_lambda_gb_second")  # fmt: skip
    operations = x.steps + (DURABLE_WAIT_OPERATIONS if x.waits else 0)
    bill.add("Durable operations (one checkpoint per step, two per wait)", x.runs * operations,
             "operations", "price_lambda_durable_operations")  # fmt: skip
    written = _gb(x.runs * x.steps * x.context_kb)
    bill.add("Checkpoint data written", written, "GB", "price_lambda_durable_data")
    bill.add("Checkpoint data retained", written * DURABLE_RETENTION_DAYS / DAYS_PER_MONTH,
             "GB-months", "price_lambda_durable_data_retained")  # fmt: skip
    # within a run the history holds the state; memory across runs still needs a store
    if x.cross_run_memory and x.store_outside:
        _store(bill, x, x.runs, "memory loaded and saved once per run")
    _logs(bill, x)


def estimate(answers: Mapping[str, Answer], facts: Mapping[str, Fact]) -> CostEstimate:
    """The monthly cost of each architecture for these answers, priced from ``facts``."""
    x = _inputs(answers)
    missing: set[str] = set()
    result: dict[str, ArchitectureCost] = {}
    for arch in ARCHITECTURES:
        bill = _Bill(arch, facts, missing)
        if arch == "serverless":
            _serverless(bill, x)
        elif arch == "durable_functions":
            _durable(bill, x)
        else:
            _workers(bill, x, hybrid=arch == "hybrid")
        result[arch] = bill.result()
    common = _Bill("common", facts, missing)
    if x.tokens_per_step:
        tokens = x.runs * x.steps * x.tokens_per_step
        common.add("Model input tokens (every step, any architecture)", tokens, "tokens",
                   "price_llm_input_tokens")  # fmt: skip
    return CostEstimate(result, _assumptions(x, sorted(missing)), common.result())


def _assumptions(x: _Inputs, missing: list[str]) -> dict[str, Any]:
    return {
        "prices": "AWS us-east-1 on-demand list prices, no free tier",
        "runs_per_month": x.runs,
        "days_per_month": DAYS_PER_MONTH,
        "steps_per_run": x.steps,
        "active_seconds_per_run": x.seconds,
        "active_seconds_source": "workflow_duration"
        if x.estimated_seconds
        else "compute_seconds_per_run",
        "active_seconds_by_duration": dict(ACTIVE_SECONDS),
        "lambda_memory_gb": round(x.memory_gb, 4),
        "input_tokens_per_step": x.tokens_per_step,
        "tokens_per_context_kb": TOKENS_PER_KB,
        "step_failure_rate": STEP_FAILURE_RATE,
        "serverless_restarts_on_failure": restarts_from_scratch(x),
        "peak_factor": x.peak_factor,
        "runs_per_worker": x.runs_per_worker,
        "workers": workers_needed(x),
        "worker_size": {"vcpu": WORKER_VCPU, "memory_gb": WORKER_GB},
        "api_service_size": {"vcpu": API_VCPU, "memory_gb": API_GB},
        "always_on_hours_per_month": HOURS_PER_MONTH,
        "context_kb": x.context_kb,
        "log_kb_per_step": x.log_kb_per_step,
        "durable_retention_days": DURABLE_RETENTION_DAYS,
        "missing_prices": missing,
    }
