"""Fixtures for the agent-service template tests: renderings shared by the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from renderings import Rendered, Renders
from suite_runs import SuiteRuns
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


#: The test that waits for a combination's CI script (test_template_combinations.py).
SUITE_TEST = "test_own_test_suite_passes"


@pytest.fixture(scope="session", autouse=True)
def suite_runs(
    request: pytest.FixtureRequest, renders: Renders, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SuiteRuns]:
    """From the first template test on, the selected combinations' CI scripts run in the
    background (suite_runs.py); killed at the end of the session if still running."""
    runs = SuiteRuns(tmp_path_factory)
    for item in request.session.items:
        if getattr(item, "originalname", None) == SUITE_TEST:
            rendered = renders.get(*item.callspec.params["project"])  # type: ignore[attr-defined]
            if isinstance(rendered, Rendered):
                runs.start(rendered)
    yield runs
    runs.close()
