"""Declared directions hold over the whole answer space (hypothesis), and the check catches
packs that break them — the four non-monotone rules the v1 pack had among them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor import api, resources
from advisor.cli.main import app
from advisor.questions.questionnaire import Question
from advisor.rules import checks as pack_checks
from advisor.rules import monotonicity
from advisor.rules.facts import load_facts

RULESET = api.load_rules()


def _strategy(question: Question) -> st.SearchStrategy[Any]:
    if question.type == "choice":
        return st.sampled_from(question.values)
    if question.type == "bool":
        return st.booleans()
    # every value where some rule's condition can change, plus the whole range
    pivots = monotonicity.step_values(question, RULESET)
    low = question.minimum if question.minimum is not None else 0
    high = question.maximum if question.maximum is not None else 10**6
    return st.one_of(st.sampled_from(pivots), st.integers(low, high))


ANSWERS = st.fixed_dictionaries({q.id: _strategy(q) for q in RULESET.questionnaire.questions})


def test_every_ordinal_question_declares_a_direction() -> None:
    ordinal = {q.id for q in RULESET.questionnaire.questions if q.ordinal}
    assert {"workflow_duration", "streaming", "ops_maturity", "waits", "state"} <= ordinal
    assert "serverless" in RULESET.questionnaire["streaming"].never_helps
    assert "long_running" in RULESET.questionnaire["ops_maturity"].never_hurts


@settings(max_examples=400, deadline=None)
@given(ANSWERS)
def test_default_pack_keeps_every_declared_direction(answers: dict[str, Any]) -> None:
    found = monotonicity.violations_at(answers, RULESET)
    assert found == [], "\n".join(v.describe() for v in found)


def _pack(tmp_path: Path, rule: str) -> Path:
    pack = tmp_path / "acme"
    (pack / "tools").mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        "name: acme\nversion: 0.1.0\nfamilies:\n  tools: ACM\n", encoding="utf-8"
    )
    (pack / "tools" / "ACM001-fast-tools.yaml").write_text(rule, encoding="utf-8")
    return pack


# The v1 pack's FLR003: charging only the worker options when tools are added raised
# serverless against them, so adding fast tools flipped hybrid → serverless.
CHARGES_WORKERS_FOR_TOOLS = """\
id: ACM001
title: Tool calls need retry logic on workers
status: stable
when:
  tool_calls: [fast, slow_or_unpredictable]
effects:
  long_running: -3
  hybrid: -3
why: Workers must build retries themselves.
source:
  section: "challenges of long-running ai agent workflows › Failure Handling"
  quote: "You need retry logic, idempotency, and checkpoints."
examples:
  fires:
    - {tool_calls: fast}
  ok:
    - {tool_calls: none}
"""


def test_search_finds_a_rule_that_breaks_a_direction(tmp_path: Path) -> None:
    ruleset = api.load_rules([_pack(tmp_path, CHARGES_WORKERS_FOR_TOOLS)])
    found = monotonicity.search(ruleset, samples=50)
    broken = {(v.question, v.architecture, v.against) for v in found}
    assert ("tool_calls", "serverless", "long_running") in broken
    example = next(v for v in found if v.question == "tool_calls")
    assert example.rules == ("ACM001",)
    assert example.before == "none" and example.after == "fast"
    # the exact answers are given, so the violation can be replayed
    again = monotonicity.violations_at(example.answers, ruleset)
    assert any(v.question == "tool_calls" for v in again)


def test_rules_check_reports_the_rule_and_answers(tmp_path: Path) -> None:
    pack = _pack(tmp_path, CHARGES_WORKERS_FOR_TOOLS)
    result = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 1
    assert "ACM001-fast-tools.yaml:6: ADV130: tool_calls: 'none' → 'fast' raises serverless" in (
        result.output
    )
    assert "answers: workflow_duration=" in result.output


def test_rules_check_accepts_a_pack_that_keeps_directions(tmp_path: Path) -> None:
    fixed = CHARGES_WORKERS_FOR_TOOLS.replace(
        "  long_running: -3\n  hybrid: -3\n", "  long_running: 0\n  hybrid: 0\n"
    )
    result = CliRunner().invoke(app, ["rules", "check", str(_pack(tmp_path, fixed))])
    assert result.exit_code == 0, result.output


def test_stale_facts_are_warnings_with_a_configurable_age(tmp_path: Path) -> None:
    facts_file = tmp_path / "facts.yaml"
    facts_file.write_text(
        "facts:\n"
        "  old_limit:\n    title: Old\n    value: 1\n    unit: s\n"
        "    source: https://example.com\n    as_of: 2025-01-15\n"
        "  new_limit:\n    title: New\n    value: 2\n    unit: s\n"
        "    source: https://example.com\n    as_of: 2026-10-01\n",
        encoding="utf-8",
    )
    facts, problems = load_facts(facts_file)
    assert problems == []
    today = dt.date(2026, 11, 29)
    warned = pack_checks.stale_facts(facts, facts_file, 12, today)
    assert [w.code for w in warned] == ["ADV140"]
    assert "'old_limit' is 22 months old" in warned[0].message
    assert warned[0].line == 7  # the as_of line
    assert pack_checks.stale_facts(facts, facts_file, 24, today) == []


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        ("2025-11-29", "2026-11-29", 12),
        ("2025-11-30", "2026-11-29", 11),
        ("2026-12-01", "2026-11-29", -1),
    ],
)
def test_months_between(earlier: str, later: str, months: int) -> None:
    assert (
        pack_checks.months_between(dt.date.fromisoformat(earlier), dt.date.fromisoformat(later))
        == months
    )


def test_rules_check_prints_stale_fact_warnings_and_still_passes(tmp_path: Path) -> None:
    pack = str(resources.default_pack())
    result = CliRunner().invoke(app, ["rules", "check", "--max-fact-age", "1", pack])
    assert result.exit_code == 0, result.output
    assert "ADV140: warning:" in result.output
