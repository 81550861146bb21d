"""The rule model: frozen records for rules, their effects, vetoes, risks and sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor.architectures import ARCHITECTURES
from advisor.questions.conditions import Condition
from advisor.questions.questionnaire import Answer, Questionnaire
from advisor.rules.facts import Fact

__all__ = ["ARCHITECTURES", "RISK_CATEGORIES", "STATUSES", "Pack", "Rule", "RuleSet"]
RISK_CATEGORIES = (
    "latency",
    "state",
    "failure_handling",
    "resources",
    "observability",
    "cost",
    "operations",
)
STATUSES = ("stable", "experimental", "deprecated")


@dataclass(frozen=True)
class Veto:
    """An architecture made infeasible, with the platform fact that forbids it."""

    architecture: str
    fact: str
    reason: str


@dataclass(frozen=True)
class RiskSpec:
    """What goes wrong when the rule fires, for which architectures."""

    category: str
    applies_to: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Source:
    """Where the rule's reasoning comes from: an article section and quote, and/or facts."""

    section: str = ""
    quote: str = ""
    facts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {"section": self.section, "quote": self.quote, "facts": list(self.facts)}

    def cite(self) -> str:
        """One line: section and quote, then facts."""
        parts = []
        if self.section:
            parts.append(
                f"{self.section}: \u201c{self.quote}\u201d" if self.quote else self.section
            )
        if self.facts:
            parts.append("facts: " + ", ".join(self.facts))
        return "; ".join(parts)


@dataclass(frozen=True)
class Rule:
    """One rule, loaded from one file."""

    id: str
    title: str
    status: str
    family: str
    pack: str
    path: str
    condition: Condition
    when: Any
    effects: Mapping[str, int]
    why: str
    source: Source
    veto: Veto | None = None
    risk: RiskSpec | None = None
    mitigation: str = ""
    examples_fire: tuple[Mapping[str, Answer], ...] = ()
    examples_ok: tuple[Mapping[str, Answer], ...] = ()

    @property
    def active(self) -> bool:
        """Deprecated rules stay in the pack (codes are never reused) but never fire."""
        return self.status != "deprecated"

    def fires(self, answers: Mapping[str, Answer]) -> bool:
        """Whether the rule fires for a complete answer set."""
        return self.active and self.condition.test(answers)


@dataclass(frozen=True)
class Pack:
    """A rule pack: a folder of rules with a name and version."""

    name: str
    version: str
    path: str
    description: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine needs: questions, rules from every pack, and platform facts."""

    questionnaire: Questionnaire
    packs: tuple[Pack, ...]
    rules: tuple[Rule, ...]
    facts: Mapping[str, Fact] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Pack names joined with '+', default pack first."""
        return "+".join(p.name for p in self.packs)

    @property
    def version(self) -> str:
        """Pack versions joined with '+', in the same order as the name."""
        return "+".join(p.version for p in self.packs)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError when absent)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
