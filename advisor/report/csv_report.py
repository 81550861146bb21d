"""CSV: one row per workload (scores, costs, recommendation, confidence, top risks).

Every cell is one line and none can start a formula (see :func:`safe_cell`).

A single report is a header plus one row; a portfolio uses the same columns, one row per
workload, broken workloads included with their error so that none silently disappears.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from advisor.report import labels
from advisor.report.view import top_risks
from advisor.rules.model import ARCHITECTURES
from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from advisor.report import RenderOptions

COLUMNS = (
    "workload",
    "status",
    "recommendation",
    "confidence",
    "margin",
    *(f"score_{arch}" for arch in ARCHITECTURES),
    *(f"monthly_usd_{arch}" for arch in ARCHITECTURES),
    "prices_as_of",
    "vetoed",
    "top_risks",
    "ruleset",
    "error",
)


# A cell starting with one of these is a formula to a spreadsheet ("=HYPERLINK(...)"); such a
# cell gets a leading apostrophe, as the OWASP guidance on CSV injection recommends.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")  # a plain number is no formula: left as is


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _price_dates(a: Assessment) -> str:
    """Oldest and newest date of the prices behind the monthly figures."""
    dates = sorted({line.as_of for c in a.cost.values() for line in c.lines})
    return f"{dates[0]}..{dates[-1]}" if dates else ""


def safe_cell(value: object) -> str:
    """A CSV cell on one line that no spreadsheet will run as a formula."""
    text = str(value)
    line = _one_line(text)  # collapsing whitespace may uncover a formula (" =1" → "=1")
    formula = text.startswith(_FORMULA_START) or line.startswith(_FORMULA_START)
    return "'" + line if formula and not _NUMBER.match(line) else line


def row(name: str, a: Assessment) -> list[str]:
    """The CSV row of one assessed workload."""
    titles = {r.id: r.title for r in a.fired}
    risks = "; ".join(
        f"{r.rule} {labels.category(r.category)}: {titles.get(r.rule, r.text)}"
        for r in top_risks(a)
    )
    return [
        name,
        "ok",
        a.recommendation,
        a.confidence,
        f"{a.margin:.1f}",
        *(f"{a.scores[arch]:.1f}" for arch in ARCHITECTURES),
        *(f"{a.cost[arch].monthly_usd:.2f}" if arch in a.cost else "" for arch in ARCHITECTURES),
        _price_dates(a),
        " ".join(sorted(a.vetoed)),
        risks,
        f"{a.ruleset['name']} {a.ruleset['version']}",
        "",
    ]


def error_row(name: str, error: str) -> list[str]:
    """The CSV row of a workload that could not be assessed."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(workload=name, status="error", error=_one_line(error))
    return [cells[c] for c in COLUMNS]


def table(rows: Iterable[list[str]]) -> str:
    """Header plus rows as CSV text (RFC 4180 quoting, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([safe_cell(cell) for cell in r] for r in rows)
    return out.getvalue()


def render(assessment: Assessment, options: RenderOptions) -> str:
    """A header and the one row of this workload."""
    return table([row(options.workload or "workload", assessment)])
