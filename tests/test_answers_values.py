"""A value means the same in an answers file, in --set and in a portfolio: letter case of a
choice is forgiven, booleans are YAML 1.2 true/false everywhere, ints are whole numbers within
the bounds questions.yaml declares, and an answers file without answers is a warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import api
from advisor.cli.main import app
from advisor.errors import InputError
from advisor.questions.questionnaire import load_questionnaire

RUNNER = CliRunner()


def _recommend(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, ["recommend", "-f", "json", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_choice_in_another_letter_case_is_the_allowed_value(tmp_path: Path) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text("state: Conversation\nlatency_tolerance: INTERACTIVE\n")
    code, out, err = _recommend("-a", str(answers), "--set", "traffic=Spiky")
    assert code == 0, err
    chosen = json.loads(out)["answers"]
    assert (chosen["state"], chosen["latency_tolerance"]) == ("conversation", "interactive")
    assert chosen["traffic"] == "spiky"


def test_a_portfolio_forgives_letter_case_too(tmp_path: Path) -> None:
    source = tmp_path / "p.yml"
    source.write_text("bot:\n  state: Conversation\n")
    result = RUNNER.invoke(app, ["portfolio", str(source), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert (
        json.loads(result.stdout)["workloads"][0]["assessment"]["answers"]["state"]
        == "conversation"
    )


def test_a_portfolio_suggests_the_value_meant(tmp_path: Path) -> None:
    source = tmp_path / "p.yml"
    source.write_text("bot:\n  traffic: spikey\n")
    result = RUNNER.invoke(app, ["portfolio", str(source), "-f", "json"])
    assert result.exit_code == 1
    assert (
        "p.yml:2: ADV104: workload 'bot': traffic: 'spikey' is not allowed; did you mean 'spiky'?"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("spelling", "accepted"),
    [("true", True), ("True", True), ("FALSE", False), ("yes", None), ("no", None), ("1", None),
     ("on", None), ("'true'", None)],
)  # fmt: skip
def test_booleans_mean_the_same_in_a_file_and_in_set(
    tmp_path: Path, spelling: str, accepted: bool | None
) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text(f"resume_needed: {spelling}\n")
    from_file = _recommend("-a", str(answers))
    from_set = _recommend("--set", f"resume_needed={spelling}")
    if accepted is None:
        assert from_file[0] == from_set[0] == 1
        assert "is not a boolean;" in from_file[2] and "is not a boolean;" in from_set[2]
        assert "allowed: true or false" in from_set[2]
    else:
        assert from_file[0] == from_set[0] == 0, from_file[2] + from_set[2]
        assert json.loads(from_file[1])["answers"]["resume_needed"] is accepted
        assert json.loads(from_set[1])["answers"]["resume_needed"] is accepted


def test_set_suggests_the_question_and_the_boolean_meant() -> None:
    code, _, err = _recommend("--set", "workflow_duraton=minutes")
    assert code == 1
    assert (
        "--set: ADV103: unknown question 'workflow_duraton'; did you mean 'workflow_duration'?"
        in err
    )
    code, _, err = _recommend("--set", "resume_needed=yes")
    assert code == 1 and "'yes' is not a boolean; did you mean true?" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [("1e44", "1e+44 is not an integer (write a whole number"),
     ("2.0", "2.0 is not an integer"),
     ("1000000001", "1000000001 is too large; allowed: an integer from 0 to 1_000_000_000"),
     ("-1", "-1 is too small; allowed: an integer from 0 to 1_000_000_000")],
)  # fmt: skip
def test_ints_are_whole_numbers_within_the_declared_bounds(
    tmp_path: Path, value: str, message: str
) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text(f"state: none\nruns_per_day: {value}\n")
    code, _, err = _recommend("-a", str(answers))
    assert code == 1 and f"a.yml:2: ADV104: runs_per_day: {message}" in err
    code, _, err = _recommend("--set", f"runs_per_day={value}")
    assert code == 1 and f"--set: ADV104: runs_per_day: {message}" in err


def test_the_largest_allowed_values_still_give_finite_costs() -> None:
    code, out, err = _recommend(
        "--set", "runs_per_day=1000000000", "--set", "context_kb=100000000",
        "--set", "steps_per_run=10000",
    )  # fmt: skip
    assert code == 0, err
    costs = [c["monthly_usd"] for c in json.loads(out)["cost"].values()]
    assert all(isinstance(c, int | float) and 0 < c < float("inf") for c in costs)


def test_every_int_question_declares_both_bounds() -> None:
    for question in api.questionnaire().questions:
        if question.type == "int":
            assert question.minimum is not None and question.maximum is not None, question.id


INT_QUESTION = """\
questions:
  - id: runs
    type: int
    prompt: Runs?
    help: Volume.
    default: 1
"""


NEEDS_MAX = "ADV102: question 'runs': an int question needs an integer 'max', found"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    min: 0\n", f"questions.yaml:2: {NEEDS_MAX} None"),
        ("    min: 0\n    max: 1.5e9\n", f"questions.yaml:8: {NEEDS_MAX} 1500000000.0"),
        (
            "    min: 5\n    max: 4\n",
            "questions.yaml:8: ADV104: question 'runs': max 4 is below min 5",
        ),
    ],
)
def test_the_loader_requires_sane_int_bounds(tmp_path: Path, extra: str, message: str) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(INT_QUESTION + extra)
    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    assert message in str(caught.value)


@pytest.mark.parametrize("content", ["", "# only a comment\n", "{}\n"])
def test_an_empty_answers_file_is_a_warning_not_an_error(tmp_path: Path, content: str) -> None:
    answers = tmp_path / "empty.yml"
    answers.write_text(content)
    # a real process: the warning goes to stderr, the report to stdout, the exit code is 0
    run = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", "-a", str(answers), "-f", "json"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert (
        run.stderr
        == "warning: empty.yml: ADV160: has no answers; every question takes its default\n"
    )
    assert json.loads(run.stdout)["answers"] == api.questionnaire().defaults()


def test_a_file_with_answers_gives_no_warning(tmp_path: Path) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text("state: none\n")
    _, warnings = api.read_answers_with_warnings(answers, [], api.questionnaire())
    assert warnings == []
    code, _, err = _recommend("-a", str(answers))
    assert code == 0 and "warning" not in err
