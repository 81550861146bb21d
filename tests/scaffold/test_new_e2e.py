"""`advisor new` end to end for each architecture: the generated repo's own tests pass.

Here the project is rendered with the data the advisor derives from the answers (package
`agent`, worker concurrency, redelivery budget), so these tests prove that data renders into
a working project: the suite's fast tests, then, for the service architectures, its
end-to-end test (API and worker processes serving a run over HTTP against a real Redis).
The full suites, with the fault-injection tests, run once per combination in
tests/template/test_template_combinations.py; running them again here only cost CI time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli.main import app

# Answers for which each architecture is the advisor's own recommendation.
WORKLOADS = {
    "serverless": {"workflow_duration": "seconds", "steps_per_run": 1, "trigger": "event"},
    "long_running": {
        "workflow_duration": "minutes", "steps_per_run": 6, "state": "conversation",
        "streaming": "required", "trigger": "user_chat", "traffic": "steady",
        "runs_per_day": 50000, "ops_maturity": "high",
    },
    "hybrid": {
        "workflow_duration": "minutes", "steps_per_run": 6, "state": "per_run",
        "trigger": "event", "traffic": "spiky", "tool_calls": "slow_or_unpredictable",
    },
}  # fmt: skip
# What advisor.project.template_data derives for those workloads (slow tools: 128).
EXPECTED_CONCURRENCY = {"long_running": 64, "hybrid": 128}


@pytest.mark.slow
@pytest.mark.parametrize("architecture", sorted(WORKLOADS))
def test_new_each_architecture_passes_its_own_tests(
    architecture: str, tmp_path: Path, two_version_bundle: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(two_version_bundle[0]))
    answers = tmp_path / "answers.yml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in WORKLOADS[architecture].items()))
    recommended = CliRunner().invoke(app, ["recommend", "-a", str(answers), "-f", "json"])
    assert f'"recommendation": "{architecture}"' in recommended.output
    dest = tmp_path / "agent"
    result = CliRunner().invoke(app, ["new", str(dest), "--answers", str(answers), "--no-input"])
    assert result.exit_code == 0, result.output
    assert f"architecture: {architecture}" in (dest / ".copier-answers.yml").read_text()
    adr = (dest / "docs" / "adr" / "0000-agent-runtime-architecture.md").read_text()
    assert "Chosen option:" in adr
    assert "instead of the recommended" not in adr  # the recommendation was followed
    copier_answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert copier_answers["package_name"] == "agent"
    if architecture != "serverless":
        assert copier_answers["worker_concurrency"] == EXPECTED_CONCURRENCY[architecture]
        assert (dest / "agent" / "worker.py").is_file()
    # The generated README's test command (its dependencies are this environment's): the
    # fast tests, then the end-to-end one where the architecture has processes to start.
    suites = [["-m", "not slow"]]
    if (dest / "tests" / "test_end_to_end.py").is_file():
        suites.append(["tests/test_end_to_end.py"])
    env = {**os.environ, "PYTHONPATH": str(dest), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("REDIS_URL", None)
    for selection in suites:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *selection],
            cwd=dest, env=env, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
        assert " passed" in run.stdout and " skipped" not in run.stdout, run.stdout[-3000:]


DURABLE_WORKLOAD = {
    "workflow_duration": "minutes", "waits": "hours_or_days", "steps_per_run": 6,
    "state": "per_run", "tool_calls": "slow_or_unpredictable", "trigger": "event",
    "traffic": "sporadic", "runs_per_day": 50, "resume_needed": True, "ops_maturity": "low",
    "platform": "aws",
}  # fmt: skip


@pytest.mark.slow
def test_new_durable_functions_passes_its_readme_commands(
    tmp_path: Path, two_version_bundle: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`advisor new --architecture durable_functions --no-input`: the README's two commands
    (a Python 3.13 venv, install, the suite on AWS's local durable runner) pass offline."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "template"))
    from durable_venv import find_python, run

    python = find_python()
    if python is None:
        pytest.skip("durable_functions needs Python >= 3.13; set DURABLE_PYTHON")
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(two_version_bundle[0]))
    answers = tmp_path / "answers.yml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in DURABLE_WORKLOAD.items()))
    recommended = CliRunner().invoke(app, ["recommend", "-a", str(answers), "-f", "json"])
    assert '"recommendation": "durable_functions"' in recommended.output
    dest = tmp_path / "agent"
    result = CliRunner().invoke(
        app, ["new", str(dest), "--answers", str(answers), "--no-input",
              "--architecture", "durable_functions"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    copier_answers = (dest / ".copier-answers.yml").read_text()
    assert "architecture: durable_functions" in copier_answers
    assert "state_store" not in copier_answers  # no workers, queue or Redis to configure
    assert (dest / "docs" / "architecture-report.md").is_file()
    readme = (dest / "README.md").read_text()
    block = readme.split("## Two commands", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "python3.13").symlink_to(python)
    script = "set -e\n" + "\n".join(c for c in commands if c)
    done = run(script, dest, shim)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    assert " passed" in output and " failed" not in output, output[-3000:]
