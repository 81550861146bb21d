"""Renderers: one module per format, each ``render(assessment, options) -> str``.

The assessment is the single source; renderers only arrange it. Heavy libraries (rich,
jinja2) are imported by the renderer that needs them, when it is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from advisor.assessment import Assessment

# format name → module in this package
RENDERERS = {
    "text": "text",
    "json": "json_report",
}
FORMATS = tuple(RENDERERS)


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices that do not change content."""

    color: bool = False
    width: int = 100
    title: str = "Agent runtime assessment"


def render(assessment: Assessment, fmt: str, options: RenderOptions | None = None) -> str:
    """Render an assessment in one of :data:`FORMATS`."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    module = importlib.import_module(f"advisor.report.{RENDERERS[fmt]}")
    text: str = module.render(assessment, options or RenderOptions())
    return text
