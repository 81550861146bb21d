"""Cost against volume: each architecture's monthly bill from 1 to 10 million runs a day.

"Serverless looks cheap at the start": when does it stop being cheap? This module answers with
the cost model itself (:func:`advisor.scoring.cost.estimate`), re-run at other ``runs_per_day``
with every other answer kept. It finds the break-even volumes — where the cheapest
architecture changes — and the nearest of them on each side of the team's volume, which is
the cost part of the sensitivity analysis. The HTML chart, the text and Markdown reports and
the JSON all read the one :class:`CostCurve` built here; it is a pure function of the answers
and the price facts, and never changes a score.

Method: the bills are evaluated on a log grid of 8 volumes per decade; between two grid
volumes whose cheapest architecture differs, a bisection over whole runs per day finds the
first volume where it changes (exact below 1,000 runs a day, within 0.1 % above). A change
that happens and reverts between two grid volumes (a worker added just past a crossing) is not
reported: the grid is the resolution.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.architectures import ARCHITECTURES
from advisor.questions.questionnaire import Answer
from advisor.rules.facts import Fact
from advisor.scoring.cost import estimate

POINTS_PER_DECADE = 8
SCAN_DECADES = 7  # 1 → 10,000,000 runs a day
CHART_LOW, CHART_HIGH = 10, 1_000_000  # the range the HTML chart draws
RESOLUTION = 1000  # a break-even is found to within 1/1000 of its volume (1 run below 1,000)


def grid(decades: int = SCAN_DECADES, per_decade: int = POINTS_PER_DECADE) -> tuple[int, ...]:
    """Whole runs per day, log spaced from 1 to 10**decades (duplicates at the low end dropped)."""
    return tuple(sorted({round(10 ** (k / per_decade)) for k in range(decades * per_decade + 1)}))


def cheapest(bills: Mapping[str, float]) -> str:
    """The cheapest architecture; on equal cost, the first in ARCHITECTURES."""
    return min(ARCHITECTURES, key=lambda arch: (bills[arch], ARCHITECTURES.index(arch)))


@dataclass(frozen=True)
class BreakEven:
    """At ``runs_per_day`` (and not one run a day below) ``after`` becomes the cheapest."""

    runs_per_day: int
    before: str
    after: str
    monthly_usd: float = 0.0  # what ``after`` costs a month at that volume

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "runs_per_day": self.runs_per_day,
            "from": self.before,
            "to": self.after,
            "monthly_usd": self.monthly_usd,
        }


@dataclass(frozen=True)
class VolumeChange:
    """The nearest volume, down or up from the team's, at which another architecture is cheapest."""

    direction: str  # "down" or "up"
    runs_per_day: int
    cheapest: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "direction": self.direction,
            "runs_per_day": self.runs_per_day,
            "cheapest": self.cheapest,
        }


@dataclass(frozen=True)
class CostCurve:
    """Monthly cost per architecture across volumes, and where the cheapest one changes."""

    runs_per_day: int  # the team's answer
    cheapest: str  # at the team's volume
    volumes: tuple[int, ...]  # the chart's volumes, CHART_LOW → CHART_HIGH
    monthly_usd: Mapping[str, tuple[float, ...]]  # per architecture, one per volume
    break_evens: tuple[BreakEven, ...]  # every change found from 1 to 10**SCAN_DECADES

    @property
    def changes(self) -> tuple[VolumeChange, ...]:
        """The cost sensitivity: the nearest change below and above the team's volume."""
        found = []
        below = [b for b in self.break_evens if b.runs_per_day <= self.runs_per_day]
        above = [b for b in self.break_evens if b.runs_per_day > self.runs_per_day]
        if below:
            last = below[-1]
            found.append(VolumeChange("down", last.runs_per_day - 1, last.before))
        if above:
            first = above[0]
            found.append(VolumeChange("up", first.runs_per_day, first.after))
        return tuple(found)

    @property
    def charted_break_evens(self) -> tuple[BreakEven, ...]:
        """The break-even points inside the chart's range."""
        return tuple(b for b in self.break_evens if CHART_LOW <= b.runs_per_day <= CHART_HIGH)

    def to_dict(self) -> dict[str, Any]:
        """The ``cost_curve`` key of the JSON output."""
        return {
            "runs_per_day": list(self.volumes),
            "monthly_usd": {arch: list(v) for arch, v in self.monthly_usd.items()},
            "break_evens": [b.to_dict() for b in self.break_evens],
        }

    def sensitivity_dict(self) -> dict[str, Any]:
        """The ``cost_sensitivity`` key: the cheapest now and the nearest volume changes."""
        return {
            "runs_per_day": self.runs_per_day,
            "cheapest": self.cheapest,
            "changes": [c.to_dict() for c in self.changes],
        }

    @classmethod
    def from_dicts(cls, curve: Mapping[str, Any], sensitivity: Mapping[str, Any]) -> CostCurve:
        """The inverse of :meth:`to_dict` and :meth:`sensitivity_dict` (saved assessments)."""
        return cls(
            runs_per_day=int(sensitivity["runs_per_day"]),
            cheapest=str(sensitivity["cheapest"]),
            volumes=tuple(curve["runs_per_day"]),
            monthly_usd={arch: tuple(usd) for arch, usd in curve["monthly_usd"].items()},
            break_evens=tuple(
                BreakEven(b["runs_per_day"], b["from"], b["to"], b.get("monthly_usd", 0.0))
                for b in curve["break_evens"]
            ),
        )


class _Bills:
    """Monthly cost per architecture at a volume, computed once per volume."""

    def __init__(self, answers: Mapping[str, Answer], facts: Mapping[str, Fact]):
        self.answers = answers
        self.facts = facts
        self.seen: dict[int, dict[str, float]] = {}

    def at(self, runs_per_day: int) -> dict[str, float]:
        if runs_per_day not in self.seen:
            result = estimate({**self.answers, "runs_per_day": runs_per_day}, self.facts)
            self.seen[runs_per_day] = result.precise_usd
        return self.seen[runs_per_day]

    def cheapest(self, runs_per_day: int) -> str:
        return cheapest(self.at(runs_per_day))


def _first_change(bills: _Bills, low: int, high: int) -> BreakEven:
    """The first volume above ``low`` where the cheapest differs (it does at ``high``)."""
    before = bills.cheapest(low)
    while high - low > max(1, low // RESOLUTION):
        middle = (low + high) // 2
        if bills.cheapest(middle) == before:
            low = middle
        else:
            high = middle
    after = bills.cheapest(high)
    return BreakEven(high, before, after, round(bills.at(high)[after], 2))


def break_evens(bills: _Bills, volumes: tuple[int, ...]) -> tuple[BreakEven, ...]:
    """Every change of the cheapest architecture found on (and refined between) ``volumes``."""
    found: list[BreakEven] = []
    for low, high in itertools.pairwise(volumes):
        while bills.cheapest(low) != bills.cheapest(high):
            change = _first_change(bills, low, high)
            found.append(change)
            low = change.runs_per_day
    return tuple(found)


def curve(answers: Mapping[str, Answer], facts: Mapping[str, Fact]) -> CostCurve:
    """The cost curve of these answers, priced from ``facts``."""
    bills = _Bills(answers, facts)
    scan = grid()
    chart = tuple(v for v in scan if CHART_LOW <= v <= CHART_HIGH)
    runs = answers.get("runs_per_day", 0)
    team = runs if isinstance(runs, int) and not isinstance(runs, bool) else 0
    return CostCurve(
        runs_per_day=team,
        cheapest=bills.cheapest(team),
        volumes=chart,
        monthly_usd={
            arch: tuple(round(bills.at(v)[arch], 2) for v in chart) for arch in ARCHITECTURES
        },
        break_evens=break_evens(bills, scan),
    )
