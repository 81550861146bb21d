"""``rules list`` and ``rules check`` print versioned JSON for tools (``--format json``)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from advisor import error_codes
from advisor.cli.main import app
from advisor.rules.model import RuleSet

ROOT = Path(__file__).resolve().parent.parent
BAD_PACKS = ROOT / "tests" / "bad_inputs" / "packs"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_rules_list_json_lists_every_rule(ruleset: RuleSet) -> None:
    code, out, _ = run("rules", "list", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["schema_version"], data["kind"]) == (1, "agent-advisor/rules")
    assert data["ruleset"]["name"] == ruleset.name
    assert [r["id"] for r in data["rules"]] == sorted(r.id for r in ruleset.rules)
    vetoes = {r["id"]: r["veto"] for r in data["rules"] if r["veto"]}
    assert vetoes == {r.id: r.veto.architecture for r in ruleset.rules if r.veto}
    assert all(set(r["effects"]) <= {"serverless", "long_running", "hybrid",
                                     "durable_functions"} for r in data["rules"])  # fmt: skip


def test_rules_check_json_ok_on_the_default_pack() -> None:
    code, out, err = run("rules", "check", str(ROOT / "rules" / "agent-runtime"), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["kind"], data["ok"], data["problems"]) == ("agent-advisor/rules-check", True, [])
    # stale facts are warnings in the object (and never fail the check), not text on stderr
    assert all(w["code"] == error_codes.FACT_STALE for w in data["warnings"])
    assert error_codes.FACT_STALE not in err


def test_rules_check_json_reports_problems_with_file_line_and_code() -> None:
    pack = BAD_PACKS / "02-unknown-question"
    code, out, _ = run("rules", "check", str(pack), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    problem = data["problems"][0]
    assert set(problem) == {"path", "line", "code", "message"}
    assert Path(problem["path"]).resolve().is_relative_to(pack)
    assert problem["code"] == error_codes.UNKNOWN_QUESTION
    assert isinstance(problem["line"], int)


def test_format_choices_are_listed_and_enforced() -> None:
    result = CliRunner().invoke(app, ["rules", "list", "--help"])
    assert "[text|json]" in result.stdout or "<text|json>" in result.stdout
    code, out, err = run("rules", "list", "--format", "yaml")
    assert code == 2 and out == ""
    assert "'yaml' is not one of 'text', 'json'" in err
