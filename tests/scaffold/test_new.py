"""`advisor new`: answers → a working repository, safely (all or nothing)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli.main import app
from advisor.project import scaffold
from advisor.rules.model import ARCHITECTURES

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
    assert "worker_concurrency: 128" in copier_answers  # slow tools → more concurrency
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
    code, out = invoke("new", str(dest), "--no-input", "--defaults")
    assert code == 1
    assert "is not empty" in out
    assert "--force" in out
    assert sorted(p.name for p in dest.iterdir()) == ["mine.txt"]


def test_new_force_keeps_foreign_files(tmp_path: Path) -> None:
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--force", "--architecture", "long_running"
    )
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
    args = ["new", str(dest), "--no-input", "--defaults", "--name", name]
    if package:
        args += ["--package", package]
    code, out = invoke(*args)
    assert code == 1
    assert message in out
    assert not dest.exists()


def test_new_vetoed_architecture_needs_force(tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--set", "workflow_duration=hours",
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
    code, out = invoke("new", str(locked / "proj"), "--no-input", "--defaults")
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
        app, ["new", str(dest), "--no-input", "--defaults", "--architecture", "long_running"]
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
        [sys.executable, "-m", "advisor", "new", str(dest), "--no-input", "--defaults",
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
    from advisor.project.template_data import Choice, template_data

    data = template_data({"state": state}, Choice(architecture, architecture, False), "a", "a")
    assert data["state_store"] == store
    assert data["architecture"] == architecture


# --- architectures the template offers (its copier.yml), not a list in the advisor's code ---

DURABLE_PACK_RULE = """\
id: ACM001
title: Our platform team runs every agent on durable functions
when: {ops_maturity: [low]}
effects: {serverless: -50, long_running: -50, hybrid: -50, durable_functions: 50}
why: "Company policy: agents run under the durable execution engine."
source: {facts: [lambda_durable_functions]}
examples:
  fires: [{ops_maturity: low}]
  ok: [{ops_maturity: high}]
"""


def durable_pack(folder: Path) -> Path:
    """An organisation pack that makes durable_functions the recommendation."""
    pack = folder / "acme"
    (pack / "policy").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: acme\nversion: 1.0.0\nfamilies: {policy: ACM}\n")
    (pack / "policy" / "ACM001-durable.yaml").write_text(DURABLE_PACK_RULE)
    return pack


def without_durable(folder: Path) -> Path:
    """A copy of the template from before it offered durable_functions."""
    from tests.scaffold.conftest import TEMPLATE

    template = folder / "template-3"
    shutil.copytree(TEMPLATE, template, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    settings = template / "copier.yml"
    text = settings.read_text(encoding="utf-8")
    assert "    - hybrid\n    - durable_functions\n" in text
    settings.write_text(text.replace("    - hybrid\n    - durable_functions\n", "    - hybrid\n"))
    return template


@pytest.fixture
def three_architecture_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``advisor new`` renders from a template release that offers three architectures."""
    from tests.template.template_harness import build_bundle

    bundle = tmp_path / "three.bundle"
    build_bundle(without_durable(tmp_path), bundle, "0.0.3")
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(bundle))
    return bundle


def test_the_shipped_template_offers_every_architecture() -> None:
    assert scaffold.offered_architectures() == ARCHITECTURES


def test_new_refuses_an_architecture_the_template_does_not_offer(
    tmp_path: Path, three_architecture_bundle: Path
) -> None:
    assert "durable_functions" not in scaffold.offered_architectures()
    dest = tmp_path / "proj"
    code, out = invoke(
        "new", str(dest), "--no-input", "--defaults", "--architecture", "durable_functions"
    )
    assert code == 1
    assert "'durable_functions' is not offered by the bundled starter template" in out
    assert "serverless, long_running, hybrid" in out
    assert not dest.exists()
    assert not list(tmp_path.glob(".proj.advisor-new-*"))


def test_new_refuses_a_recommendation_the_template_does_not_offer(
    tmp_path: Path, three_architecture_bundle: Path
) -> None:
    pack = durable_pack(tmp_path)
    code, out = invoke(
        "recommend", "--defaults", "--rules", str(pack), "--set", "ops_maturity=low", "-f", "json"
    )
    assert code == 0 and json.loads(out)["recommendation"] == "durable_functions"
    dest = tmp_path / "proj"
    args = [
        "new",
        str(dest),
        "--no-input",
        "--defaults",
        "--rules",
        str(pack),
        "--set",
        "ops_maturity=low",
    ]
    code, out = invoke(*args)
    assert code == 1
    assert "the recommendation, durable_functions, is not offered" in out
    assert "can generate: serverless, long_running, hybrid" in out
    assert "pass --architecture" in out
    assert not dest.exists()
    # naming an architecture the template offers is the way out
    code, out = invoke(*args, "--architecture", "hybrid")
    assert code == 0, out
    assert "architecture: hybrid" in (dest / ".copier-answers.yml").read_text()


def test_offered_architectures_follow_the_template_data(tmp_path: Path) -> None:
    """A template release that adds an architecture is accepted with no code change."""
    from tests.template.template_harness import build_bundle

    template = without_durable(tmp_path)
    folder = scaffold.TemplateSource(template, None)
    assert scaffold.offered_architectures(folder) == ("serverless", "long_running", "hybrid")
    settings = template / "copier.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("    - hybrid\n", "    - hybrid\n    - durable_functions\n"))
    assert scaffold.offered_architectures(folder)[-1] == "durable_functions"
    bundle = tmp_path / "t.bundle"
    build_bundle(template, bundle, "9.0.0")
    offered = scaffold.offered_architectures(scaffold.source(bundle))
    assert offered == ("serverless", "long_running", "hybrid", "durable_functions")
    # Copier also takes choices as a mapping of label → value
    settings.write_text(
        text.replace(
            "    - serverless\n    - long_running\n    - hybrid\n",
            "    Serverless: serverless\n    Durable: durable_functions\n",
        )
    )
    assert scaffold.offered_architectures(folder) == ("serverless", "durable_functions")


def test_pick_list_shows_but_disables_what_the_template_does_not_offer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import questionary

    from advisor import api
    from advisor.cli.prompts import pick_architecture

    ruleset = api.load_rules([durable_pack(tmp_path)])
    assessment = api.assess({"ops_maturity": "low"}, ruleset)
    assert assessment.recommendation == "durable_functions"
    seen: dict[str, object] = {}

    class Answer:
        def ask(self) -> str:
            return "hybrid"

    def select(message: str, choices: list[questionary.Choice], default: str) -> Answer:
        seen.update(choices={c.value: c.disabled for c in choices}, default=default)
        return Answer()

    monkeypatch.setattr(questionary, "select", select)
    offered = ("serverless", "long_running", "hybrid")
    assert pick_architecture(assessment, offered) == ("hybrid", False)
    choices = seen["choices"]
    assert isinstance(choices, dict) and set(choices) == set(assessment.ranking)
    assert choices["durable_functions"] and not any(choices[a] for a in offered)
    # the default is the best-ranked architecture the template can generate
    assert seen["default"] == next(a for a in assessment.ranking if a in offered)


@pytest.mark.parametrize(
    ("state", "location", "expected"),
    [
        ("conversation", "platform_managed", "platform_managed"),
        ("conversation", "external_store", "external_store"),
        # execution history is kept for at most 90 days: long-term memory needs the store
        ("long_term", "platform_managed", "external_store"),
        ("none", "none", "external_store"),
    ],
)
def test_template_data_durable_state_location(state: str, location: str, expected: str) -> None:
    from advisor.project.template_data import Choice, template_data

    choice = Choice("durable_functions", "durable_functions", False)
    data = template_data({"state": state, "state_location": location}, choice, "a", "a")
    assert data == {
        "architecture": "durable_functions",
        "project_name": "a",
        "package_name": "a",
        "state_location": expected,
    }
