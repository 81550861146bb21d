"""Every architecture × state store the template offers, rendered once per pytest session.

conftest.py holds the session's ``Renders`` (fixture ``renders``) and the ``project``
fixture the marks below parametrise; test_template_combinations.py and test_template_ci.py
both use them, so no combination is rendered twice. A rendering is shared by every test of
the session: a test that writes into it must work on a copy, and ``project`` fails the test
that changed one (``Rendered.changes``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from template_harness import render

COMBINATIONS = [
    ("serverless", "redis"),
    ("long_running", "redis"),
    ("long_running", "postgres"),
    ("hybrid", "redis"),
    ("hybrid", "postgres"),
    ("durable_functions", "external_store"),
    ("durable_functions", "platform_managed"),
]
IDS = [f"{arch}-{store}" for arch, store in COMBINATIONS]
CACHES = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}


def _parametrize(keep: Callable[[str], bool]) -> pytest.MarkDecorator:
    """Parametrise ``project`` with the combinations whose architecture ``keep`` accepts."""
    chosen = [(c, i) for c, i in zip(COMBINATIONS, IDS, strict=True) if keep(c[0])]
    return pytest.mark.parametrize(
        "project", [c for c, _ in chosen], ids=[i for _, i in chosen], indirect=True
    )


combination = _parametrize(lambda architecture: True)
# Combinations whose functions run on this interpreter; durable_functions needs Python
# >= 3.13 and its own SDK, so test_template_durable.py checks it in a venv of its own.
with_functions = _parametrize(lambda architecture: architecture in ("serverless", "hybrid"))
# Combinations whose code runs on this interpreter (durable_functions, Python >= 3.13, gets
# a virtualenv of its own in test_template_ci.py::test_ci_passes_in_a_virtualenv_from_the_lock).
on_this_python = _parametrize(lambda architecture: architecture != "durable_functions")


# Imports each handler named on its command line (the SAM functions' Handler entries).
HANDLER_PROBE = (
    "import importlib, sys\n"
    "for handler in sys.argv[1:]:\n"
    "    module, _, name = handler.rpartition('.')\n"
    "    assert callable(getattr(importlib.import_module(module), name)), handler\n"
)


def _fingerprint(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file outside the tool caches."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and not set(p.relative_to(root).parts) & CACHES
    }


@dataclass(frozen=True)
class Rendered:
    architecture: str
    state_store: str
    path: Path
    leaked_at_render: list[str]  # byte code and caches found right after rendering
    files: dict[str, tuple[int, int]]  # _fingerprint right after rendering

    def changes(self) -> list[str]:
        """Files added, removed or rewritten since rendering (tool caches aside)."""
        now = _fingerprint(self.path)
        return sorted(p for p in now.keys() | self.files.keys() if now.get(p) != self.files.get(p))


def _not_offered(exc: ValueError) -> str | None:
    """The template's own reason when copier.yml refuses a combination as not offered yet
    (as it did for the Postgres store before it landed); None for any other error."""
    message = str(exc)
    return message if "not available yet" in message else None


class Renders:
    """Each combination rendered on first use, once per session (or why it is skipped)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.done: dict[tuple[str, str], Rendered | str] = {}

    def get(self, architecture: str, state_store: str) -> Rendered | str:
        key = (architecture, state_store)
        if key not in self.done:
            self.done[key] = self._render(architecture, state_store)
        return self.done[key]

    def _render(self, architecture: str, state_store: str) -> Rendered | str:
        dest = self.factory.mktemp(f"{architecture}-{state_store}") / "agent-service"
        # durable_functions has no state_store question; its second axis is state_location.
        second = "state_location" if architecture == "durable_functions" else "state_store"
        try:
            render(dest, architecture=architecture, **{second: state_store})
        except ValueError as exc:
            reason = _not_offered(exc)
            if reason is None:
                raise
            return f"{architecture} × {state_store} is not offered by copier.yml: {reason}"
        leaked = sorted(
            str(p.relative_to(dest))
            for p in dest.rglob("*")
            if p.name in CACHES or p.suffix in {".pyc", ".pyo"}
        )
        return Rendered(architecture, state_store, dest, leaked, _fingerprint(dest))
