"""Finding the data the advisor ships: ``rules/`` and ``templates/``.

In a checkout they sit at the top of the repository; in an installed wheel they are package
data under ``advisor/_data/`` (see ``[tool.hatch.build.targets.wheel.force-include]``), next
to the parsed-rules cache that ``hatch_build.py`` compiles (:mod:`advisor.rules.parse_cache`).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_PACK = "agent-runtime"
COMPILED_CACHE = "rules-cache.json"


def _data_root() -> Path:
    installed = _PACKAGE / "_data"
    if (installed / "rules").is_dir():
        return installed
    return _PACKAGE.parent


def rules_dir() -> Path:
    """The folder holding questions.yaml, facts.yaml and the default pack."""
    return _data_root() / "rules"


def templates_dir() -> Path:
    """The folder holding the Copier templates."""
    return _data_root() / "templates"


def questions_file() -> Path:
    """The questionnaire definition."""
    return rules_dir() / "questions.yaml"


def facts_file() -> Path:
    """The shared platform facts."""
    return rules_dir() / "facts.yaml"


def default_pack() -> Path:
    """The default rule pack drawn from the article."""
    return rules_dir() / DEFAULT_PACK


def compiled_rules_cache() -> Path | None:
    """The parsed-rules cache built into a wheel; None in a checkout (it has none)."""
    shipped = _PACKAGE / "_data" / COMPILED_CACHE
    return shipped if shipped.is_file() else None
