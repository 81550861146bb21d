"""``advisor new`` never generates a repository from silent defaults.

Without --answers it reads ./answers.yml (what ``advisor ask`` saves); without a file and
without a terminal it refuses (exit 1, nothing written) unless --defaults asks for defaults.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import error_codes, yaml_source
from advisor.cli.main import app


@pytest.fixture(autouse=True)
def _bundle(two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(two_version_bundle[0]))


def new(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["new", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "extra", [(), ("--set", "workflow_duration=hours")], ids=["plain", "with-set"]
)
def test_no_input_without_answers_refuses_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = new("proj", "--no-input", "--architecture", "long_running", *extra)
    assert code == 1
    assert error_codes.NO_ANSWERS in err
    assert "pass --answers FILE, run advisor ask first, or pass --defaults" in err
    assert out == ""
    assert list(tmp_path.iterdir()) == []  # no DEST, no staging folder


def test_no_terminal_counts_as_no_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # CliRunner's stdin and stdout are not terminals
    code, _, err = new("proj", "--architecture", "long_running")
    assert code == 1 and error_codes.NO_ANSWERS in err
    assert not (tmp_path / "proj").exists()


def test_no_input_uses_answers_yml_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yml").write_text("workflow_duration: minutes\nstate: long_term\n")
    code, out, err = new("proj", "--no-input", "--architecture", "long_running")
    assert code == 0, err
    assert "using answers from answers.yml" in err
    saved = yaml_source.load(tmp_path / "proj" / "advisor-answers.yml")
    assert saved["state"] == "long_term"
    assert "Created long_running project" in out


def test_defaults_generates_from_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = new("proj", "--no-input", "--defaults", "--architecture", "long_running")
    assert code == 0, err
    assert (tmp_path / "proj" / "advisor-answers.yml").is_file()


def test_answers_and_defaults_exclude_each_other(tmp_path: Path) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text("state: none\n")
    code, _, err = new(str(tmp_path / "proj"), "--no-input", "-a", str(answers), "--defaults")
    assert code == 2
    assert "exclude each other" in err
    assert not (tmp_path / "proj").exists()
