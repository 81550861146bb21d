"""The versioned JSON objects of the commands that print data for tools.

``recommend`` and ``portfolio`` print the assessment and portfolio envelopes (versioned by the
scoring package). The other commands' objects share the same frame — ``schema_version``,
``kind``, ``generator`` — each kind versioned on its own, starting at 1; within a version, keys
are only ever added. The shapes are documented in docs/reference/json-output.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.errors import Diagnostic

if TYPE_CHECKING:
    from advisor.rules.model import RuleSet

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


def rules(ruleset: RuleSet) -> str:
    """``advisor rules list --format json``: the loaded packs and every rule, by id."""
    return dumps(
        RULES,
        {
            "ruleset": {
                "name": ruleset.name,
                "version": ruleset.version,
                "packs": [{"name": p.name, "version": p.version} for p in ruleset.packs],
            },
            "rules": [
                {
                    "id": r.id,
                    "family": r.family,
                    "title": r.title,
                    "status": r.status,
                    "pack": r.pack,
                    "effects": dict(r.effects),
                    "veto": r.veto.architecture if r.veto else None,
                    "risk": r.risk.category if r.risk else None,
                }
                for r in sorted(ruleset.rules, key=lambda r: r.id)
            ],
        },
    )


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "code": d.code, "message": d.message}


def rules_check(
    paths: Sequence[Path], problems: Sequence[Diagnostic], warnings: Sequence[Diagnostic]
) -> str:
    """``advisor rules check --format json``: ``ok`` is false exactly when the exit code is 1."""
    return dumps(
        RULES_CHECK,
        {
            "paths": [str(p) for p in paths],
            "ok": not problems,
            "problems": [_diagnostic(d) for d in problems],
            "warnings": [_diagnostic(d) for d in warnings],
        },
    )
