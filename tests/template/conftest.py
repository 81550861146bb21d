"""Fixtures for the agent-service template tests: one rendering shared by the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from template_harness import render


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template rendered with its defaults (architecture=long_running)."""
    return render(tmp_path_factory.mktemp("rendered") / "agent-service")
