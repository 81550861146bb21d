"""Fixtures for the agent-service template tests: renderings shared by the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from renderings import Rendered, Renders
from template_harness import render


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template rendered with its defaults (architecture=long_running)."""
    return render(tmp_path_factory.mktemp("rendered") / "agent-service")


@pytest.fixture(scope="session")
def renders(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    """Every architecture × state store, each rendered on first use (renderings.py)."""
    return Renders(tmp_path_factory)


@pytest.fixture
def project(request: pytest.FixtureRequest, renders: Renders) -> Iterator[Rendered]:
    """The combination ``request.param`` names (parametrised by the marks in renderings.py);
    skipped when copier.yml does not offer it."""
    rendered = renders.get(*request.param)
    if isinstance(rendered, str):
        pytest.skip(rendered)
    yield rendered
    # Every test of the session reads this rendering: one that writes into it must use a copy.
    assert rendered.changes() == [], "the test changed the shared rendering; work on a copy"
