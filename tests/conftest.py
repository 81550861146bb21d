"""Shared fixtures: the default rule set and questionnaire, loaded once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import api
from advisor.rules.model import RuleSet

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return api.load_rules()


@pytest.fixture(scope="session", autouse=True)
def _empty_working_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test runs in an empty folder, never the checkout.

    ``recommend`` and ``new`` read ``./answers.yml`` when no ``--answers`` is given, so an
    answers file left in the checkout (by ``advisor ask``) must not change what a test sees.
    Tests use absolute paths; a test about the working directory sets its own.
    """
    previous = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(previous)
