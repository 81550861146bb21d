"""Shared fixtures: the default rule set and questionnaire, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import api
from advisor.rules.model import RuleSet

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return api.load_rules()


@pytest.fixture
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty working folder.

    ``recommend`` and ``new`` read ``./answers.yml`` when no ``--answers`` is given, so a test
    that relies on the defaults must not see an answers file someone left in the checkout.
    """
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
