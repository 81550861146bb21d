"""``advisor recommend --format markdown|html|adr|csv`` via the CLI, and the renderers' parts."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.architectures import ARCHITECTURES
from advisor.cli.main import app
from advisor.report import labels, svg, view
from advisor.report.diagram import diagram_for, mermaid
from advisor.report.templating import cell
from advisor.scoring.assessment import Assessment
from tests.report.conftest import options

MADR_SECTIONS = (
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
)


def recommend(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["recommend", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "support-bot.yml"
    path.write_text("workflow_duration: hours\nstate: conversation\nstreaming: required\n")
    return path


def test_markdown(answers: Path) -> None:
    code, out, _ = recommend("-a", str(answers), "-f", "markdown")
    assert code == 0
    assert out.startswith("# Agent runtime assessment: support-bot\n")
    assert "```mermaid\nflowchart LR\n" in out
    for heading in ("## Scores", "## Vetoes", "## Risks and mitigations", "## Answers",
                    "## What would change the recommendation", "## Platform facts"):  # fmt: skip
        assert f"\n{heading}\n" in out
    assert "as of 2026-10-01" in out  # the veto's fact carries its date
    assert "- Source:" in out and "- Why:" in out


def test_html_is_self_contained(answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, stderr = recommend("-a", str(answers), "-f", "html", "-o", str(out))
    assert code == 0 and f"wrote {out}" in stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'" in page
    assert "@media print" in page
    assert page.count("<svg") == 3  # scores, architecture, cost against volume


def test_adr_has_every_madr_section(answers: Path) -> None:
    code, out, _ = recommend("-a", str(answers), "-f", "adr")
    assert code == 0
    assert re.match(r"---\nstatus: proposed\ndate: \d{4}-\d{2}-\d{2}\n---\n", out)
    positions = [out.index(section) for section in MADR_SECTIONS]
    assert positions == sorted(positions)
    assert out.count("\n### ", out.index("## Pros and Cons")) == len(ARCHITECTURES)
    assert "* Good, because" in out and "* Bad, because" in out


def test_csv_is_one_row(answers: Path) -> None:
    code, out, _ = recommend("-a", str(answers), "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    row = rows[0]
    assert row["workload"] == "support-bot" and row["status"] == "ok"
    assert row["recommendation"] in set(ARCHITECTURES) - {"serverless"}
    assert "serverless" in row["vetoed"].split()
    for arch in ARCHITECTURES:
        assert 0 <= float(row[f"score_{arch}"]) <= 100
        assert float(row[f"monthly_usd_{arch}"]) > 0
    assert row["top_risks"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "adr", "csv"])
def test_output_refuses_to_overwrite(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "report"
    target.write_text("keep me")
    code, _, stderr = recommend("-f", fmt, "-o", str(target))
    assert code == 1 and "--force" in stderr
    assert target.read_text() == "keep me"
    code, _, _ = recommend("-f", fmt, "-o", str(target), "--force")
    assert code == 0 and target.read_text() != "keep me"


def test_unknown_format_lists_all(answers: Path) -> None:
    code, _, stderr = recommend("-f", "pdf")
    assert code == 2
    assert "'text', 'json', 'markdown', 'html', 'adr', 'csv'" in stderr


def test_diagram_follows_the_answers() -> None:
    bare = diagram_for("serverless", {"state": "none", "streaming": "none"})
    assert {n.id for n in bare.nodes} == {"client", "ingress", "compute", "llm"}
    full = diagram_for("hybrid", {"state": "conversation", "streaming": "required"})
    assert {"queue", "store"} <= {n.id for n in full.nodes}
    assert any(e.dashed and e.dst == "client" for e in full.edges)
    text = mermaid(full)
    assert text.startswith("flowchart LR\n")
    assert 'queue[["Run queue"]]' in text and "-.->" in text


def test_durable_diagram_follows_the_answers() -> None:
    bare = diagram_for("durable_functions", {"trigger": "event", "state": "per_run"})
    assert {n.id for n in bare.nodes} == {"client", "ingress", "compute", "llm", "history"}
    assert bare.node("ingress").label == "Event trigger"
    approval = diagram_for(
        "durable_functions",
        {"waits": "hours_or_days", "state": "conversation", "state_location": "external_store"},
    )
    assert {"wait", "store", "history"} <= {n.id for n in approval.nodes}
    pairs = {(e.src, e.dst) for e in approval.edges}
    assert {("compute", "wait"), ("wait", "compute"), ("compute", "store")} <= pairs
    managed = diagram_for(
        "durable_functions", {"state": "long_term", "state_location": "platform_managed"}
    )
    assert "store" not in {n.id for n in managed.nodes}  # the platform keeps it
    assert 'wait("Wait for callback (approval)")' in mermaid(approval)


def test_durable_diagram_svg_keeps_labels_inside_the_picture() -> None:
    approval = diagram_for(
        "durable_functions",
        {"waits": "minutes", "state": "conversation", "streaming": "required"},
    )
    root = ET.fromstring(svg.architecture_diagram(approval, "t"))
    width = float(root.attrib["viewBox"].split()[2])
    ns = "{http://www.w3.org/2000/svg}"
    for text in root.iter(f"{ns}text"):
        x, size = float(text.attrib["x"]), len(text.text or "") * 6.5  # ~11px font
        start = {"start": x, "middle": x - size / 2, "end": x - size}[text.attrib["text-anchor"]]
        assert start >= 0 and start + size <= width, text.text


def test_svg_is_well_formed_and_escaped(assessments: dict[str, Assessment]) -> None:
    v = view.build(assessments["research-agent"], options())
    for picture in (svg.score_chart(v.options), svg.architecture_diagram(v.diagram, "<&>")):
        root = ET.fromstring(picture)
        assert root.tag.endswith("svg")
    assert "&lt;&amp;&gt;" in svg.architecture_diagram(v.diagram, "<&>")
    assert "url(#r-hatch)" in svg.score_chart(v.options)  # the vetoed bar is hatched


def test_view_orders_and_groups(assessments: dict[str, Assessment]) -> None:
    v = view.build(assessments["support-chat"], options("x"))
    assert [o.id for o in v.options] == list(assessments["support-chat"].ranking)
    cats = [g.category for g in v.risk_groups]
    assert cats == sorted(cats, key=lambda c: list(labels.CATEGORY_LABELS).index(c))
    assert all(r.applies_to_recommendation for r in v.top_risks)
    assert v.date == "2026-01-15"


def test_markdown_cells_and_clauses() -> None:
    assert cell("a | b\nc_d") == r"a \| b c\_d"
    assert labels.clause("Runs fail") == "runs fail"
    assert labels.clause("AWS limits") == "AWS limits"
