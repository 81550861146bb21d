"""Whole-pack checks that ``advisor rules check`` runs after the per-file lint.

- Declared directions (:mod:`advisor.rules.monotonicity`): a pack whose rules break a question's
  ``monotone`` declaration is reported at the rule that moved the points, with the exact answers.
- Fact age: a platform fact whose ``as_of`` is older than a configurable age (default 12 months)
  is a warning, not an error — limits changed every few months in 2024–2026, so a stale date is
  a prompt to re-check the source, not proof that the value is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from advisor import error_codes, yaml_source
from advisor.errors import Diagnostic
from advisor.rules.facts import Fact
from advisor.rules.model import RuleSet
from advisor.rules.monotonicity import Violation, search

DEFAULT_MAX_FACT_AGE_MONTHS = 12
# Enough random answer sets to find every violation the default pack ever had (measured:
# all of the four were found within the first 100 samples); about a second per pack.
SAMPLES = 600


def _culprit(violation: Violation, ruleset: RuleSet, reported: Callable[[str], bool]) -> str:
    """The file to blame: the first changed rule in a reported pack, else the questions file."""
    for rule_id in violation.rules:
        rule = ruleset.rule(rule_id)
        if reported(rule.path):
            return rule.path
    return ruleset.questionnaire.path


def direction_problems(
    ruleset: RuleSet, reported: Callable[[str], bool], samples: int = SAMPLES
) -> list[Diagnostic]:
    """One diagnostic per broken (question, direction, architecture) pair, at its culprit rule."""
    problems = []
    for violation in search(ruleset, samples=samples):
        path = _culprit(violation, ruleset, reported)
        if not reported(path):
            continue
        rule_ids = [r for r in violation.rules if ruleset.rule(r).path == path]
        where: tuple[str | int, ...] = ("effects",) if rule_ids else ()
        located = yaml_source.locate(
            Path(path), where, error_codes.DIRECTION_BROKEN, violation.describe()
        )
        problems.append(located)
    return problems


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (negative when in the future)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def stale_facts(
    facts: Mapping[str, Fact],
    facts_path: Path,
    max_age_months: int = DEFAULT_MAX_FACT_AGE_MONTHS,
    today: dt.date | None = None,
) -> list[Diagnostic]:
    """Warnings for facts whose ``as_of`` is more than ``max_age_months`` before ``today``."""
    today = today or dt.date.today()
    warnings = []
    for fact in sorted(facts.values(), key=lambda f: f.id):
        age = months_between(dt.date.fromisoformat(fact.as_of), today)
        if age > max_age_months:
            warnings.append(
                yaml_source.locate(
                    facts_path,
                    ("facts", fact.id, "as_of"),
                    error_codes.FACT_STALE,
                    f"warning: fact {fact.id!r} is {age} months old (as_of {fact.as_of}; "
                    f"limit {max_age_months}); re-check {fact.source} and update value and as_of",
                )
            )
    return warnings
