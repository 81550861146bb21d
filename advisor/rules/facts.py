"""Platform facts (limits and behaviours of serverless platforms), each with its date.

Limits changed often in 2024–2026, so every fact carries ``source`` and ``as_of`` and reports
print them. Rules refer to facts by id (a veto must name the fact that forbids it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import error_codes, yaml_source
from advisor.errors import Diagnostic, brief

REQUIRED = ("title", "value", "unit", "source", "as_of")


@dataclass(frozen=True)
class Fact:
    """One platform fact: what, how much, where it comes from, and as of when."""

    id: str
    title: str
    value: str | int | float | bool
    unit: str
    source: str
    as_of: str
    note: str = ""
    # where the value holds (a price's region, e.g. us-east-1); optional, empty when global
    region: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output (``region`` only when the fact names one)."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "as_of": self.as_of,
            "note": self.note,
        }
        if self.region:
            data["region"] = self.region
        return data


def _as_date(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _fact_value(value: Any) -> str | int | float | bool:
    """YAML reads 2025-08-01 as a date; facts are printed and serialised as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def load_facts(
    path: Path, read: Callable[[Path], Any] = yaml_source.load
) -> tuple[dict[str, Fact], list[Diagnostic]]:
    """Load a facts file; returns the facts and any problems found (never raises on schema).

    ``read`` parses the file (``yaml_source.load``, or a cached reader for shipped files).
    """
    data = read(path)
    problems: list[Diagnostic] = []
    if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
        problems.append(
            yaml_source.locate(
                path, (), error_codes.SCHEMA, "expected a mapping with a 'facts' mapping"
            )
        )
        return {}, problems
    facts: dict[str, Fact] = {}
    for fid, entry in data["facts"].items():
        at = ("facts", fid)
        if not isinstance(entry, dict):
            problems.append(
                yaml_source.locate(path, at, error_codes.SCHEMA, f"fact {brief(fid)}: a mapping")
            )
            continue
        missing = [k for k in REQUIRED if entry.get(k) in (None, "")]
        if missing:
            problems.append(
                yaml_source.locate(
                    path,
                    at,
                    error_codes.SCHEMA,
                    f"fact {brief(fid)} is missing {', '.join(missing)}; "
                    f"required: {', '.join(REQUIRED)}",
                )
            )
            continue
        as_of = _as_date(entry["as_of"])
        if as_of is None:
            problems.append(
                yaml_source.locate(
                    path,
                    (*at, "as_of"),
                    error_codes.INVALID_VALUE,
                    f"fact {brief(fid)}: as_of must be a YYYY-MM-DD date",
                )
            )
            continue
        facts[str(fid)] = Fact(
            id=str(fid),
            title=str(entry["title"]),
            value=_fact_value(entry["value"]),
            unit=str(entry["unit"]),
            source=str(entry["source"]),
            as_of=as_of,
            note=str(entry.get("note", "")),
            region=str(entry.get("region") or ""),
        )
    return facts, problems
