"""`advisor update`: template version A → B with a 3-way merge that keeps the user's edits."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import error_codes
from advisor.cli.main import app

from .conftest import B_README_SECTION, new_project

GIT_ID = ["-c", "user.name=t", "-c", "user.email=t@localhost"]


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *GIT_ID, *args], cwd=project, check=True, capture_output=True, text=True
    ).stdout


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def project_at_a(
    tmp_path: Path, two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A project generated from version A, then edited and committed by its team."""
    dest = new_project(tmp_path / "team-agent", *two_version_bundle, monkeypatch)
    readme = dest / "README.md"
    lines = readme.read_text().splitlines()
    lines[0] = "# Team agent (our fork)"  # a changed README line, far from B's change
    readme.write_text("\n".join(lines) + "\n")
    (dest / "team_agent" / "our_tools.py").write_text('"""Our own module."""\n')
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "our edits")
    return dest


def test_update_check_reports_behind_then_current(project_at_a: Path) -> None:
    code, out = invoke("update", str(project_at_a), "--check")
    assert code == 1
    assert "v0.0.1" in out
    assert "v0.0.2" in out
    code, out = invoke("update", str(project_at_a))
    assert code == 0, out
    git(project_at_a, "add", "-A")
    git(project_at_a, "commit", "-q", "-m", "update")
    code, out = invoke("update", str(project_at_a), "--check")
    assert code == 0, out
    assert "up to date" in out


def test_update_brings_b_and_keeps_user_edits(project_at_a: Path) -> None:
    code, out = invoke("update", str(project_at_a))
    assert code == 0, out
    assert "v0.0.1 → v0.0.2" in out
    readme = (project_at_a / "README.md").read_text()
    assert readme.startswith("# Team agent (our fork)\n")  # user's edit survived
    assert B_README_SECTION.strip() in readme  # B's change arrived
    assert "<<<<<<<" not in readme
    assert (project_at_a / "CONTRIBUTING.md").read_text() == "# Contributing to team-agent\n"
    assert (project_at_a / "team_agent" / "our_tools.py").is_file()
    answers = (project_at_a / ".copier-answers.yml").read_text()
    assert "_commit: v0.0.2" in answers
    assert "_src_path: advisor:agent-service" in answers  # no machine path leaks


def test_update_reports_conflicts_and_exits_1(project_at_a: Path) -> None:
    readme = project_at_a / "README.md"
    readme.write_text(readme.read_text() + "\n## Upgrading\n\nWe never upgrade.\n")
    git(project_at_a, "commit", "-q", "-am", "our own upgrading section")
    code, out = invoke("update", str(project_at_a))
    assert code == 1
    assert "conflicts to resolve" in out
    assert "README.md" in out
    assert "<<<<<<< before updating" in readme.read_text()


def test_update_refuses_dirty_tree(project_at_a: Path) -> None:
    (project_at_a / "README.md").write_text("uncommitted\n")
    code, out = invoke("update", str(project_at_a))
    assert code == 1
    assert "uncommitted changes" in out
    assert (project_at_a / "README.md").read_text() == "uncommitted\n"


def test_update_outside_a_generated_project(tmp_path: Path) -> None:
    code, out = invoke("update", str(tmp_path))
    assert code == 1
    assert ".copier-answers.yml" in out


@pytest.fixture(scope="module")
def bundle_adding_durable(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(v0.2.2 only, v0.2.2 + the current template): the release that added durable_functions.

    v0.2.2 comes out of the shipped bundle itself, as teams generated it.
    """
    from tests.template.template_harness import REPO, TEMPLATE, build_bundle

    base = tmp_path_factory.mktemp("durable-release")
    old = base / "v0.2.2"
    shipped = REPO / "templates" / "agent-service.bundle"
    subprocess.run(
        ["git", "clone", "-q", "--branch", "v0.2.2", str(shipped), str(old)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert "durable_functions" not in (old / "copier.yml").read_text()
    shutil.rmtree(old / ".git")  # a template folder, not a repository
    only_old = base / "old.bundle"
    build_bundle(old, only_old, "0.2.2")
    both = base / "both.bundle"
    both.write_bytes(only_old.read_bytes())
    build_bundle(TEMPLATE, both, "0.3.0")
    return only_old, both


def test_update_across_the_release_that_adds_durable_functions(
    tmp_path: Path, bundle_adding_durable: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    only_old, both = bundle_adding_durable
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(only_old))
    dest = tmp_path / "older-agent"
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--architecture", "long_running"
    )
    assert code == 0, out
    code, out = invoke("new", str(tmp_path / "x"), "--no-input", "--defaults", "--architecture",
                       "durable_functions")  # fmt: skip
    assert code == 1 and "not offered" in out  # that release could not generate it
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(both))
    code, out = invoke("update", str(dest))
    assert code == 0, out
    assert "v0.2.2 → v0.3.0" in out
    answers = (dest / ".copier-answers.yml").read_text()
    assert "_commit: v0.3.0" in answers and "architecture: long_running" in answers
    assert not (dest / "older_agent" / "durable").exists()  # only its own architecture's files
    assert "<<<<<<<" not in (dest / "README.md").read_text()
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "update to v0.3.0")
    code, out = invoke("update", str(dest), "--check")
    assert code == 0 and "up to date" in out
    # and the new release generates the new architecture
    code, out = invoke("new", str(tmp_path / "durable"), "--no-input", "--defaults",
                       "--architecture", "durable_functions")  # fmt: skip
    assert code == 0, out


def streams(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project_ahead(
    tmp_path: Path, two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A project made by a newer advisor (template v0.0.2) than the installed one (v0.0.1)."""
    only_a, a_and_b = two_version_bundle
    return new_project(tmp_path / "newer-agent", a_and_b, only_a, monkeypatch)


def test_check_never_advises_a_downgrade(project_ahead: Path) -> None:
    code, out, _ = streams("update", str(project_ahead), "--check")
    assert code == 0, out
    assert "ahead: template v0.0.2 is newer than the installed advisor's v0.0.1" in out
    assert "run advisor update" not in out
    code, out, _ = streams("update", str(project_ahead), "--check", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "agent-advisor/update-check" and data["schema_version"] == 1
    assert (data["status"], data["project_version"], data["installed_version"]) == (
        "ahead", "v0.0.2", "v0.0.1",
    )  # fmt: skip


def test_update_leaves_a_newer_project_as_it_is(project_ahead: Path) -> None:
    head = git(project_ahead, "rev-parse", "HEAD")
    code, out, _ = streams("update", str(project_ahead))
    assert code == 0, out
    assert "left as it is" in out
    assert git(project_ahead, "rev-parse", "HEAD") == head
    assert git(project_ahead, "status", "--porcelain") == ""
    assert "_commit: v0.0.2" in (project_ahead / ".copier-answers.yml").read_text()


def test_check_json_when_behind_exits_1(project_at_a: Path) -> None:
    code, out, _ = streams("update", str(project_at_a), "--check", "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert data["status"] == "behind"
    assert (data["project_version"], data["installed_version"]) == ("v0.0.1", "v0.0.2")


def test_dry_run_shows_the_move_and_writes_nothing(project_at_a: Path) -> None:
    head = git(project_at_a, "rev-parse", "HEAD")
    code, out, _ = streams("update", str(project_at_a), "--dry-run")
    assert code == 0, out
    assert "would update template v0.0.1 → v0.0.2 (dry run: nothing written)" in out
    assert "  README.md.jinja" in out and "  CONTRIBUTING.md.jinja" in out
    code, out, _ = streams("update", str(project_at_a), "--dry-run", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "agent-advisor/update-plan"
    assert {"README.md.jinja", "CONTRIBUTING.md.jinja"} <= set(data["template_changes"])
    assert git(project_at_a, "rev-parse", "HEAD") == head
    assert git(project_at_a, "status", "--porcelain") == ""
    assert "_commit: v0.0.1" in (project_at_a / ".copier-answers.yml").read_text()


def test_dry_run_refuses_what_update_refuses(project_at_a: Path) -> None:
    (project_at_a / "README.md").write_text("uncommitted\n")
    code, _, err = streams("update", str(project_at_a), "--dry-run")
    assert code == 1
    assert "uncommitted changes" in err


def test_a_recorded_version_that_is_no_version_is_named(project_at_a: Path) -> None:
    answers = project_at_a / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace("_commit: v0.0.1", "_commit: release-one"))
    code, out, err = streams("update", str(project_at_a), "--check")
    assert code == 1 and out == ""
    assert error_codes.UNORDERED_VERSION in err and ".copier-answers.yml:" in err
    assert "'release-one' is not a PEP 440 version" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--check", "--dry-run"], "--check and --dry-run exclude each other"),
        (["--format", "json"], "--format json applies to --check and --dry-run only"),
        (["--check", "--format", "yaml"], "'yaml' is not one of 'text', 'json'"),
    ],
)
def test_update_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = streams("update", str(tmp_path), *args)
    assert code == 2
    assert message in err
    assert out == ""
