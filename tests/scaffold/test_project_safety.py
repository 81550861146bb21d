"""`advisor new` / `advisor update` refuse what could write or render something unintended.

Project names that are not safe in every file they reach, a symbolic link (or a FIFO) inside
DEST under --force, and an answers file that names another template than the advisor's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from advisor.cli.main import app

from .conftest import TEMPLATE, new_project

GIT_ID = ["-c", "user.name=t", "-c", "user.email=t@localhost"]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_ID, *args], cwd=project, check=True, capture_output=True)


@pytest.fixture(autouse=True)
def _bundle(two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(two_version_bundle[1]))


# --- project names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        'Bot "quoted"',
        "Bot: the sequel",
        'evil"\n[tool.evil]\nx = "1',
        "two\nlines",
        "tab\there",
        "-leading dash",
        "trailing.",
        "right\u202eto-left",
        "x" * 101,
    ],
)
def test_new_refuses_names_unsafe_in_toml_yaml_or_markdown(tmp_path: Path, name: str) -> None:
    dest = tmp_path / "proj"
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--name", name, "--package", "proj"
    )
    assert code == 1, out
    assert "ADV120" in out
    assert "letters, digits, spaces" in out  # says what is allowed
    assert "Traceback" not in out
    assert not dest.exists()


def test_dest_folder_name_is_checked_like_a_name(tmp_path: Path) -> None:
    dest = tmp_path / "a: b"
    code, out = invoke("new", str(dest), "--no-input", "--defaults", "--package", "proj")
    assert code == 1, out
    assert "DEST" in out
    assert "--name" in out
    assert not dest.exists()


def test_allowed_punctuation_gives_valid_toml_and_yaml(tmp_path: Path) -> None:
    name = "Ops-Bot 2.0_beta"
    dest = tmp_path / "proj"
    code, out = invoke(
        "new",
        str(dest),
        "--no-input",
        "--defaults",
        "--name",
        name,
        "--architecture",
        "hybrid",
        "--force",
    )
    assert code == 0, out
    pyproject = tomllib.loads((dest / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["description"].startswith(f"{name}: ")
    template = YAML(typ="rt").load((dest / "template.yaml").read_text(encoding="utf-8"))
    assert template["Description"].startswith(f"{name} - ")
    assert (dest / "README.md").read_text(encoding="utf-8").startswith(f"# {name}\n")


def test_copier_yml_validator_refuses_the_same_names(tmp_path: Path) -> None:
    """Plain `copier copy` of the template folder applies the same project-name rule."""
    import copier

    with pytest.raises(ValueError, match="project_name may"):
        copier.run_copy(
            str(TEMPLATE), tmp_path / "out", data={"project_name": 'x"y: z'},
            defaults=True, quiet=True, unsafe=False,
        )  # fmt: skip
    assert not (tmp_path / "out" / "pyproject.toml").exists()


# --- new --force into a folder holding links and special files -----------------------------


def test_new_force_never_writes_through_a_symlinked_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "proj"
    dest.mkdir()
    (dest / "docs").symlink_to(outside, target_is_directory=True)
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--force", "--architecture", "hybrid"
    )
    assert code == 1, out
    assert "docs: ADV126" in out
    assert "symbolic link" in out
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert [p.name for p in dest.iterdir()] == ["docs"]  # and nothing moved into DEST at all
    assert not list(tmp_path.glob(".proj.advisor-new-*"))  # staging removed


def test_new_force_refuses_to_replace_a_fifo(tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    dest.mkdir()
    os.mkfifo(dest / "README.md")
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--force", "--architecture", "hybrid"
    )
    assert code == 1, out
    assert "README.md: ADV112: is a FIFO" in out
    assert (dest / "README.md").is_fifo()
    assert [p.name for p in dest.iterdir()] == ["README.md"]


def test_new_force_replaces_a_file_link_not_its_target(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("theirs\n")
    dest = tmp_path / "proj"
    dest.mkdir()
    (dest / "README.md").symlink_to(outside)
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--force", "--architecture", "hybrid"
    )
    assert code == 0, out
    assert outside.read_text() == "theirs\n"
    assert not (dest / "README.md").is_symlink()


# --- update refuses any template but its own -----------------------------------------------


@pytest.fixture
def project(
    tmp_path: Path, two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A project generated from version A, with the bundle of A and B installed."""
    return new_project(tmp_path / "team-agent", *two_version_bundle, monkeypatch)


def _edit_answers(project: Path, old: str, new: str) -> str:
    answers = project / ".copier-answers.yml"
    text = answers.read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new)
    answers.write_text(edited, encoding="utf-8")
    git(project, "commit", "-q", "-am", "edit answers")
    return edited


def _other_template(tmp_path: Path) -> Path:
    """Another Copier template (a git repository) that would add a file of its own."""
    other = tmp_path / "other-template"
    shutil.copytree(TEMPLATE, other, ignore=shutil.ignore_patterns("__pycache__"))
    (other / "build_hook.py.jinja").write_text("print('runs at install')\n")
    git(other, "init", "-q")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "other")
    git(other, "tag", "v9.9.9")
    return other


@pytest.mark.parametrize(
    "value",
    ['"_src_path": {other}', "_src_path: '{other}'", "_src_path: https://example.com/t.git"],
)
def test_update_refuses_another_template_source(project: Path, tmp_path: Path, value: str) -> None:
    other = _other_template(tmp_path)
    edited = _edit_answers(project, "_src_path: advisor:agent-service", value.format(other=other))
    code, out = invoke("update", str(project))
    assert code == 1, out
    assert "ADV129" in out
    assert "advisor:agent-service" in out  # says what is allowed
    assert ".copier-answers.yml:" in out  # and where
    assert "Traceback" not in out
    assert not (project / "build_hook.py").exists()
    assert (project / ".copier-answers.yml").read_text(encoding="utf-8") == edited


def test_update_refuses_a_duplicated_source_key(project: Path) -> None:
    _edit_answers(
        project, "_src_path: advisor:agent-service",
        "_src_path: advisor:agent-service\n\"_src_path\": https://example.com/t.git",
    )  # fmt: skip
    code, out = invoke("update", str(project))
    assert code == 1, out
    assert "duplicate key" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("package_name: team_agent", "package_name: ../../escape", "package name"),
        ("_commit: v0.0.1", "_commit: --upload-pack=touch", "_commit"),
    ],
)
def test_update_checks_the_names_and_version_it_renders_with(
    project: Path, old: str, new: str, message: str
) -> None:
    _edit_answers(project, old, new)
    code, out = invoke("update", str(project))
    assert code == 1, out
    assert message in out
    assert "ADV129" in out


def test_update_still_merges_its_own_template(project: Path) -> None:
    code, out = invoke("update", str(project))
    assert code == 0, out
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "_src_path: advisor:agent-service" in answers
    assert "_commit: v0.0.2" in answers
