"""Report outputs go into missing folders (created), never over a file where a folder is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import error_codes
from advisor.cli.main import app
from advisor.output import write_text


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "decisions" / "0001-agent-runtime.md"
    result = CliRunner().invoke(app, ["recommend", "--defaults", "-f", "adr", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("---\nstatus: proposed")


def test_a_file_where_a_folder_is_needed_is_refused_and_kept(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("a file, not a folder\n")
    target = tmp_path / "docs" / "decisions" / "0001.md"
    result = CliRunner().invoke(app, ["recommend", "--defaults", "-f", "adr", "-o", str(target)])
    assert result.exit_code == 1
    assert error_codes.FILE_ACCESS in result.stderr
    assert "docs is not a folder" in result.stderr
    assert (tmp_path / "docs").read_text() == "a file, not a folder\n"


def test_a_failed_write_removes_the_folders_it_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "report.md"
    with pytest.raises(UnicodeEncodeError):  # a text that cannot be written as UTF-8
        write_text(target, "\ud800", force=False)
    assert list(tmp_path.iterdir()) == []


def test_existing_folders_are_kept_when_a_write_fails(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    with pytest.raises(UnicodeEncodeError):
        write_text(tmp_path / "a" / "b" / "report.md", "\ud800", force=False)
    assert [p.name for p in tmp_path.iterdir()] == ["a"]
    assert list((tmp_path / "a").iterdir()) == []
