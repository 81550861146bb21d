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
