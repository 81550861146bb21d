"""`advisor new`: answers → a working repository, safely (all or nothing)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import scaffold
from advisor.cli import app

ANSWERS = {
    "workflow_duration": "minutes", "steps_per_run": 5, "state": "conversation",
    "streaming": "required", "tool_calls": "slow_or_unpredictable", "trigger": "user_chat",
}  # fmt: skip


def write_answers(folder: Path) -> Path:
    path = folder / "answers.json"
    path.write_text(json.dumps(ANSWERS))
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _bundle(two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(two_version_bundle[0]))


def test_new_long_running_from_answers_file(tmp_path: Path) -> None:
    dest = tmp_path / "support-agent"
    code, out = invoke(
        "new", str(dest), "--answers", str(write_answers(tmp_path)),
        "--architecture", "long_running", "--no-input",
    )  # fmt: skip
    assert code == 0, out
    assert "Next steps" in out
    assert "python -m pytest" in out
    assert (dest / "support_agent" / "api.py").is_file()
    assert (dest / "advisor-answers.yml").is_file()
    copier_answers = (dest / ".copier-answers.yml").read_text()
    assert "_commit: v0.0.1" in copier_answers
    assert f"_src_path: {scaffold.PORTABLE_SOURCE}" in copier_answers
    assert "architecture: long_running" in copier_answers
    assert "worker_concurrency: 16" in copier_answers  # slow tools → more concurrency
    log = subprocess.run(["git", "log", "--oneline"], cwd=dest, capture_output=True, text=True)
    assert len(log.stdout.splitlines()) == 1
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=dest, capture_output=True, text=True
    )
    assert status.stdout == ""
    assert not list(tmp_path.glob(".support-agent.advisor-new-*"))
    # The decision documents travel with the project and agree with the assessment.
    recommended = json.loads(
        CliRunner()
        .invoke(app, ["recommend", "-a", str(tmp_path / "answers.json"), "-f", "json"])
        .output
    )["recommendation"]
    report = (dest / "docs" / "architecture-report.md").read_text()
    adr = (dest / "docs" / "adr" / "0000-agent-runtime-architecture.md").read_text()
    assert adr.startswith("---\nstatus: proposed")
    if recommended == "long_running":
        assert 'Chosen option: "Long-running workers behind a queue", because' in adr
    else:
        assert 'Chosen option: "Long-running workers behind a queue" (' in adr
        assert "instead of the recommended" in adr
        assert f"the advisor recommended **{recommended}**" in report


def test_new_refuses_non_empty_dest(tmp_path: Path) -> None:
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    code, out = invoke("new", str(dest), "--no-input")
    assert code == 1
    assert "is not empty" in out
    assert "--force" in out
    assert sorted(p.name for p in dest.iterdir()) == ["mine.txt"]


def test_new_force_keeps_foreign_files(tmp_path: Path) -> None:
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    code, out = invoke("new", str(dest), "--no-input", "--force", "--architecture", "long_running")
    assert code == 0, out
    assert (dest / "mine.txt").read_text() == "keep"
    assert (dest / "README.md").is_file()


@pytest.mark.parametrize(
    ("name", "package", "message"),
    [
        ("agent", "json", "standard-library"),
        ("agent", "Agent-Service", "lowercase Python identifier"),
        ("agent", "class", "keyword"),
        ("agent", "tests", "collides"),
        ("  ", None, "must not be empty"),
    ],
)
def test_new_rejects_bad_names_before_rendering(
    tmp_path: Path, name: str, package: str | None, message: str
) -> None:
    dest = tmp_path / "proj"
    args = ["new", str(dest), "--no-input", "--name", name]
    if package:
        args += ["--package", package]
    code, out = invoke(*args)
    assert code == 1
    assert message in out
    assert not dest.exists()


def test_new_vetoed_architecture_needs_force(tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    code, out = invoke(
        "new", str(dest), "--no-input", "--set", "workflow_duration=hours",
        "--architecture", "serverless",
    )  # fmt: skip
    assert code == 1
    assert "vetoed" in out
    assert "--force" in out
    assert not dest.exists()


def test_new_unwritable_parent(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere; permission bits do not apply")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    code, out = invoke("new", str(locked / "proj"), "--no-input")
    assert code == 1
    assert "cannot write" in out


def test_new_failure_mid_render_leaves_dest_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "proj"
    dest.mkdir()
    real_render = scaffold.render

    def broken(data: dict[str, object], target: Path, template: scaffold.TemplateSource) -> None:
        real_render(data, target, template)  # a complete render, then a failure
        raise OSError("disk full (injected)")

    monkeypatch.setattr(scaffold, "render", broken)
    result = CliRunner().invoke(
        app, ["new", str(dest), "--no-input", "--architecture", "long_running"]
    )
    assert result.exit_code != 0
    assert list(dest.iterdir()) == []
    assert not list(tmp_path.glob(".proj.advisor-new-*"))


@pytest.mark.slow
def test_new_sigint_mid_render_leaves_nothing(
    tmp_path: Path, two_version_bundle: tuple[Path, Path]
) -> None:
    dest = tmp_path / "proj"
    env = {**os.environ, "ADVISOR_TEMPLATE_BUNDLE": str(two_version_bundle[0])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor", "new", str(dest), "--no-input",
         "--architecture", "long_running"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".proj.advisor-new-*")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, err
    assert not dest.exists()
    assert not list(tmp_path.glob(".proj.*"))


@pytest.mark.parametrize(
    ("state", "architecture", "store"),
    [
        ("long_term", "long_running", "postgres"),
        ("long_term", "hybrid", "postgres"),
        ("long_term", "serverless", "redis"),
        ("conversation", "long_running", "redis"),
    ],
)
def test_template_data_state_store(state: str, architecture: str, store: str) -> None:
    from advisor.template_data import Choice, template_data

    data = template_data({"state": state}, Choice(architecture, architecture, False), "a", "a")
    assert data["state_store"] == store
    assert data["architecture"] == architecture
