"""The engine's result: frozen records and their versioned JSON form.

``SCHEMA_VERSION`` versions the JSON envelope (``advisor recommend --format json``); the keys
the contract names (recommendation, scores, fired, vetoes, risks, sensitivity, ruleset, and from
version 2 cost and cost_assumptions) are never renamed; keys are only added (cost_common,
cost_sensitivity and cost_curve within version 2). Renderers read an :class:`Assessment`;
nothing else produces report content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.questions.questionnaire import Answer

if TYPE_CHECKING:  # cost imports template_data, which imports this module
    from advisor.scoring.cost import ArchitectureCost
    from advisor.scoring.cost_curve import CostCurve

# 2: four architectures (durable_functions) and the cost estimate (contract v2)
SCHEMA_VERSION = 2
ENVELOPE_KIND = "agent-advisor/assessment"


@dataclass(frozen=True)
class FiredRule:
    """A rule whose condition held, with the points it moved per architecture."""

    id: str
    title: str
    family: str
    pack: str
    effects: Mapping[str, int]
    why: str
    source: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "id": self.id,
            "title": self.title,
            "family": self.family,
            "pack": self.pack,
            "effects": dict(self.effects),
            "why": self.why,
            "source": dict(self.source),
        }


@dataclass(frozen=True)
class VetoResult:
    """An architecture ruled out, by which rule, on which dated platform fact."""

    architecture: str
    rule: str
    reason: str
    fact: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "architecture": self.architecture,
            "rule": self.rule,
            "reason": self.reason,
            "fact": dict(self.fact),
        }


@dataclass(frozen=True)
class RiskItem:
    """A risk raised by a fired rule, with its mitigation and the architectures it hits."""

    rule: str
    category: str
    applies_to: tuple[str, ...]
    text: str
    mitigation: str
    applies_to_recommendation: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "rule": self.rule,
            "category": self.category,
            "applies_to": list(self.applies_to),
            "text": self.text,
            "mitigation": self.mitigation,
            "applies_to_recommendation": self.applies_to_recommendation,
        }


@dataclass(frozen=True)
class Change:
    """A single-answer change that would change the recommendation."""

    question: str
    current: Answer
    alternative: Answer
    recommendation: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "question": self.question,
            "from": self.current,
            "to": self.alternative,
            "recommendation": self.recommendation,
        }


@dataclass(frozen=True)
class Assessment:
    """Everything the advisor concluded about one workload."""

    recommendation: str
    scores: Mapping[str, float]
    raw_points: Mapping[str, int]
    ranking: tuple[str, ...]
    confidence: str
    margin: float
    fired: tuple[FiredRule, ...]
    vetoes: tuple[VetoResult, ...]
    risks: tuple[RiskItem, ...]
    sensitivity: tuple[Change, ...]
    answers: Mapping[str, Answer]
    ruleset: Mapping[str, Any]
    facts: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...] = ()
    # the cost model's estimate (advisor.scoring.cost), attached by advisor.api.assess; it never
    # changes scores, so the engine's result is complete without it
    cost: Mapping[str, ArchitectureCost] = field(default_factory=dict)
    cost_assumptions: Mapping[str, Any] = field(default_factory=dict)
    # the model's input tokens, the same for every architecture (not in any ``cost`` figure)
    cost_common: ArchitectureCost | None = None
    # monthly cost against volume and the break-even volumes (advisor.scoring.cost_curve)
    cost_curve: CostCurve | None = None

    @property
    def vetoed(self) -> frozenset[str]:
        """Architectures that some rule made infeasible."""
        return frozenset(v.architecture for v in self.vetoes)

    def rules_moving(self, architecture: str) -> tuple[FiredRule, ...]:
        """Fired rules that moved this architecture's score, largest effect first."""
        moving = [r for r in self.fired if r.effects.get(architecture, 0)]
        return tuple(sorted(moving, key=lambda r: (-abs(r.effects[architecture]), r.id)))

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON envelope (contract keys at the top level)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": ENVELOPE_KIND,
            "generator": {"name": "agent-advisor", "version": __version__},
            "recommendation": self.recommendation,
            "confidence": self.confidence,
            "margin": self.margin,
            "scores": dict(self.scores),
            "raw_points": dict(self.raw_points),
            "ranking": list(self.ranking),
            "fired": [r.to_dict() for r in self.fired],
            "vetoes": [v.to_dict() for v in self.vetoes],
            "risks": [r.to_dict() for r in self.risks],
            "sensitivity": [c.to_dict() for c in self.sensitivity],
            "answers": dict(self.answers),
            "ruleset": dict(self.ruleset),
            "facts": [dict(f) for f in self.facts],
            "notes": list(self.notes),
            "cost": {arch: c.to_dict() for arch, c in self.cost.items()},
            "cost_assumptions": dict(self.cost_assumptions),
            **self._cost_extras(),
        }

    def _cost_extras(self) -> dict[str, Any]:
        """Keys added within schema_version 2: common spend, the curve, cost sensitivity."""
        extras: dict[str, Any] = {}
        if self.cost_common is not None:
            extras["cost_common"] = self.cost_common.to_dict()
        if self.cost_curve is not None:
            extras["cost_sensitivity"] = self.cost_curve.sensitivity_dict()
            extras["cost_curve"] = self.cost_curve.to_dict()
        return extras
