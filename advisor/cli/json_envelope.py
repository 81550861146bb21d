"""The versioned JSON objects of the commands that print data for tools.

``recommend`` and ``portfolio`` print the assessment and portfolio envelopes (versioned by the
scoring package). The other commands' objects share the same frame — ``schema_version``,
``kind``, ``generator`` — each kind versioned on its own, starting at 1; within a version, keys
are only ever added. The shapes are documented in docs/reference/json-output.md.
"""

from __future__ import annotations

import json
from typing import Any

from advisor import __version__

SCHEMA_VERSION = 1
UPDATE_CHECK = "agent-advisor/update-check"
UPDATE_PLAN = "agent-advisor/update-plan"
RULES = "agent-advisor/rules"
RULES_CHECK = "agent-advisor/rules-check"


def dumps(kind: str, body: dict[str, Any]) -> str:
    """One pretty-printed JSON object: the frame, then ``body``'s keys."""
    frame = {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "generator": {"name": "agent-advisor", "version": __version__},
    }
    return json.dumps({**frame, **body}, indent=2, ensure_ascii=False) + "\n"
