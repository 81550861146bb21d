"""Where ``recommend`` takes its answers from: --answers, ./answers.yml, or the defaults.

Found by a new user: ``advisor ask`` saved answers.yml, then ``advisor recommend`` silently
answered everything from defaults. Each command now says on stderr where its answers came from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli.main import app


def recommend(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["recommend", "-f", "json", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_recommend_reads_answers_yml_of_the_working_directory(here: Path) -> None:
    (here / "answers.yml").write_text("workflow_duration: hours\nstate: conversation\n")
    code, out, err = recommend()
    assert code == 0, err
    data = json.loads(out)
    assert data["answers"]["workflow_duration"] == "hours"
    assert data["answers"]["state"] == "conversation"
    assert "using answers from answers.yml" in err
    assert "every answer" not in err


def test_set_applies_on_top_of_answers_yml(here: Path) -> None:
    (here / "answers.yml").write_text("workflow_duration: hours\nstate: conversation\n")
    code, out, _ = recommend("--set", "state=none")
    assert code == 0
    answers = json.loads(out)["answers"]
    assert (answers["workflow_duration"], answers["state"]) == ("hours", "none")


def test_without_a_file_every_answer_is_a_default_and_stderr_says_so(here: Path) -> None:
    code, out, err = recommend()
    assert code == 0, err
    assert "every answer is the question's default" in err
    assert "run advisor ask, or pass --answers FILE" in err
    json.loads(out)  # stdout stays the report alone, for pipes
    code, _, err = recommend("--set", "workflow_duration=hours")
    assert code == 0
    assert "every answer not given with --set is the question's default" in err


def test_defaults_ignores_answers_yml_quietly(here: Path) -> None:
    (here / "answers.yml").write_text("workflow_duration: hours\n")
    code, out, err = recommend("--defaults")
    assert code == 0, err
    assert json.loads(out)["answers"]["workflow_duration"] != "hours"
    assert err == ""


def test_an_explicit_answers_file_wins_without_a_note(here: Path) -> None:
    (here / "answers.yml").write_text("workflow_duration: hours\n")
    (here / "other.yml").write_text("workflow_duration: seconds\n")
    code, out, err = recommend("--answers", "other.yml")
    assert code == 0, err
    assert json.loads(out)["answers"]["workflow_duration"] == "seconds"
    assert "answers.yml" not in err


def test_answers_and_defaults_together_are_a_usage_error(here: Path) -> None:
    (here / "other.yml").write_text("workflow_duration: hours\n")
    code, out, err = recommend("--answers", "other.yml", "--defaults")
    assert code == 2
    assert "--answers and --defaults exclude each other" in err
    assert out == ""


def test_a_broken_answers_yml_is_named_after_the_note(here: Path) -> None:
    (here / "answers.yml").write_text("state: none\nworkflow_duration: days\n")
    code, out, err = recommend()
    assert code == 1
    assert out == ""
    note, error = err.splitlines()[:2]
    assert "using answers from answers.yml" in note
    assert error.startswith("error: answers.yml:2: ")
    assert "'days' is not allowed" in error
