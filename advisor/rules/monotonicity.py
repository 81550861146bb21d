"""Declared directions as a checked property: an answer moving one way never helps (or hurts).

Each ordinal question in ``rules/questions.yaml`` may declare ``monotone: {never_helps: [...],
never_hurts: [...]}``. Moving the answer one step later in its order (the next choice, a larger
number, false → true) must then never raise an architecture of ``never_helps`` against any
architecture outside that list, never lift a veto from it; and never lower an architecture of
``never_hurts`` against any outside that list, never add a veto to it. Points are compared
*relatively* because that is what decides a recommendation: a rule that charges only the
worker options for fast tools helps serverless as surely as one that pays serverless.

:func:`violations_at` checks one answer set (the hypothesis property test feeds it the whole
answer space); :func:`search` samples the space with a fixed seed, which is what
``advisor rules check`` runs on organisation packs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.architectures import ARCHITECTURES
from advisor.questions.questionnaire import Answer, Question
from advisor.rules.model import Rule, RuleSet
from advisor.scoring.engine import tally

if TYPE_CHECKING:  # imported where it is used: `advisor recommend` never samples
    import random


@dataclass(frozen=True)
class Violation:
    """One step of one question that breaks its declared direction, with the exact answers."""

    question: str
    before: Answer
    after: Answer
    architecture: str
    against: str | None  # None: a veto was lifted (never_helps) or added (never_hurts)
    declared: str  # "never_helps" or "never_hurts"
    change: int  # how far the relative points moved the wrong way
    rules: tuple[str, ...]  # rules whose firing differs between the two answer sets
    answers: Mapping[str, Answer]

    def describe(self) -> str:
        """One line for people: what moved, which way, by how much, and the answers."""
        step = f"{self.question}: {self.before!r} → {self.after!r}"
        if self.against is None:
            what = "lifts a veto on" if self.declared == "never_helps" else "adds a veto to"
            moved = f"{what} {self.architecture}"
        else:
            verb = "raises" if self.declared == "never_helps" else "lowers"
            moved = f"{verb} {self.architecture} against {self.against} by {self.change} points"
        shown = ", ".join(f"{k}={v!r}" for k, v in self.answers.items())
        rules = ", ".join(self.rules) or "none"
        return f"{step} {moved} ({self.declared}); rules that changed: {rules}; answers: {shown}"


def _tally(
    rules: Sequence[Rule], answers: Mapping[str, Answer]
) -> tuple[dict[str, int], set[str], set[str]]:
    """The engine's tally of the rules that fire for ``answers``, and their ids."""
    fired = [rule for rule in rules if rule.fires(answers)]
    raw, vetoed = tally(fired)
    return raw, vetoed, {rule.id for rule in fired}


def step_values(question: Question, ruleset: RuleSet) -> tuple[Answer, ...]:
    """The ordered values worth comparing: choices in order, or every integer pivot."""
    ordered = question.ordered_values()
    if ordered:
        return ordered
    pivots: set[int] = set()
    for rule in ruleset.rules:
        pivots.update(rule.condition.pivots.get(question.id, ()))
    if question.minimum is not None:
        pivots.add(question.minimum)
    assert isinstance(question.default, int)
    pivots.add(question.default)
    return tuple(sorted(v for v in pivots if question.problem_with(v) is None))


def _compare(
    question: Question,
    low: tuple[Answer, dict[str, int], set[str], set[str]],
    high: tuple[Answer, dict[str, int], set[str], set[str]],
    answers: Mapping[str, Answer],
) -> list[Violation]:
    (before, raw0, veto0, fired0), (after, raw1, veto1, fired1) = low, high
    changed = tuple(sorted(fired0 ^ fired1))
    found: list[Violation] = []

    def add(arch: str, against: str | None, declared: str, change: int) -> None:
        at = {**answers, question.id: before}
        found.append(
            Violation(question.id, before, after, arch, against, declared, change, changed, at)
        )

    for declared, group, sign in (
        ("never_helps", question.never_helps, 1),
        ("never_hurts", question.never_hurts, -1),
    ):
        for arch in group:
            if declared == "never_helps" and arch in veto0 and arch not in veto1:
                add(arch, None, declared, 0)
            if declared == "never_hurts" and arch not in veto0 and arch in veto1:
                add(arch, None, declared, 0)
            for other in ARCHITECTURES:
                if other in group:
                    continue
                delta = (raw1[arch] - raw1[other]) - (raw0[arch] - raw0[other])
                if sign * delta > 0:
                    add(arch, other, declared, abs(delta))
    return found


def violations_at(answers: Mapping[str, Answer], ruleset: RuleSet) -> list[Violation]:
    """Every declared direction broken by one step of one question, around ``answers``."""
    rules = [r for r in ruleset.rules if r.active]
    found: list[Violation] = []
    for question in ruleset.questionnaire.questions:
        if not question.ordinal:
            continue
        previous = None
        for value in step_values(question, ruleset):
            at = {**answers, question.id: value}
            current = (value, *_tally(rules, at))
            if previous is not None:
                found.extend(_compare(question, previous, current, answers))
            previous = current
    return found


def random_answers(ruleset: RuleSet, rng: random.Random) -> dict[str, Answer]:
    """A uniform draw over choices, booleans and each integer question's pivot values."""
    drawn: dict[str, Answer] = {}
    for question in ruleset.questionnaire.questions:
        if question.type == "choice":
            drawn[question.id] = rng.choice(question.values)
        elif question.type == "bool":
            drawn[question.id] = rng.random() < 0.5
        else:
            drawn[question.id] = rng.choice(step_values(question, ruleset))
    return drawn


def search(ruleset: RuleSet, samples: int = 2000, seed: int = 0) -> list[Violation]:
    """Sample the answer space; return the first violation found per (question, architecture)."""
    import random

    rng = random.Random(seed)
    seen: set[tuple[str, str, str, str | None]] = set()
    found: list[Violation] = []
    for _ in range(samples):
        for violation in violations_at(random_answers(ruleset, rng), ruleset):
            key = (
                violation.question,
                violation.declared,
                violation.architecture,
                violation.against,
            )
            if key not in seen:
                seen.add(key)
                found.append(violation)
    return found
