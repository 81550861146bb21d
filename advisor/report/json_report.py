"""JSON: the versioned envelope of CONTRACT §2 (``schema_version`` 2, with the cost estimate)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from advisor.report import RenderOptions


def render(assessment: Assessment, options: RenderOptions) -> str:
    """The assessment as one pretty-printed JSON object."""
    return json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False) + "\n"
