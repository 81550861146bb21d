"""Declarative rule conditions, compiled to fast predicates over answers.

A condition is data (never ``eval``): ``{question: value}``, ``{question: [values]}``,
``{question: {gte|gt|lte|lt: n}}``, several questions in one mapping (all must hold), and the
combinators ``all``, ``any`` and ``not``. Compiling validates every question id and value
against the questionnaire and records, per integer question, the thresholds at which the
condition can change — the engine's sensitivity analysis only needs to try values there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor import error_codes
from advisor.errors import brief, did_you_mean
from advisor.questions.questionnaire import Answer, Question, Questionnaire

Predicate = Callable[[Mapping[str, Answer]], bool]
KeyPath = tuple[str | int, ...]
COMBINATORS = ("all", "any", "not")
COMPARATORS: dict[str, Callable[[int, int], bool]] = {
    "gte": lambda a, n: a >= n,
    "gt": lambda a, n: a > n,
    "lte": lambda a, n: a <= n,
    "lt": lambda a, n: a < n,
}


@dataclass(frozen=True)
class Problem:
    """A mistake in a condition, at a key path inside the rule file."""

    key_path: KeyPath
    code: str
    message: str


@dataclass(frozen=True)
class Condition:
    """A compiled condition: the predicate, the questions it reads, numeric pivot values."""

    test: Predicate
    questions: frozenset[str]
    pivots: Mapping[str, frozenset[int]] = field(default_factory=dict)


def _always(_: Mapping[str, Answer]) -> bool:
    return True


# Specialised closures: the engine evaluates conditions tens of thousands of times a second
# during sensitivity analysis, and a plain loop beats all()/any() over a generator.
def _all_of(parts: tuple[Predicate, ...]) -> Predicate:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda a: first(a) and second(a)

    def every(a: Mapping[str, Answer]) -> bool:
        for part in parts:  # noqa: SIM110 - faster than all() over a generator
            if not part(a):
                return False
        return True

    return every


def _any_of(parts: tuple[Predicate, ...]) -> Predicate:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda a: first(a) or second(a)

    def some(a: Mapping[str, Answer]) -> bool:
        for part in parts:  # noqa: SIM110 - faster than any() over a generator
            if part(a):
                return True
        return False

    return some


class _Compiler:
    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.problems: list[Problem] = []
        self.questions: set[str] = set()
        self.pivots: dict[str, set[int]] = {}

    def fail(self, key_path: KeyPath, code: str, message: str) -> Predicate:
        self.problems.append(Problem(key_path, code, message))
        return _always

    def node(self, raw: Any, at: KeyPath) -> Predicate:
        if not isinstance(raw, dict) or not raw:
            return self.fail(
                at,
                error_codes.SCHEMA,
                "a condition is a non-empty mapping: {question: value} or all/any/not",
            )
        combinators = [k for k in raw if k in COMBINATORS]
        if combinators and len(raw) > 1:
            return self.fail(
                at,
                error_codes.SCHEMA,
                f"'{combinators[0]}' must be the only key of its mapping; nest it",
            )
        if combinators:
            key = combinators[0]
            if key == "not":
                inner = self.node(raw["not"], (*at, "not"))
                return lambda a: not inner(a)
            items = raw[key]
            if not isinstance(items, list) or not items:
                return self.fail((*at, key), error_codes.SCHEMA, f"'{key}' takes a non-empty list")
            parts = tuple(self.node(item, (*at, key, i)) for i, item in enumerate(items))
            return _all_of(parts) if key == "all" else _any_of(parts)
        leaves = tuple(self.leaf(str(qid), spec, (*at, qid)) for qid, spec in raw.items())
        return _all_of(leaves)

    def leaf(self, qid: str, spec: Any, at: KeyPath) -> Predicate:
        if qid not in self.questionnaire:
            known = ", ".join(self.questionnaire.ids)
            hint = did_you_mean(qid, self.questionnaire.ids)
            return self.fail(
                at,
                error_codes.UNKNOWN_QUESTION,
                f"unknown question {brief(qid)}; {hint}known: {known}",
            )
        self.questions.add(qid)
        question = self.questionnaire[qid]
        if isinstance(spec, dict):
            return self.comparison(question, spec, at)
        values = spec if isinstance(spec, list) else [spec]
        if not values:
            return self.fail(at, error_codes.SCHEMA, f"{qid}: empty list of values")
        for value in values:
            problem = question.problem_with(value)
            if problem:
                return self.fail(at, error_codes.INVALID_VALUE, f"{qid}: {problem}")
            if question.type == "int":
                self.pivots.setdefault(qid, set()).update({value - 1, value, value + 1})
        allowed = frozenset(values)
        if len(values) == 1:
            only = values[0]
            if question.type == "bool":
                return lambda a: a[qid] is only
            return lambda a: a[qid] == only
        return lambda a: a[qid] in allowed

    def comparison(self, question: Question, spec: dict[str, Any], at: KeyPath) -> Predicate:
        qid = question.id
        if question.type != "int":
            return self.fail(
                at,
                error_codes.INVALID_VALUE,
                f"{qid} is a {question.type} question; gte/gt/lte/lt need an int",
            )
        if not spec:
            return self.fail(at, error_codes.SCHEMA, f"{qid}: empty comparison")
        low = question.minimum if question.minimum is not None else -(10**18)
        high = question.maximum if question.maximum is not None else 10**18
        for op, bound in spec.items():
            if op not in COMPARATORS:
                allowed = ", ".join(COMPARATORS)
                return self.fail(
                    (*at, op),
                    error_codes.SCHEMA,
                    f"{qid}: unknown comparison {brief(op)}; {allowed}",
                )
            if isinstance(bound, bool) or not isinstance(bound, int):
                return self.fail(
                    (*at, op),
                    error_codes.SCHEMA,
                    f"{qid}: {op} needs an integer, got {brief(bound)}",
                )
            self.pivots.setdefault(qid, set()).update({bound - 1, bound, bound + 1})
            if op == "gte":
                low = max(low, bound)
            elif op == "gt":
                low = max(low, bound + 1)
            elif op == "lte":
                high = min(high, bound)
            else:
                high = min(high, bound - 1)
        if low > high:
            return self.fail(
                at,
                error_codes.INVALID_VALUE,
                f"{qid}: no allowed value satisfies {spec} ({question.allowed()})",
            )
        # On integers every combination of bounds is one closed interval [low, high].
        return lambda a: low <= a[qid] <= high  # type: ignore[operator]


def compile_condition(
    raw: Any, questionnaire: Questionnaire, at: KeyPath = ("when",)
) -> tuple[Condition, list[Problem]]:
    """Compile ``raw`` into a :class:`Condition`; problems are returned, never raised."""
    compiler = _Compiler(questionnaire)
    test = compiler.node(raw, at)
    pivots = {
        qid: frozenset(v for v in values if questionnaire[qid].problem_with(v) is None)
        for qid, values in compiler.pivots.items()
    }
    return Condition(test, frozenset(compiler.questions), pivots), compiler.problems
