"""The rule engine: a pure function of (answers, rule set) → :class:`Assessment`.

Scoring (explained in docs/explanation/scoring.md): each architecture's raw points are the sum
of the effects of the rules that fired; its score is ``50 + 50·tanh(raw / 100)`` — 50 is
neutral, the curve never saturates, so order is kept at the extremes. The recommendation is
the highest-scoring architecture that no rule vetoed (ties go by PREFERENCE: the article's "only
sensible default", hybrid, first). Confidence comes from the margin over the runner-up.
Sensitivity lists every single-answer change that changes the recommendation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from advisor.questions.questionnaire import Answer
from advisor.rules.model import ARCHITECTURES, RISK_CATEGORIES, Rule, RuleSet
from advisor.scoring.assessment import Assessment, Change, FiredRule, RiskItem, VetoResult

# Tie-break order: the article calls hybrid "the only sensible default"; on equal points the
# architecture with fewer moving parts for the team to learn comes after it.
PREFERENCE = ("hybrid", "long_running", "durable_functions", "serverless")
SCALE = 100.0
HIGH_MARGIN, MEDIUM_MARGIN = 15.0, 6.0


def score(raw: int) -> float:
    """Map raw points to 0–100: 50 is neutral; ±100 points is about 12 / 88."""
    return round(50.0 + 50.0 * math.tanh(raw / SCALE), 1)


def _choose(raw: Mapping[str, int], vetoed: Iterable[str]) -> str:
    """The top non-vetoed architecture; on equal points the earlier in PREFERENCE wins."""
    blocked = set(vetoed)
    candidates = [a for a in PREFERENCE if a not in blocked] or list(PREFERENCE)
    best = candidates[0]
    for arch in candidates[1:]:
        if raw[arch] > raw[best]:
            best = arch
    return best


def tally(rules: Iterable[Rule]) -> tuple[dict[str, int], set[str]]:
    """Raw points per architecture and the vetoed architectures, for rules that fired."""
    raw = dict.fromkeys(ARCHITECTURES, 0)
    vetoed: set[str] = set()
    for rule in rules:
        for arch, points in rule.effects.items():
            raw[arch] += points
        if rule.veto is not None:
            vetoed.add(rule.veto.architecture)
    return raw, vetoed


@dataclass(frozen=True)
class _Index:
    """Which rules read each question, and the answer values worth trying for it."""

    by_question: Mapping[str, tuple[Rule, ...]]
    candidates: Mapping[str, tuple[Answer, ...]]
    vectors: Mapping[str, tuple[int, ...]]


def _index(ruleset: RuleSet) -> _Index:
    by_question: dict[str, list[Rule]] = {}
    pivots: dict[str, set[int]] = {}
    for rule in ruleset.rules:
        if not rule.active:
            continue
        for qid in rule.condition.questions:
            by_question.setdefault(qid, []).append(rule)
        for qid, values in rule.condition.pivots.items():
            pivots.setdefault(qid, set()).update(values)
    candidates: dict[str, tuple[Answer, ...]] = {}
    for question in ruleset.questionnaire.questions:
        if question.type == "choice":
            candidates[question.id] = question.values
        elif question.type == "bool":
            candidates[question.id] = (False, True)
        else:
            candidates[question.id] = tuple(sorted(pivots.get(question.id, ())))
    vectors = {r.id: tuple(r.effects.get(a, 0) for a in ARCHITECTURES) for r in ruleset.rules}
    return _Index({q: tuple(r) for q, r in by_question.items()}, candidates, vectors)


_INDEX_CACHE: dict[int, tuple[RuleSet, _Index]] = {}


def _cached_index(ruleset: RuleSet) -> _Index:
    """The index is a function of the rule set only; build it once per rule set."""
    hit = _INDEX_CACHE.get(id(ruleset))
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    if len(_INDEX_CACHE) > 16:
        _INDEX_CACHE.clear()
    index = _index(ruleset)
    # keep the rule set alive with its index so its id() cannot be reused by another
    _INDEX_CACHE[id(ruleset)] = (ruleset, index)
    return index


def _sensitivity(
    answers: Mapping[str, Answer],
    fired: list[Rule],
    recommendation: str,
    ruleset: RuleSet,
) -> list[Change]:
    """Re-score only the rules that read the changed question: the rest cannot move.

    For each candidate value the tally is the base tally minus what the question's readers
    contributed, plus what they contribute now. Points are kept as one int per architecture
    in local variables: this loop runs ~40 times per assessment.
    """
    index = _cached_index(ruleset)
    base_raw, _ = tally(fired)
    base_vetoes: dict[str, int] = {}
    for rule in fired:
        if rule.veto is not None:
            arch = rule.veto.architecture
            base_vetoes[arch] = base_vetoes.get(arch, 0) + 1
    fired_ids = {r.id for r in fired}
    width = range(len(ARCHITECTURES))
    changes: list[Change] = []
    for question in ruleset.questionnaire.questions:
        qid = question.id
        readers = index.by_question.get(qid, ())
        if not readers:
            continue
        base = [base_raw[a] for a in ARCHITECTURES]
        without_vetoes = dict(base_vetoes)
        for rule in readers:
            if rule.id in fired_ids:
                vector = index.vectors[rule.id]
                for i in width:
                    base[i] -= vector[i]
                if rule.veto is not None:
                    without_vetoes[rule.veto.architecture] -= 1
        kept_vetoes = {a for a, n in without_vetoes.items() if n > 0}
        current = answers[qid]
        changed = dict(answers)
        flips: list[Change] = []
        for value in index.candidates[qid]:
            if value == current and type(value) is type(current):
                continue
            changed[qid] = value
            points = list(base)
            vetoed = kept_vetoes
            for rule in readers:
                if rule.condition.test(changed):
                    vector = index.vectors[rule.id]
                    for i in width:
                        points[i] += vector[i]
                    if rule.veto is not None:
                        vetoed = vetoed | {rule.veto.architecture}
            outcome = _choose(dict(zip(ARCHITECTURES, points, strict=True)), vetoed)
            if outcome != recommendation:
                flips.append(Change(qid, current, value, outcome))
        if question.type == "int":
            flips = _nearest_each_side(flips, current)
        changes.extend(flips)
    return changes


def _nearest_each_side(flips: list[Change], current: Answer) -> list[Change]:
    """For numbers, the smallest change up and down that flips the result is the news."""
    assert isinstance(current, int)
    below = [c for c in flips if isinstance(c.alternative, int) and c.alternative < current]
    above = [c for c in flips if isinstance(c.alternative, int) and c.alternative > current]
    picked = []
    if below:
        picked.append(max(below, key=lambda c: c.alternative))
    if above:
        picked.append(min(above, key=lambda c: c.alternative))
    return picked


def _confidence(scores: Mapping[str, float], ranking: tuple[str, ...]) -> tuple[str, float]:
    if len(ranking) < 2:
        return "high", 100.0
    margin = round(scores[ranking[0]] - scores[ranking[1]], 1)
    if margin >= HIGH_MARGIN:
        return "high", margin
    if margin >= MEDIUM_MARGIN:
        return "medium", margin
    return "low", margin


def _risks(fired: list[Rule], recommendation: str) -> tuple[RiskItem, ...]:
    items = [
        RiskItem(
            rule=r.id,
            category=r.risk.category,
            applies_to=r.risk.applies_to,
            text=r.risk.text,
            mitigation=r.mitigation,
            applies_to_recommendation=recommendation in r.risk.applies_to,
        )
        for r in fired
        if r.risk is not None
    ]
    return tuple(sorted(items, key=lambda i: (RISK_CATEGORIES.index(i.category), i.rule)))


def evaluate(answers: Mapping[str, Answer], ruleset: RuleSet) -> Assessment:
    """Score the architectures for a complete, validated answer set."""
    fired = [r for r in ruleset.rules if r.fires(answers)]
    raw, vetoed = tally(fired)
    recommendation = _choose(raw, vetoed)
    scores = {a: score(raw[a]) for a in ARCHITECTURES}
    feasible = [a for a in PREFERENCE if a not in vetoed] or list(PREFERENCE)
    by_points = sorted(ARCHITECTURES, key=lambda a: (-raw[a], PREFERENCE.index(a)))
    # Feasible architectures first, in score order; vetoed ones after them.
    ranking = tuple(sorted(by_points, key=lambda a: a not in feasible))
    confidence, margin = _confidence(scores, ranking[: len(feasible)])
    notes = []
    if vetoed >= set(ARCHITECTURES):
        confidence = "low"
        notes.append("Every architecture is vetoed; the recommendation is the least bad one.")
    vetoes = tuple(
        VetoResult(
            architecture=r.veto.architecture,
            rule=r.id,
            reason=r.veto.reason,
            fact=ruleset.facts[r.veto.fact].to_dict(),
        )
        for r in fired
        if r.veto is not None
    )
    fact_ids = sorted({f for r in fired for f in r.source.facts} | {v.fact["id"] for v in vetoes})
    return Assessment(
        recommendation=recommendation,
        scores=scores,
        raw_points=raw,
        ranking=ranking,
        confidence=confidence,
        margin=margin,
        fired=tuple(
            FiredRule(r.id, r.title, r.family, r.pack, dict(r.effects), r.why, r.source.to_dict())
            for r in fired
        ),
        vetoes=vetoes,
        risks=_risks(fired, recommendation),
        sensitivity=tuple(_sensitivity(answers, fired, recommendation, ruleset)),
        answers=dict(answers),
        ruleset={
            "name": ruleset.name,
            "version": ruleset.version,
            "packs": [{"name": p.name, "version": p.version} for p in ruleset.packs],
        },
        facts=tuple(ruleset.facts[f].to_dict() for f in fact_ids if f in ruleset.facts),
        notes=tuple(notes),
    )
