"""Fixtures for `advisor new` / `advisor update`: template bundles with two versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli.main import app
from tests.template.template_harness import two_version_bundles

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "agent-service"
B_README_SECTION = "\n## Upgrading\n\nRun `advisor update` to merge newer template versions.\n"


@pytest.fixture(scope="session")
def two_version_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(bundle with only A = 0.0.1, bundle with A and B = 0.0.2): version B appends a README
    section and adds a file."""
    return two_version_bundles(
        tmp_path_factory.mktemp("bundles"),
        B_README_SECTION,
        {"CONTRIBUTING.md.jinja": "# Contributing to {{ project_name }}\n"},
    )


def new_project(
    dest: Path, made_with: Path, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """``advisor new`` (long_running, the defaults) into ``dest`` from the bundle
    ``made_with``; from then on the advisor's bundle is ``installed``."""
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(made_with))
    result = CliRunner().invoke(
        app, ["new", str(dest), "--no-input", "--defaults", "--architecture", "long_running"]
    )
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("ADVISOR_TEMPLATE_BUNDLE", str(installed))
    return dest
