"""Every architecture × state store the template offers, rendered and checked for real
(durable_functions × its state_location: it keeps no state store of ours).

For each combination: the rendering is clean (no byte code or caches, no unrendered Jinja,
the answers file says what was chosen, only the files of that architecture, a README and
ADRs about that architecture), ruff check and ruff format are clean, the project's own test
suite passes through its CI script (scripts/ci: ruff, mypy --strict, pytest), and its
infrastructure files pass their validators (cfn-lint for the SAM
template, kubernetes-validate for the manifests, hadolint for the Dockerfile); the SAM
functions point at handlers that import. Each combination is rendered once per session
(renderings.py), for these tests and test_template_ci.py's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
import yaml
from renderings import (
    CACHES,
    HANDLER_PROBE,
    Rendered,
    combination,
    on_this_python,
    with_functions,
)
from suite_runs import SuiteRuns
from template_harness import postgres_unreachable, tool

# GitHub Actions expressions (${{ ... }}) in .github/workflows/ are not Jinja leftovers.
JINJA_LEFTOVER = re.compile(r"(?<!\$)\{\{|\{%|\{#")
PACKAGE = "agent_service"

# Files that exist only for some architectures (paths in the rendered project).
LONG_RUNNING_ONLY = [
    f"{PACKAGE}/api.py",
    f"{PACKAGE}/routes.py",
    f"{PACKAGE}/worker.py",
    f"{PACKAGE}/queue.py",
    f"{PACKAGE}/queue_worker.py",
    f"{PACKAGE}/outage.py",
    f"{PACKAGE}/store_keeper.py",
    f"{PACKAGE}/workflow.py",
    f"{PACKAGE}/state.py",
    f"{PACKAGE}/dev.py",
    "tests/test_end_to_end.py",
    "tests/test_faults.py",
    "tests/test_queue.py",
    "Dockerfile",
    "docker-compose.yml",
    "deploy/k8s/worker.yaml",
    "docs/adr/0001-service-shape-and-queue.md",
    "docs/adr/0004-own-queue-on-redis-streams.md",
]
FUNCTIONS = [f"{PACKAGE}/functions/invoke.py", "template.yaml", "requirements.txt"]
SERVERLESS_ONLY = [
    f"{PACKAGE}/functions/http.py",
    f"{PACKAGE}/functions/events.py",
    "events/http.json",
    "tests/test_functions.py",
    "docs/adr/0001-serverless-functions-and-external-state.md",
]
DURABLE_ONLY = [
    f"{PACKAGE}/durable/run.py",
    f"{PACKAGE}/durable/http.py",
    "tests/test_durable_run.py",
    "tests/durable_local.py",
    "events/start_run.json",
    "events/agent_run.json",
    "docs/adr/0001-durable-functions-agent-runs.md",
]
HYBRID_ONLY = [
    f"{PACKAGE}/functions/ingest.py",
    "events/webhook.json",
    "tests/test_ingest.py",
    "docs/adr/0002-hybrid-ingest-functions.md",
]


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation YAML: short-form intrinsics (!Ref, !GetAtt, ...) become plain
    values, enough to inspect a template's structure."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@combination
def test_rendering_is_clean_and_truthful(project: Rendered) -> None:
    root = project.path
    assert project.leaked_at_render == []
    for path in root.rglob("*"):
        if path.is_file() and not set(path.relative_to(root).parts) & CACHES:
            assert not path.name.endswith(".jinja"), path
            assert not JINJA_LEFTOVER.search(path.read_text()), f"unrendered Jinja in {path}"
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text())
    second = "state_location" if project.architecture == "durable_functions" else "state_store"
    assert (answers["architecture"], answers[second]) == (
        project.architecture,
        project.state_store,
    )
    sam = ["template.yaml", "requirements.txt"]
    invoke = [f"{PACKAGE}/functions/invoke.py"]
    expected = {
        "serverless": (FUNCTIONS + SERVERLESS_ONLY, LONG_RUNNING_ONLY + HYBRID_ONLY + DURABLE_ONLY),
        "long_running": (
            LONG_RUNNING_ONLY,
            FUNCTIONS + SERVERLESS_ONLY + HYBRID_ONLY + DURABLE_ONLY,
        ),
        "hybrid": (LONG_RUNNING_ONLY + FUNCTIONS + HYBRID_ONLY, SERVERLESS_ONLY + DURABLE_ONLY),
        "durable_functions": (
            sam + DURABLE_ONLY,
            LONG_RUNNING_ONLY + SERVERLESS_ONLY + HYBRID_ONLY + invoke,
        ),
    }[project.architecture]
    present, absent = expected
    assert [p for p in present if not (root / p).exists()] == []
    assert [p for p in absent if (root / p).exists()] == []
    if project.architecture in ("serverless", "durable_functions"):
        assert not (root / "deploy").exists()
    # The README and the ADRs describe the architecture that was rendered.
    readme = (root / "README.md").read_text()
    intro = {
        "serverless": "Serverless agent functions on AWS Lambda",
        "long_running": "A long-running agent service",
        "hybrid": "**Hybrid:** events also arrive through AWS Lambda ingest functions",
        "durable_functions": "Agent runs as **AWS Lambda durable functions**",
    }[project.architecture]
    assert intro in readme
    assert ("How the functions reach Redis" in readme) == (project.architecture == "hybrid")
    for adr in (root / "docs" / "adr").glob("*.md"):
        assert f"`architecture: {project.architecture}`" in adr.read_text(), adr


@combination
@pytest.mark.parametrize("args", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_is_clean(project: Rendered, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
        cwd=project.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@on_this_python
def test_own_test_suite_passes(project: Rendered, suite_runs: SuiteRuns) -> None:
    """The project's CI script (what .github/workflows/ci.yml runs): ruff, ruff format, mypy
    --strict and its own test suite, here on this environment's packages, started in the
    background with the other combinations' (suite_runs.py).
    test_template_ci.py runs it on a virtualenv installed from the project's lock."""
    result = suite_runs.result(project)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    for step in ("== ruff check", "== ruff format --check", "== mypy", "== pytest"):
        assert step in result.stdout, result.stdout[-3000:]
    assert "Success: no issues found" in result.stdout  # mypy
    assert " passed" in result.stdout
    assert " failed" not in result.stdout
    if project.state_store == "postgres" and postgres_unreachable() is None:
        assert " skipped" not in result.stdout, result.stdout[-3000:]  # the database tests ran


# The ADR that justifies each check .checkov.yaml skips (ADR 0003 unless named here).
SECURITY_ADR = {"durable_functions": "docs/adr/0001-durable-functions-agent-runs.md"}


@combination
def test_infrastructure_files_pass_their_validators(project: Rendered) -> None:
    root = project.path
    checks: list[list[str]] = []
    if project.architecture != "long_running":
        checks.append([tool("cfn-lint"), "--", "template.yaml"])
    if project.architecture not in ("serverless", "durable_functions"):
        # KEDA's ScaledObject (autoscaling.yaml) is a CRD; test_template_infra.py checks it
        # against the CRD's schema.
        manifests = sorted(
            str(p.relative_to(root))
            for p in (root / "deploy" / "k8s").glob("*.yaml")
            if p.name != "autoscaling.yaml"
        )
        checks.append([sys.executable, "-m", "kubernetes_validate", "--strict", *manifests])
        checks.append([tool("hadolint"), "--failure-threshold", "info", "Dockerfile"])
    # checkov over everything above, with the skip list the project ships (.checkov.yaml;
    # each skip is justified in the project's security ADR, which the config names).
    adr = SECURITY_ADR.get(project.architecture, "docs/adr/0003-service-security.md")
    config = yaml.safe_load((root / ".checkov.yaml").read_text())
    assert adr in (root / ".checkov.yaml").read_text()
    assert f"]({adr})" in (root / "SECURITY.md").read_text()  # the threat model links it
    assert "cloudformation" in config["framework"] or project.architecture == "long_running"
    justified = (root / adr).read_text().split("Checks we skip", 1)[1]
    for check in config["skip-check"]:
        assert f"`{check}`" in justified, f"{check} is skipped but not justified in {adr}"
    checks.append([tool("checkov"), "--config-file", ".checkov.yaml", "--output", "cli"])
    assert checks
    for command in checks:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
        assert "WARN" not in result.stdout, result.stdout  # kubernetes-validate: no schema
        assert "Failed checks: " not in result.stdout.replace("Failed checks: 0,", "")


@with_functions
def test_sam_functions_point_at_real_handlers(project: Rendered) -> None:
    text = (project.path / "template.yaml").read_text()
    template = yaml.load(text, Loader=_CfnLoader)  # a SafeLoader subclass
    globals_ = template["Globals"]["Function"]
    answers = yaml.safe_load((project.path / ".copier-answers.yml").read_text())
    assert globals_["Runtime"] == f"python{answers['python_version']}"
    functions = {
        name: resource["Properties"]
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }
    assert len(functions) == 2
    handlers = [props["Handler"] for props in functions.values()]
    result = subprocess.run(
        [sys.executable, "-c", HANDLER_PROBE, *handlers],
        cwd=project.path,
        env={**os.environ, "PYTHONPATH": str(project.path), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for props in functions.values():
        assert 1 <= props["Timeout"] <= 900
    event_function = next(p for p in functions.values() if "SQS" in str(p.get("Events")))
    assert event_function["DeadLetterQueue"]["Type"] == "SQS"
    queue = next(e for e in event_function["Events"].values() if e["Type"] == "SQS")
    assert queue["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
