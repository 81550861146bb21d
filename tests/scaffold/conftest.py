"""Fixtures for `advisor new` / `advisor update`: template bundles with two versions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "agent-service"
BUILD = ROOT / "scripts" / "build_template_bundle.py"
B_README_SECTION = "\n## Upgrading\n\nRun `advisor update` to merge newer template versions.\n"


def build_bundle(template: Path, bundle: Path, version: str) -> None:
    subprocess.run(
        [sys.executable, str(BUILD), "--template", str(template), "--bundle", str(bundle),
         "--version", version],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def make_version_b(src: Path, dest: Path) -> Path:
    """Version B of the template: a README section appended and a new file."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    readme = dest / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + B_README_SECTION, encoding="utf-8")
    (dest / "CONTRIBUTING.md.jinja").write_text("# Contributing to {{ project_name }}\n")
    return dest


@pytest.fixture(scope="session")
def two_version_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(bundle with only A = 0.0.1, bundle with A and B = 0.0.2)."""
    base = tmp_path_factory.mktemp("bundles")
    only_a = base / "a.bundle"
    build_bundle(TEMPLATE, only_a, "0.0.1")
    a_and_b = base / "ab.bundle"
    shutil.copy(only_a, a_and_b)
    build_bundle(make_version_b(TEMPLATE, base / "template-b"), a_and_b, "0.0.2")
    return only_a, a_and_b
