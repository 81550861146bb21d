"""Property tests of the engine over random valid answer sets (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import api
from advisor.questions.questionnaire import Question
from advisor.rules.model import ARCHITECTURES
from advisor.scoring.engine import PREFERENCE, evaluate

RULESET = api.load_rules()


def _strategy(question: Question) -> st.SearchStrategy[Any]:
    if question.type == "choice":
        return st.sampled_from(question.values)
    if question.type == "bool":
        return st.booleans()
    low = question.minimum if question.minimum is not None else 0
    high = question.maximum if question.maximum is not None else 10**6
    # mix small realistic numbers with the whole range so thresholds are crossed often
    return st.one_of(st.integers(low, max(low, min(high, 60))), st.integers(low, high))


ANSWERS = st.fixed_dictionaries({q.id: _strategy(q) for q in RULESET.questionnaire.questions})


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_scores_bounded_and_recommendation_is_top_feasible(answers: dict[str, Any]) -> None:
    result = evaluate(answers, RULESET)
    assert set(result.scores) == set(ARCHITECTURES)
    for value in result.scores.values():
        assert 0 <= value <= 100
    feasible = [a for a in ARCHITECTURES if a not in result.vetoed] or list(ARCHITECTURES)
    assert result.recommendation in feasible
    best = max(result.raw_points[a] for a in feasible)
    assert result.raw_points[result.recommendation] == best
    tied = [a for a in PREFERENCE if a in feasible and result.raw_points[a] == best]
    assert result.recommendation == tied[0]
    assert result.confidence in ("high", "medium", "low")


@settings(max_examples=150, deadline=None)
@given(ANSWERS)
def test_deterministic(answers: dict[str, Any]) -> None:
    assert evaluate(answers, RULESET).to_dict() == evaluate(dict(answers), RULESET).to_dict()


@settings(max_examples=200, deadline=None)
@given(ANSWERS)
def test_sensitivity_entries_really_flip(answers: dict[str, Any]) -> None:
    result = evaluate(answers, RULESET)
    for change in result.sensitivity:
        assert answers[change.question] == change.current
        flipped = evaluate({**answers, change.question: change.alternative}, RULESET)
        assert flipped.recommendation == change.recommendation != result.recommendation


@settings(max_examples=100, deadline=None)
@given(ANSWERS)
def test_sensitivity_is_complete_for_choices_and_bools(answers: dict[str, Any]) -> None:
    """Every alternative choice/bool answer that flips the result is listed."""
    result = evaluate(answers, RULESET)
    listed = {(c.question, c.alternative) for c in result.sensitivity}
    for question in RULESET.questionnaire.questions:
        if question.type == "int":
            continue
        options = question.values if question.type == "choice" else (True, False)
        for value in options:
            if value == answers[question.id]:
                continue
            flipped = evaluate({**answers, question.id: value}, RULESET).recommendation
            assert (flipped != result.recommendation) == ((question.id, value) in listed)


@settings(max_examples=100, deadline=None)
@given(ANSWERS, st.data())
def test_int_sensitivity_finds_nearest_threshold(answers: dict[str, Any], data: Any) -> None:
    """No integer value closer than the listed one (same direction) flips the result."""
    result = evaluate(answers, RULESET)
    for change in result.sensitivity:
        if RULESET.questionnaire[change.question].type != "int":
            continue
        current, target = int(change.current), int(change.alternative)
        step = 1 if target > current else -1
        between = range(current + step, target, step)
        if len(between):
            probe = data.draw(st.sampled_from(list(between)))
            again = evaluate({**answers, change.question: probe}, RULESET)
            assert again.recommendation == result.recommendation
