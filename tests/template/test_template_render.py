"""Rendering: clean output, a truthful answers file, clear refusals.

A fresh rendering's lack of byte code and caches, and its ruff and mypy --strict, are
checked for every architecture × state store in test_template_combinations.py
(test_rendering_is_clean_and_truthful, test_ruff_is_clean, test_own_test_suite_passes).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from template_harness import TEMPLATE, render

# GitHub Actions expressions (${{ ... }}) in .github/workflows/ are not Jinja leftovers.
JINJA_LEFTOVER = re.compile(r"(?<!\$)\{\{|\{%|\{#")


def test_no_unrendered_jinja_and_no_template_suffix(rendered: Path) -> None:
    for path in rendered.rglob("*"):
        if path.is_file():
            assert not path.name.endswith(".jinja"), path
            assert not JINJA_LEFTOVER.search(path.read_text()), f"unrendered Jinja in {path}"
    assert not (rendered / "copier.yml").exists()


def test_every_template_file_is_a_jinja_file() -> None:
    # Anything else would be copied verbatim, including byte code from a wheel install.
    plain = [
        p
        for p in TEMPLATE.rglob("*")
        if p.is_file()
        and p.suffix != ".jinja"
        and p.name != "copier.yml"
        and "__pycache__" not in p.parts
    ]
    assert plain == []


def test_expected_layout(rendered: Path) -> None:
    for rel in [
        ".copier-answers.yml",
        "README.md",
        "pyproject.toml",
        "Dockerfile",
        ".dockerignore",
        "docker-compose.yml",
        "deploy/k8s/api.yaml",
        "deploy/k8s/worker.yaml",
        "deploy/k8s/autoscaling.yaml",
        "docs/adr/0001-service-shape-and-queue.md",
        "agent_service/api.py",
        "agent_service/worker.py",
        "agent_service/dev.py",
        "tests/test_end_to_end.py",
    ]:
        assert (rendered / rel).is_file(), rel


def test_answers_file_records_the_choices(rendered: Path) -> None:
    answers = yaml.safe_load((rendered / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "long_running"
    assert answers["package_name"] == "agent_service"
    assert answers["project_name"] == "Agent Service"
    assert answers["state_store"] == "redis"


def test_package_name_is_derived_from_project_name(tmp_path: Path) -> None:
    out = render(tmp_path / "x", project_name="Support Triage Bot")
    assert (out / "support_triage_bot" / "api.py").is_file()
    assert (
        "from support_triage_bot.config import"
        in (out / "support_triage_bot" / "api.py").read_text()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"architecture": "serverless", "state_store": "postgres"}, "serverless functions keep"),
        ({"architecture": "cloud"}, "cloud"),
        ({"package_name": "json"}, "standard"),
        ({"package_name": "Bad-Name"}, "lowercase Python identifier"),
        ({"package_name": "1abc"}, "lowercase Python identifier"),
        ({"package_name": "redis"}, "collides"),
        ({"worker_concurrency": 0}, "between 1 and 1000"),
        ({"architecture": "durable_functions", "python_version": "3.12"}, "python3.13"),
        ({"architecture": "durable_functions", "state_location": "s3"}, "s3"),
    ],
)
def test_invalid_answers_are_refused(tmp_path: Path, data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render(tmp_path / "bad", **data)
    assert not (tmp_path / "bad" / "pyproject.toml").exists()


def test_plain_cli_copy_needs_no_trust(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "copier", "copy", "--defaults", "--quiet",
            "--data", "architecture=long_running", str(TEMPLATE), str(tmp_path / "cli"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli" / "agent_service" / "worker.py").is_file()


def test_plain_cli_copy_of_durable_functions_needs_no_trust(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "copier", "copy", "--defaults", "--quiet",
            "--data", "architecture=durable_functions", str(TEMPLATE), str(tmp_path / "cli"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli" / "agent_service" / "durable" / "run.py").is_file()
    answers = yaml.safe_load((tmp_path / "cli" / ".copier-answers.yml").read_text())
    assert answers["python_version"] == "3.13"
    assert answers["state_location"] == "external_store"
    assert "state_store" not in answers  # durable runs keep no state store of ours


def test_durable_functions_ignores_the_worker_answers(tmp_path: Path) -> None:
    # Data meant for the worker architectures (a state store, queue settings) must not leak
    # a PostgreSQL store or workers into a durable rendering.
    out = render(
        tmp_path / "durable",
        architecture="durable_functions",
        state_store="postgres",
        worker_concurrency=16,
        max_redeliveries=5,
    )
    package = out / "agent_service"
    assert (package / "durable" / "run.py").is_file()
    leaked = [
        p.name
        for p in package.iterdir()
        if p.name in {"state_pg.py", "pg_database.py", "pg_server.py"}
    ]
    assert leaked == []
    assert not (package / "worker.py").exists()
    answers = yaml.safe_load((out / ".copier-answers.yml").read_text())
    assert {"state_store", "worker_concurrency", "max_redeliveries"}.isdisjoint(answers)
