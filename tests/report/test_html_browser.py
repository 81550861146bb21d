"""The HTML report in a real browser: Debian's headless chromium, driven over DevTools.

The page must load with no console error and no request leaving the machine, the score chart
and the architecture diagram must be drawn and visible on screen and in print, and nothing
may overflow a laptop-wide window. Screenshots and a printed PDF are saved under
``test-artifacts/`` for people to look at (CI keeps them as artifacts).
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor import api
from advisor.architectures import ARCHITECTURES
from advisor.report import render, render_portfolio
from tests.report.cdp import Chromium, chromium
from tests.report.conftest import ROOT, options
from tests.report.test_golden import fixed_portfolio

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts"

# Size and visibility of the pictures, and whether the page is wider than the window.
PROBE = """(() => {
  const box = (sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return {width: r.width, height: r.height, shown: s.display !== 'none'
            && s.visibility !== 'hidden' && Number(s.opacity) > 0,
            shapes: el.querySelectorAll('rect, path, polygon, line').length,
            texts: Array.from(el.querySelectorAll('text')).map(t => t.textContent)};
  };
  return {chart: box('svg.chart'), diagram: box('svg.diagram'),
          charts: document.querySelectorAll('svg.chart').length,
          toc: document.querySelector('nav.toc') ?
               getComputedStyle(document.querySelector('nav.toc')).display : null,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          fontSize: parseFloat(getComputedStyle(document.body).fontSize)};
})()"""


def _executable() -> str:
    found = os.environ.get("ADVISOR_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; scripts/setup installs it (apt-get)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    with chromium(_executable(), tmp_path_factory.mktemp("chromium")) as running:
        yield running


def _visible(picture: dict[str, Any] | None) -> bool:
    return bool(picture and picture["shown"] and picture["width"] > 200
                and picture["height"] > 80 and picture["shapes"] >= 3)  # fmt: skip


def test_report_loads_offline_and_shows_chart_and_diagram(
    browser: Chromium, assessments: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(assessments["support-chat"], "html", options("support-chat")))
    log = browser.open(page.as_uri())
    assert log.errors == []
    assert log.outgoing == []
    assert log.requests == [page.as_uri()]  # the page itself, nothing else
    probe = browser.evaluate(PROBE)
    assert _visible(probe["chart"]), probe["chart"]
    assert _visible(probe["diagram"]), probe["diagram"]
    assert "Agent workers" in probe["diagram"]["texts"]
    best = assessments["support-chat"]
    top = f"{best.scores[best.recommendation]:.1f}"
    assert any(t.startswith(top) for t in probe["chart"]["texts"])
    assert probe["overflow"] <= 0, "the page is wider than a 1280 px laptop window"
    assert probe["fontSize"] >= 14
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "report.png")
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000

    # On paper: the contents list goes, the pictures stay.
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    printed = browser.evaluate(PROBE)
    assert printed["toc"] == "none"
    assert _visible(printed["chart"]) and _visible(printed["diagram"])
    browser.print_pdf(ARTIFACTS / "report.pdf")
    assert (ARTIFACTS / "report.pdf").read_bytes().startswith(b"%PDF")
    assert browser.page_log().errors == []


def test_narrow_window_still_fits(
    browser: Chromium, assessments: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(assessments["research-agent"], "html", options("research-agent")))
    log = browser.open(page.as_uri(), width=800, height=900)
    assert log.errors == [] and log.outgoing == []
    probe = browser.evaluate(PROBE)
    assert _visible(probe["chart"]) and _visible(probe["diagram"])
    assert probe["overflow"] <= 0


def test_portfolio_page_draws_every_workload(
    browser: Chromium, assessments: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "portfolio.html"
    page.write_text(render_portfolio(fixed_portfolio(assessments), "html", options()))
    log = browser.open(page.as_uri())
    assert log.errors == [] and log.outgoing == []
    probe = browser.evaluate(PROBE)
    assert probe["charts"] == len(assessments)
    assert probe["overflow"] <= 0
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "portfolio.png", max_height=3000)


def test_harness_catches_requests_and_console_errors(browser: Chromium, tmp_path: Path) -> None:
    """A control: the checks above would fail on a page that calls out or logs an error."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!doctype html><title>bad</title>"
        '<img src="https://cdn.example.com/x.png">'
        "<script>console.error('boom')</script>"
    )
    log = browser.open(page.as_uri())
    assert "https://cdn.example.com/x.png" in log.outgoing
    assert any("boom" in e for e in log.errors)


COST_PROBE = """(() => {
  const svg = document.querySelector('svg.cost-chart');
  if (!svg) return null;
  const r = svg.getBoundingClientRect(), s = getComputedStyle(svg);
  const inside = (el) => { const b = el.getBoundingClientRect();
    return b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1
           && b.bottom <= r.bottom + 1; };
  const series = Array.from(svg.querySelectorAll('polyline.cc-line')).map(p => ({
    arch: p.dataset.architecture, points: p.points.numberOfItems,
    stroke: getComputedStyle(p).stroke, width: parseFloat(getComputedStyle(p).strokeWidth),
    inside: inside(p)}));
  const marks = Array.from(svg.querySelectorAll('circle.cc-breakeven[data-runs-per-day]'))
    .map(c => ({runs: Number(c.dataset.runsPerDay), x: c.getBoundingClientRect().x,
                inside: inside(c)}));
  const team = svg.querySelector('line.cc-team[data-runs-per-day]');
  return {width: r.width, height: r.height,
          shown: s.display !== 'none' && s.visibility !== 'hidden', series, marks,
          team: team && {runs: Number(team.dataset.runsPerDay), inside: inside(team),
                         x: team.getBoundingClientRect().x},
          ticks: Object.fromEntries(Array.from(svg.querySelectorAll('text.cc-tick')).map(t => {
            const b = t.getBoundingClientRect(); return [t.textContent, b.x + b.width / 2]; })),
          texts: Array.from(svg.querySelectorAll('text')).map(t => t.textContent)};
})()"""


def test_cost_chart_draws_four_lines_break_evens_and_the_team(
    browser: Chromium, tmp_path: Path
) -> None:
    assessment = api.assess({"runs_per_day": 500, "steps_per_run": 4}, api.load_rules())
    curve = assessment.cost_curve
    assert curve is not None and len(curve.charted_break_evens) >= 1
    page = tmp_path / "report.html"
    page.write_text(render(assessment, "html", options("cost")))
    log = browser.open(page.as_uri())
    assert log.errors == [] and log.outgoing == []
    probe = browser.evaluate(COST_PROBE)
    assert probe is not None and probe["shown"]
    assert probe["width"] > 400 and probe["height"] > 150
    series = probe["series"]
    assert [s["arch"] for s in series] == list(ARCHITECTURES)
    for line in series:
        assert line["points"] == len(curve.volumes) and line["inside"], line
        assert line["stroke"] not in ("none", "") and line["width"] >= 2, line
    assert len({s["stroke"] for s in series}) == len(ARCHITECTURES)  # told apart by colour
    marks = probe["marks"]
    assert [m["runs"] for m in marks] == [b.runs_per_day for b in curve.charted_break_evens]
    assert all(m["inside"] for m in marks)
    assert [m["x"] for m in marks] == sorted(m["x"] for m in marks)  # log x axis, left to right
    team = probe["team"]
    assert team["runs"] == 500 and team["inside"]
    # 500 runs a day lies between the 100 and 1k ticks, on a log scale 70 % of the way
    ticks = probe["ticks"]
    expected = ticks["100"] + math.log10(5) * (ticks["1k"] - ticks["100"])
    assert team["x"] == pytest.approx(expected, abs=2)
    assert "you: 500/day" in probe["texts"]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "cost-chart.png")
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    assert browser.evaluate(COST_PROBE)["shown"]
