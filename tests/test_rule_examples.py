"""Every rule's own examples run as tests: a new rule needs no new Python test (like semgrep)."""

from __future__ import annotations

import pytest

from advisor import api
from advisor.rules.loader import example_problems

RULESET = api.load_rules()
RULES = sorted(RULESET.rules, key=lambda r: r.id)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_examples_behave_as_declared(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.examples_fire and rule.examples_ok
    # A deprecated rule never fires; its examples still document what its condition matched.
    holds = rule.fires if rule.active else rule.condition.test
    for answers in rule.examples_fire:
        assert holds(answers), f"{rule.id} should fire for {answers}"
    for answers in rule.examples_ok:
        assert not holds(answers), f"{rule.id} should not fire for {answers}"
    assert example_problems(rule) == []
