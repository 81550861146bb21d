"""Inline SVG of monthly cost against runs per day, one line per architecture (HTML report).

Both axes are logarithmic: volume runs from 10 to 1,000,000 runs a day and bills from cents to
tens of thousands of dollars, and on a linear scale every line but one would lie on the axis.
Break-even points (where the cheapest architecture changes) are marked with a circle and the
team's own volume with a vertical line. Like :mod:`advisor.report.svg`, it is drawn in Python so
the report stays one offline file; colours and dash patterns come from CSS classes (the dashes
keep the lines apart on paper and for readers who cannot tell the colours apart); every text is
escaped.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from html import escape

from advisor.architectures import ARCHITECTURES
from advisor.report import labels
from advisor.scoring.cost_curve import CHART_HIGH, CHART_LOW, CostCurve

# Plot geometry in user units (the SVG scales through its viewBox).
_LEFT, _TOP, _PLOT_W, _PLOT_H, _LEGEND_W, _BOTTOM = 72, 14, 470, 250, 190, 46
FLOOR_USD = 0.01  # a bill below a cent is drawn at a cent (log axis)


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _volume_label(runs: int) -> str:
    return (
        f"{runs // 1_000_000}M"
        if runs >= 1_000_000
        else f"{runs // 1000}k"
        if runs >= 1000
        else str(runs)
    )


def _usd_label(usd: float) -> str:
    # compact, like the x axis, so that tick labels never run into the axis title
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if usd >= size:
            return f"${usd / size:g}{suffix}"
    return f"${usd:g}"


class _Axes:
    """Log-log mapping from (runs a day, USD a month) to user units."""

    def __init__(self, low_usd: float, high_usd: float):
        self.y_low = math.floor(math.log10(max(low_usd, FLOOR_USD)))
        self.y_high = max(self.y_low + 1, math.ceil(math.log10(max(high_usd, FLOOR_USD))))
        self.x_low, self.x_high = math.log10(CHART_LOW), math.log10(CHART_HIGH)

    def x(self, runs: float) -> float:
        clamped = min(max(runs, CHART_LOW), CHART_HIGH)
        share = (math.log10(clamped) - self.x_low) / (self.x_high - self.x_low)
        return _LEFT + share * _PLOT_W

    def y(self, usd: float) -> float:
        share = (math.log10(max(usd, FLOOR_USD)) - self.y_low) / (self.y_high - self.y_low)
        return _TOP + _PLOT_H - share * _PLOT_H


def _grid(axes: _Axes) -> list[str]:
    out = []
    bottom = _TOP + _PLOT_H
    for power in range(int(axes.x_low), int(axes.x_high) + 1):
        x = axes.x(10**power)
        out.append(f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{bottom}" class="cc-grid"/>')
        out.append(_text(x, bottom + 16, _volume_label(10**power), "cc-tick", "middle"))
    for power in range(axes.y_low, axes.y_high + 1):
        y = axes.y(10.0**power)
        out.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + _PLOT_W}" y2="{y:.1f}" '
                   'class="cc-grid"/>')  # fmt: skip
        out.append(_text(_LEFT - 6, y + 4, _usd_label(10.0**power), "cc-tick", "end"))
    out.append(_text(_LEFT + _PLOT_W / 2, bottom + 36, "runs per day (log scale)", "cc-axis",
                     "middle"))  # fmt: skip
    middle = _TOP + _PLOT_H / 2
    out.append(f'<text class="cc-axis" text-anchor="middle" transform="translate(14 '
               f'{middle:.1f}) rotate(-90)">USD a month (log scale)</text>')  # fmt: skip
    return out


def _legend(vetoed: Collection[str]) -> list[str]:
    out = []
    x = _LEFT + _PLOT_W + 18
    for i, arch in enumerate(ARCHITECTURES):
        y = _TOP + 14 + i * 22
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 26}" y2="{y - 4}" '
                   f'class="cc-line cc-{arch}"/>')  # fmt: skip
        name = labels.short(arch) + (" (vetoed)" if arch in vetoed else "")
        out.append(_text(x + 32, y, name, "cc-legend"))
    y = _TOP + 14 + len(ARCHITECTURES) * 22
    out.append(f'<circle cx="{x + 13}" cy="{y - 4}" r="4.5" class="cc-breakeven"/>')
    out.append(_text(x + 32, y, "cheapest changes", "cc-legend"))
    out.append(f'<line x1="{x + 13}" y1="{y + 8}" x2="{x + 13}" y2="{y + 24}" class="cc-team"/>')
    out.append(_text(x + 32, y + 20, "your volume", "cc-legend"))
    return out


def _description(curve: CostCurve) -> str:
    parts = [
        f"At {curve.runs_per_day:,} runs a day the cheapest is {labels.short(curve.cheapest)}."
    ]
    parts += [
        f"From {b.runs_per_day:,} runs a day {labels.short(b.after)} is cheaper than "
        f"{labels.short(b.before)}."
        for b in curve.charted_break_evens
    ]
    return " ".join(parts)


def cost_chart(curve: CostCurve, vetoed: Collection[str] = (), prefix: str = "r") -> str:
    """Monthly cost per architecture against runs per day, break-evens and the team marked."""
    values = [usd for series in curve.monthly_usd.values() for usd in series]
    axes = _Axes(min(values, default=FLOOR_USD), max(values, default=1.0))
    width, height = _LEFT + _PLOT_W + _LEGEND_W, _TOP + _PLOT_H + _BOTTOM
    out = [
        f'<svg class="cost-chart" id="{prefix}-cost-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{prefix}-cost-chart-t {prefix}-cost-chart-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-cost-chart-t">Monthly cost against runs per day</title>',
        f'<desc id="{prefix}-cost-chart-d">{escape(_description(curve))}</desc>',
        *_grid(axes),
    ]
    for arch in ARCHITECTURES:
        points = " ".join(
            f"{axes.x(runs):.1f},{axes.y(usd):.1f}"
            for runs, usd in zip(curve.volumes, curve.monthly_usd[arch], strict=True)
        )
        out.append(f'<polyline points="{points}" class="cc-line cc-{arch}" '
                   f'data-architecture="{arch}"/>')  # fmt: skip
    for b in curve.charted_break_evens:
        tip = f"{b.runs_per_day:,} runs a day: {labels.short(b.after)} becomes cheaper than " \
              f"{labels.short(b.before)} ({labels.money(b.monthly_usd)} a month)"  # fmt: skip
        out.append(f'<circle cx="{axes.x(b.runs_per_day):.1f}" cy="{axes.y(b.monthly_usd):.1f}" '
                   f'r="4.5" class="cc-breakeven" data-runs-per-day="{b.runs_per_day}">'
                   f"<title>{escape(tip)}</title></circle>")  # fmt: skip
    team_x = axes.x(curve.runs_per_day)
    off = "" if CHART_LOW <= curve.runs_per_day <= CHART_HIGH else " (off the chart)"
    out.append(f'<line x1="{team_x:.1f}" y1="{_TOP}" x2="{team_x:.1f}" y2="{_TOP + _PLOT_H}" '
               f'class="cc-team" data-runs-per-day="{curve.runs_per_day}"/>')  # fmt: skip
    anchor = "end" if team_x > _LEFT + _PLOT_W * 0.7 else "start"
    shift = -4 if anchor == "end" else 4
    out.append(_text(team_x + shift, _TOP + 12, f"you: {curve.runs_per_day:,}/day{off}",
                     "cc-team-label", anchor))  # fmt: skip
    out += _legend(vetoed)
    out.append("</svg>")
    return "\n".join(out)
