"""The command line through typer's CliRunner (and a few subprocess checks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.architectures import ARCHITECTURES
from advisor.cli.main import app

# no ./answers.yml: commands here that take no --answers use the defaults
pytestmark = pytest.mark.usefixtures("in_empty_folder")
RUNNER = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    return result.exit_code, result.output


def test_recommend_json_has_contract_keys(tmp_path: Path) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text("workflow_duration: hours\nsteps_per_run: 12\nstate: conversation\n")
    code, out = invoke("recommend", "--answers", str(answers), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    for key in ("recommendation", "scores", "fired", "vetoes", "risks", "sensitivity", "ruleset"):
        assert key in data
    assert data["schema_version"] == 2
    # serverless is vetoed for hour-long runs; the others stay candidates
    assert data["recommendation"] in set(ARCHITECTURES) - {"serverless"}
    assert set(data["scores"]) == set(ARCHITECTURES)
    assert set(data["cost"]) == set(ARCHITECTURES)
    for estimate in data["cost"].values():
        assert estimate["monthly_usd"] > 0
        assert all({"item", "usd", "fact", "as_of"} <= set(line) for line in estimate["lines"])
    assert data["cost_assumptions"]["active_seconds_per_run"] == 3600
    assert all(0 <= v <= 100 for v in data["scores"].values())
    assert {"serverless"} <= {v["architecture"] for v in data["vetoes"]}
    assert {"name", "version"} <= set(data["ruleset"])
    for fired in data["fired"]:
        assert {"id", "effects", "why", "source"} <= set(fired)


def test_recommend_text_shows_recommendation_and_reasons(tmp_path: Path) -> None:
    code, out = invoke("recommend", "--set", "workflow_duration=hours")
    assert code == 0, out
    assert "Recommendation:" in out
    assert "Rules that fired" in out
    assert "What would change the recommendation" in out
    assert "vetoed" in out


def test_set_overrides_file(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"workflow_duration": "hours"}')
    code, out = invoke(
        "recommend", "-a", str(answers), "--set", "workflow_duration=seconds", "-f", "json"
    )
    assert code == 0
    assert json.loads(out)["answers"]["workflow_duration"] == "seconds"


def test_set_errors_name_the_question_and_allowed_values() -> None:
    code, out = invoke("recommend", "--set", "streaming=sometimes")
    assert code == 1
    assert "streaming" in out and "none, nice_to_have, required" in out
    code, out = invoke("recommend", "--set", "nonsense")
    assert code == 1 and "id=value" in out
    code, out = invoke("recommend", "--set", "steps=3")
    assert code == 1 and "unknown question 'steps'" in out


def test_output_file_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("keep me")
    code, out = invoke("recommend", "-f", "json", "-o", str(target))
    assert code == 1 and "--force" in out
    assert target.read_text() == "keep me"
    code, out = invoke("recommend", "-f", "json", "-o", str(target), "--force")
    assert code == 0
    assert json.loads(target.read_text())["schema_version"] == 2


def test_usage_errors_exit_2() -> None:
    code, out = invoke("recommend", "--format", "pdf")
    assert code == 2
    assert "'pdf' is not one of 'text', 'json', 'markdown', 'html', 'adr', 'csv'" in out
    code, out = invoke("recommend", "--no-such-option")
    assert code == 2
    assert "No such option" in out


def test_missing_answers_file_exits_1(tmp_path: Path) -> None:
    code, out = invoke("recommend", "--answers", str(tmp_path / "nope.yml"))
    assert code == 1 and "file not found" in out


def test_rules_list_show_check() -> None:
    code, out = invoke("rules", "list")
    assert code == 0 and "rules" in out.splitlines()[0]
    first_id = out.splitlines()[1].split()[0]
    code, out = invoke("rules", "show", first_id)
    assert code == 0 and out.startswith(f"# {first_id}:")
    assert "## Why" in out and "## Source" in out
    code, out = invoke("rules", "show", "ZZZ999")
    assert code == 1 and "unknown rule" in out
    from advisor import resources

    code, out = invoke("rules", "check", str(resources.default_pack()))
    assert code == 0, out


def test_extra_pack_adds_rules(tmp_path: Path) -> None:
    pack = tmp_path / "acme"
    (pack / "policy").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: acme\nversion: 2.0.0\nfamilies: {policy: ACM}\n")
    (pack / "policy" / "ACM001-no-kubernetes.yaml").write_text(
        "id: ACM001\ntitle: We do not run clusters\nwhen: {ops_maturity: [low, medium, high]}\n"
        "effects: {serverless: 0, long_running: -30, hybrid: -30}\n"
        'why: "Company policy: no self-run clusters."\n'
        "source: {facts: [lambda_max_timeout]}\n"
        "examples:\n  fires: [{ops_maturity: low}]\n  ok: [{ops_maturity: low, steps_per_run: 1}]\n"
    )
    code, out = invoke("rules", "check", str(pack))
    assert code == 1 and "ADV108" in out  # the ok example fires: the linter catches it
    (pack / "policy" / "ACM001-no-kubernetes.yaml").write_text(
        (pack / "policy" / "ACM001-no-kubernetes.yaml")
        .read_text()
        .replace("when: {ops_maturity: [low, medium, high]}", "when: {ops_maturity: [low, medium]}")
        .replace("ok: [{ops_maturity: low, steps_per_run: 1}]", "ok: [{ops_maturity: high}]")
    )
    code, out = invoke("rules", "check", str(pack))
    assert code == 0, out
    code, out = invoke(
        "recommend", "--defaults", "--rules", str(pack), "--set", "ops_maturity=low", "-f", "json"
    )
    data = json.loads(out)
    assert "ACM001" in {f["id"] for f in data["fired"]}
    assert data["ruleset"]["name"] == "agent-runtime+acme"


def test_ask_without_terminal_says_use_answers() -> None:
    code, out = invoke("ask")
    assert code == 1
    assert "--answers" in out


def test_help_does_not_import_copier_or_questionary() -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['advisor', '--help']\n"
        "try:\n    runpy.run_module('advisor', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('copier', 'questionary', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stderr
    assert "recommend" in result.stdout


def test_console_script_and_module_entry_points() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "advisor", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("advisor ")
