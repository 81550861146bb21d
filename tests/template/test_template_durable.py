"""durable_functions end to end in a fresh Python >= 3.13 virtual environment.

The rendering ``advisor new --architecture durable_functions --no-input`` produces (the
template's defaults): its README's two commands run as written in one shell (install, then
test — the suite runs on the SDK's local durable runner, offline), then its own ruff, mypy
--strict and cfn-lint, and the handlers template.yaml names import. The other
state_location passes its own suite, ruff and cfn-lint in the same environment.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from durable_venv import find_python, run
from renderings import HANDLER_PROBE
from template_harness import render

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def python313() -> str:
    found = find_python()
    if found is None:
        pytest.skip(
            "durable_functions needs Python >= 3.13 (Lambda's durable runtimes); none found: "
            "set DURABLE_PYTHON or install python3.13"
        )
    return found


def readme_commands(project: Path) -> str:
    """The shell lines of the README's "Two commands" block, comments dropped."""
    readme = (project / "README.md").read_text()
    section = readme.split("## Two commands", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "no bash block under 'Two commands'"
    lines = [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines()]
    return "\n".join(line for line in lines if line)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, python313: str) -> tuple[Path, Path, str]:
    """The default rendering after the README's commands: (project, venv bin, output)."""
    project = render(
        tmp_path_factory.mktemp("durable") / "agent-service", architecture="durable_functions"
    )
    commands = readme_commands(project)
    assert commands.startswith("python3.13 -m venv .venv"), commands
    assert commands.endswith("python -m pytest"), commands
    # The README names python3.13; put the one found first on PATH under that name.
    shim = tmp_path_factory.mktemp("shim")
    (shim / "python3.13").symlink_to(python313)
    result = run(f"set -e\n{commands}", project, shim)
    output = f"exit {result.returncode}\n{result.stdout}{result.stderr}"
    return project, project / ".venv" / "bin", output


def test_readme_commands_install_and_pass_offline(installed: tuple[Path, Path, str]) -> None:
    _, bin_dir, output = installed
    assert (bin_dir / "python").exists(), output[-4000:]
    assert output.startswith("exit 0\n"), output[-6000:]
    totals = [line for line in output.splitlines() if re.search(r"\d+ passed", line)]
    assert totals, output[-6000:]
    summary = totals[-1]
    assert "failed" not in summary and "error" not in summary, output[-6000:]
    assert "skipped" not in summary, summary  # nothing in the suite may hide behind a skip


def test_ruff_mypy_and_cfn_lint_are_clean(installed: tuple[Path, Path, str]) -> None:
    project, bin_dir, _ = installed
    assert run(["pip", "install", "--quiet", "mypy>=1.10"], project, bin_dir).returncode == 0
    for command in [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
        ["mypy", "--cache-dir", os.devnull, "agent_service"],
        ["cfn-lint", "--", "template.yaml"],
    ]:
        result = run(command, project, bin_dir)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"


def test_sam_handlers_import_and_the_run_is_durable(installed: tuple[Path, Path, str]) -> None:
    project, bin_dir, _ = installed
    text = (project / "template.yaml").read_text()
    # Short-form intrinsics (!Ref, !Sub, ...) become plain tagged values: enough for structure.
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda loader, suffix, node: suffix)
    template = yaml.load(text, Loader=loader)
    functions = {
        name: resource["Properties"]
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }
    assert set(functions) == {
        "AgentRunFunction",
        "StartRunFunction",
        "RunStatusFunction",
        "ApprovalFunction",
    }
    assert template["Globals"]["Function"]["Runtime"] == "python3.13"
    durable = functions["AgentRunFunction"]["DurableConfig"]
    longest_approval = template["Parameters"]["ApprovalTimeoutSeconds"]["MaxValue"]
    assert durable["ExecutionTimeout"] > longest_approval
    for props in functions.values():
        assert props["LoggingConfig"]["LogGroup"], "every function logs to a group with retention"
    handlers = [props["Handler"] for props in functions.values()]
    result = run(["python", "-c", HANDLER_PROBE, *handlers], project, bin_dir)
    assert result.returncode == 0, result.stderr


def test_platform_managed_memory_passes_its_own_checks(
    installed: tuple[Path, Path, str], tmp_path: Path
) -> None:
    _, bin_dir, _ = installed
    other = render(
        tmp_path / "agent-service",
        architecture="durable_functions",
        state_location="platform_managed",
    )
    for command in [
        ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        ["ruff", "check", "--no-cache", "."],
        ["cfn-lint", "--", "template.yaml"],
    ]:
        result = run(command, other, bin_dir)
        assert result.returncode == 0, f"{command}: {result.stdout[-4000:]}{result.stderr[-2000:]}"
    assert "skipped" not in result.stdout
