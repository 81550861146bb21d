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

from advisor.assessment import Assessment, FiredRule, RiskItem, VetoResult
from advisor.report import labels
from advisor.report.diagram import Diagram, diagram_for
from advisor.rules_model import RISK_CATEGORIES, Source

if TYPE_CHECKING:
    from advisor.report import RenderOptions

TOP_RISKS = 3
TOP_RULES = 5  # per architecture in the score cards; the full list follows in "Why"


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
    )
