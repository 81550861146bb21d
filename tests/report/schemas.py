"""Validators for the published JSON Schemas (docs/reference/*.schema.json)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.report.conftest import ROOT

SCHEMAS = ROOT / "docs" / "reference"


@cache
def _registry() -> Registry:
    resources = []
    for name in ("assessment.schema.json", "portfolio.schema.json"):
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def validator(name: str) -> Draft202012Validator:
    """A validator for ``assessment`` or ``portfolio`` that resolves references offline."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry())


def problems(name: str, data: Any) -> list[str]:
    """Every way ``data`` breaks the schema, as readable lines (empty when valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator(name).iter_errors(data)
    ]
