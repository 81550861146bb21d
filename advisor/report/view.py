"""The report view: an Assessment arranged for people, shared by every template.

Renderers must not disagree on what a report says, only on how it looks. So the ordering
(ranking, rules by effect, risks by category), the summary sentence, pros and cons, top risks
and decision drivers are decided once here; the Markdown, HTML, ADR and CSV templates only lay
them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.report import labels
from advisor.report.diagram import Diagram, diagram_for
from advisor.rules.model import RISK_CATEGORIES, Source
from advisor.scoring.assessment import Assessment, FiredRule, RiskItem, VetoResult
from advisor.scoring.cost import ArchitectureCost
from advisor.scoring.cost_curve import CostCurve

if TYPE_CHECKING:
    from advisor.report import RenderOptions

TOP_RISKS = 3
TOP_RULES = 5  # per architecture in the score cards; the full list follows in "Why"
DECADES = (10, 100, 1_000, 10_000, 100_000, 1_000_000)  # volumes of the cost-by-volume table


def _date_range(dates: set[str]) -> str:
    ordered = sorted(dates)
    if not ordered:
        return ""
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"


@dataclass(frozen=True)
class RuleEffect:
    """One fired rule as it moved one architecture's score."""

    id: str
    title: str
    points: int
    why: str
    source: str


@dataclass(frozen=True)
class Option:
    """One architecture: its score, the rules that moved it, vetoes, pros and cons."""

    id: str
    label: str
    score: float
    raw: int
    recommended: bool
    vetoed: bool
    rules: tuple[RuleEffect, ...]
    vetoes: tuple[VetoResult, ...]
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    cost: ArchitectureCost | None = None

    @property
    def cost_summary(self) -> str:
        """The estimate in one line: '$812 a month (workers: vCPU $641, …)', largest first."""
        if self.cost is None:
            return ""
        items = ", ".join(f"{li.item} {labels.money(li.usd)}" for li in self.cost.largest())
        return f"{labels.money(self.cost.monthly_usd)} a month" + (f" ({items})" if items else "")

    @property
    def cost_dates(self) -> str:
        """The dates of the prices in this estimate: '2025-05-19 to 2026-09-20'."""
        return _date_range({li.as_of for li in self.cost.lines} if self.cost else set())

    @property
    def top_rules(self) -> tuple[RuleEffect, ...]:
        """The rules that moved this score most (largest effect first)."""
        return self.rules[:TOP_RULES]

    @property
    def status(self) -> str:
        """recommended, vetoed, or empty."""
        return "recommended" if self.recommended else "vetoed" if self.vetoed else ""


@dataclass(frozen=True)
class RiskGroup:
    """The risks of one category (the article's grouping), in rule order."""

    category: str
    label: str
    items: tuple[RiskItem, ...]


@dataclass(frozen=True)
class AnswerRow:
    """One answer; ``decisive`` when changing it alone would change the recommendation."""

    id: str
    label: str
    value: str
    decisive: bool


@dataclass(frozen=True)
class WhatIf:
    """One answer change that would change the recommendation."""

    question: str
    label: str
    current: str
    alternative: str
    recommendation: str


@dataclass(frozen=True)
class ReportView:
    """Everything a template needs, in display order."""

    a: Assessment
    title: str
    workload: str
    date: str
    options: tuple[Option, ...]
    fired: tuple[FiredRule, ...]
    recommended: Option
    runner_up: Option | None
    summary: str
    risk_groups: tuple[RiskGroup, ...]
    top_risks: tuple[RiskItem, ...]
    answers: tuple[AnswerRow, ...]
    what_if: tuple[WhatIf, ...]
    facts: tuple[Mapping[str, Any], ...]
    diagram: Diagram
    rule_titles: Mapping[str, str]
    cost_notes: tuple[str, ...] = ()
    cost_common: ArchitectureCost | None = None
    cost_curve: CostCurve | None = None
    # the cost sensitivity in sentences: cheapest now, and where that changes
    cost_outlook: tuple[str, ...] = ()

    @property
    def cost_by_volume(self) -> tuple[tuple[int, dict[str, float]], ...]:
        """Each architecture's monthly cost at 10, 100, … 1,000,000 runs a day (chart points)."""
        found = self.cost_curve
        if found is None:
            return ()
        return tuple(
            (volume, {arch: usd[i] for arch, usd in found.monthly_usd.items()})
            for i, volume in enumerate(found.volumes)
            if volume in DECADES
        )

    @property
    def costed(self) -> tuple[Option, ...]:
        """The options that carry a cost estimate, in ranking order."""
        return tuple(o for o in self.options if o.cost is not None)

    @property
    def price_dates(self) -> str:
        """The dates of the prices the estimates use: '2025-05-19 to 2026-09-20'."""
        return _date_range({li.as_of for o in self.options if o.cost for li in o.cost.lines})

    @property
    def confidence(self) -> str:
        """The confidence label (High, Medium, Low)."""
        return labels.CONFIDENCE_LABELS.get(self.a.confidence, self.a.confidence)


def cite(source: Mapping[str, Any]) -> str:
    """A fired rule's source in one line (article section and quote, then facts)."""
    return Source(
        section=str(source.get("section", "")),
        quote=str(source.get("quote", "")),
        facts=tuple(source.get("facts", ())),
    ).cite()


def fact_line(fact: Mapping[str, Any]) -> str:
    """A platform fact with its value and date: 'AWS Lambda …: 15 minutes (as of 2026-10-01)'."""
    return f"{fact['title']}: {fact['value']} {fact['unit']} (as of {fact['as_of']})"


def _option(a: Assessment, arch: str) -> Option:
    rules = tuple(
        RuleEffect(r.id, r.title, r.effects[arch], r.why, cite(r.source))
        for r in a.rules_moving(arch)
    )
    vetoes = tuple(v for v in a.vetoes if v.architecture == arch)
    pros = tuple(f"{r.title} ({r.id}, {labels.signed(r.points)})" for r in rules if r.points > 0)
    cons = tuple(
        [f"infeasible: {v.reason} ({fact_line(v.fact)}; {v.rule})" for v in vetoes]
        + [f"{r.title} ({r.id}, {labels.signed(r.points)})" for r in rules if r.points < 0]
    )
    return Option(
        id=arch,
        label=labels.architecture(arch),
        score=a.scores[arch],
        raw=a.raw_points[arch],
        recommended=arch == a.recommendation,
        vetoed=arch in a.vetoed,
        rules=rules,
        vetoes=vetoes,
        pros=pros,
        cons=cons,
        cost=a.cost.get(arch),
    )


def cost_notes(assumptions: Mapping[str, Any]) -> tuple[str, ...]:
    """The cost model's assumptions as sentences, for every report format."""
    if not assumptions:
        return ()
    x = assumptions
    by_duration = ", ".join(
        f"{k} {v:,} s" for k, v in dict(x["active_seconds_by_duration"]).items()
    )
    worker, api = x["worker_size"], x["api_service_size"]
    notes = [
        f"Prices: {x['prices']}; each line cites its price fact and date.",
        f"Volume: {x['runs_per_month']:,} runs a month (runs per day × {x['days_per_month']}), "
        f"{x['steps_per_run']} steps each.",
        _compute_note(x, by_duration),
        f"Workers (long_running, hybrid): {x['workers']} always-on Fargate task(s) of "
        f"{worker['vcpu']:g} vCPU / {worker['memory_gb']:g} GB, sized for a peak "
        f"{x['peak_factor']:g}× the average concurrency at {x['runs_per_worker']} runs per "
        f"worker; the long_running API service is one {api['vcpu']:g} vCPU / "
        f"{api['memory_gb']:g} GB task; {x['always_on_hours_per_month']} hours a month.",
        f"State: {x['context_kb']:,} KB per step sizes state store requests and checkpoint "
        f"data; durable execution history kept {x['durable_retention_days']} days; "
        f"{x['log_kb_per_step']} KB of logs per step.",
    ]
    if "input_tokens_per_step" in x:
        restarts = (
            "a serverless run here keeps nothing between steps, so a failure repeats its "
            "earlier steps (charged to serverless)"
            if x["serverless_restarts_on_failure"]
            else "every design here resumes from the failed step"
        )
        notes.append(
            f"Model input: {x['input_tokens_per_step']:,} tokens per step (prompt plus "
            f"{x['tokens_per_context_kb']} tokens per KB of carried state); "
            f"{x['step_failure_rate']:.0%} of steps fail once; {restarts}."
        )
    if x.get("missing_prices"):
        notes.append(f"Not priced (fact missing): {', '.join(x['missing_prices'])}.")
    return tuple(notes)


def _cheapest_label(arch: str, vetoed: frozenset[str]) -> str:
    return labels.short(arch) + (" (vetoed)" if arch in vetoed else "")


def cost_outlook(a: Assessment) -> tuple[str, ...]:
    """The cost sensitivity as sentences: the cheapest option now and the volumes that change it.

    Vetoed architectures stay in (a price is a price) but are marked, so a reader does not take
    the cheapest for the recommendation.
    """
    found = a.cost_curve
    if found is None:
        return ()
    runs = f"{found.runs_per_day:,} run{'s' if found.runs_per_day != 1 else ''} a day"
    lines = [f"At {runs} the cheapest is {_cheapest_label(found.cheapest, a.vetoed)}."]
    for change in found.changes:
        who = _cheapest_label(change.cheapest, a.vetoed)
        if change.direction == "down":
            lines.append(f"At {change.runs_per_day:,} runs a day or fewer, {who} is cheapest.")
        else:
            lines.append(f"From {change.runs_per_day:,} runs a day, {who} is cheapest.")
    if not found.changes:
        lines.append("No other architecture is cheapest anywhere from 1 to 10,000,000 runs a day.")
    if a.cost_common is not None and a.cost_common.lines:
        lines.append(
            f"Model input tokens, the same for every architecture and not in the figures "
            f"above: {labels.money(a.cost_common.monthly_usd)} a month "
            f"({a.cost_common.lines[0].fact}, as of {a.cost_common.lines[0].as_of})."
        )
    return tuple(lines)


def _compute_note(x: Mapping[str, Any], by_duration: str) -> str:
    source = (
        "answered"
        if x.get("active_seconds_source") == "compute_seconds_per_run"
        else f"assumed per workflow_duration: {by_duration}"
    )
    return (
        f"Active compute per run: {x['active_seconds_per_run']:,} s ({source}); "
        f"Lambda functions with {x['lambda_memory_gb']:g} GB."
    )


def top_risks(a: Assessment, limit: int = TOP_RISKS) -> tuple[RiskItem, ...]:
    """The risks that hit the recommendation, heaviest rule first (by its effect on it)."""
    weight = {r.id: abs(r.effects.get(a.recommendation, 0)) for r in a.fired}
    hits = [r for r in a.risks if r.applies_to_recommendation]
    hits.sort(key=lambda r: (-weight.get(r.rule, 0), r.rule))
    return tuple(hits[:limit])


def _summary(a: Assessment, options: tuple[Option, ...]) -> str:
    best = next(o for o in options if o.recommended)
    parts = [
        f"{best.label} is recommended with {a.confidence} confidence: "
        f"it scores {best.score:.1f} of 100"
    ]
    others = [o for o in options if not o.recommended]
    if others and not others[0].vetoed:
        parts[0] += f", {a.margin:.1f} points ahead of {others[0].label.lower()}"
    parts[0] += "."
    vetoed = [o.label.lower() for o in options if o.vetoed]
    if vetoed:
        parts.append(f"Ruled out by platform limits: {', '.join(vetoed)}.")
    hits = sum(1 for r in a.risks if r.applies_to_recommendation)
    if hits:
        parts.append(f"{hits} risk{'s' if hits != 1 else ''} to plan for apply to it.")
    parts.extend(a.notes)
    return " ".join(parts)


def build(a: Assessment, options: RenderOptions) -> ReportView:
    """Arrange an assessment for the templates."""
    opts = tuple(_option(a, arch) for arch in a.ranking)
    decisive = {c.question for c in a.sensitivity}
    groups = tuple(
        RiskGroup(cat, labels.category(cat), items)
        for cat in (*RISK_CATEGORIES, *sorted({r.category for r in a.risks} - {*RISK_CATEGORIES}))
        if (items := tuple(r for r in a.risks if r.category == cat))
    )
    when = options.date or dt.date.today()
    return ReportView(
        a=a,
        title=options.title,
        workload=options.workload,
        date=when.isoformat(),
        options=opts,
        # the rules that moved the recommendation most come first, as in the text report
        fired=tuple(
            sorted(a.fired, key=lambda r: (-abs(r.effects.get(a.recommendation, 0)), r.id))
        ),
        recommended=next(o for o in opts if o.recommended),
        runner_up=next((o for o in opts if not o.recommended), None),
        summary=_summary(a, opts),
        risk_groups=groups,
        top_risks=top_risks(a),
        answers=tuple(
            AnswerRow(q, labels.question(q), labels.answer(v), q in decisive)
            for q, v in a.answers.items()
        ),
        what_if=tuple(
            WhatIf(
                c.question,
                labels.question(c.question),
                labels.answer(c.current),
                labels.answer(c.alternative),
                labels.architecture(c.recommendation),
            )
            for c in a.sensitivity
        ),
        facts=a.facts,
        diagram=diagram_for(a.recommendation, a.answers),
        rule_titles={r.id: r.title for r in a.fired},
        cost_notes=cost_notes(a.cost_assumptions),
        cost_common=a.cost_common,
        cost_curve=a.cost_curve,
        cost_outlook=cost_outlook(a),
    )
