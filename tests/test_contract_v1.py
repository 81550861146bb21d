"""Files written for contract v1 keep working unchanged under contract v2: an answers file
without the v2 questions, and an organisation pack whose effects name three architectures."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from advisor import api
from advisor.cli.main import app
from advisor.rules.model import ARCHITECTURES

V1_ANSWERS = """\
workflow_duration: minutes
steps_per_run: 6
state: conversation
streaming: required
latency_tolerance: interactive
tool_calls: slow_or_unpredictable
trigger: user_chat
traffic: spiky
runs_per_day: 20000
resume_needed: true
context_kb: 1500
ops_maturity: medium
cost_priority: balanced
observability: basic
"""

V1_RULE = """\
id: ACM101
title: Our platform team runs the workers
status: stable
when:
  ops_maturity: high
effects:
  serverless: 0
  long_running: 10
  hybrid: 5
why: Our platform team operates the queue and worker clusters for every product team.
source:
  section: "Long-Running AI Agents: The Systems Nobody Wants to Maintain"
  quote: "You don’t just deploy code. You run a system."
examples:
  fires:
    - {ops_maturity: high}
  ok:
    - {ops_maturity: low}
"""


def test_v1_answers_file_takes_v2_defaults(tmp_path: Path) -> None:
    path = tmp_path / "answers.yml"
    path.write_text(V1_ANSWERS, encoding="utf-8")
    result = CliRunner().invoke(app, ["recommend", "-a", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["scores"]) == set(ARCHITECTURES)
    questions = api.questionnaire()
    for qid in ("state_location", "loop_shape", "waits", "platform", "runtime_language"):
        assert data["answers"][qid] == questions[qid].default
    # the article's failure story still lands on workers
    assert data["recommendation"] in ("long_running", "hybrid")


def test_v1_pack_effects_not_named_are_zero(tmp_path: Path) -> None:
    pack = tmp_path / "acme"
    (pack / "platform").mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        "name: acme\nversion: 1.0.0\nfamilies:\n  platform: ACM\n", encoding="utf-8"
    )
    (pack / "platform" / "ACM101-platform-team.yaml").write_text(V1_RULE, encoding="utf-8")
    check = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert check.exit_code == 0, check.output
    ruleset = api.load_rules([pack])
    rule = ruleset.rule("ACM101")
    assert "durable_functions" not in rule.effects
    without = api.assess({"ops_maturity": "high"}, api.load_rules())
    with_pack = api.assess({"ops_maturity": "high"}, ruleset)
    assert with_pack.raw_points["durable_functions"] == without.raw_points["durable_functions"]
    assert with_pack.raw_points["long_running"] == without.raw_points["long_running"] + 10
