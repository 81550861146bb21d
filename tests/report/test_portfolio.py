"""``advisor portfolio``: 21 workloads plus one broken file, in every format.

A broken workload must be named with its file and line on stderr and in the summary, must not
hide the others, and must make the exit code 1 after the summary has been written.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import api
from advisor.architectures import ARCHITECTURES
from advisor.cli.main import app
from advisor.errors import InputError
from advisor.report import PORTFOLIO_FORMATS, labels
from advisor.scoring.portfolio import assess_portfolio
from tests.report.schemas import problems

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "portfolio"
FILE = HERE / "portfolio.yml"
GOOD = sorted(p.stem for p in FOLDER.glob("*.yml") if p.stem != "zz-typo-bot")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_folder_has_at_least_20_good_workloads_and_one_broken() -> None:
    assert len(GOOD) >= 20
    assert (FOLDER / "zz-typo-bot.yml").is_file()


@pytest.mark.parametrize("fmt", PORTFOLIO_FORMATS)
def test_every_format_from_a_folder(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"summary.{fmt}"
    code, _, stderr = run("portfolio", str(FOLDER), "--format", fmt, "--output", str(out))
    assert code == 1  # one workload is broken …
    text = out.read_text(encoding="utf-8")  # … and the summary of the others is written
    assert "zz-typo-bot.yml:2: ADV104: workload 'zz-typo-bot': streaming" in stderr
    assert "zz-typo-bot.yml:4: ADV103: workload 'zz-typo-bot': unknown question 'region'" in stderr
    assert f"1 of {len(GOOD) + 1} workloads could not be assessed" in stderr
    for name in GOOD:
        assert name in text
    assert "zz-typo-bot" in text
    if fmt == "json":
        data = json.loads(text)
        assert problems("portfolio", data) == []
        assert data["summary"]["workloads"] == len(GOOD)
        assert sum(data["summary"]["recommendations"].values()) == len(GOOD)
        assert [b["name"] for b in data["broken"]] == ["zz-typo-bot"]
        assert data["broken"][0]["problems"][0]["line"] == 2
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == len(GOOD) + 1
        assert {r["status"] for r in rows} == {"ok", "error"}
        broken = next(r for r in rows if r["status"] == "error")
        assert broken["workload"] == "zz-typo-bot" and "ADV104" in broken["error"]
    elif fmt == "markdown":
        assert "### Recommendations per architecture" in text
        assert "### Most common risks" in text
        assert "### Workloads that could not be assessed" in text
        assert text.count("```mermaid") == len(GOOD)
    else:
        assert text.count('<svg class="chart"') == len(GOOD)
        assert "<script" not in text and "http://" not in text.split("</head>")[0]


def test_yaml_file_of_named_workloads() -> None:
    code, stdout, stderr = run("portfolio", str(FILE), "-f", "json")
    assert code == 1
    # the line of the bad value inside the typo-bot mapping, not line 1
    assert "portfolio.yml:17: ADV104: workload 'typo-bot': workflow_duration: 'days'" in stderr
    data = json.loads(stdout)
    assert [w["name"] for w in data["workloads"]] == [
        "support-bot", "invoice-classifier", "nightly-research"
    ]  # fmt: skip
    assert data["broken"][0]["source"].endswith("portfolio.yml:16")
    assert problems("portfolio", data) == []


def test_all_good_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("workflow_duration: hours\n")
    (tmp_path / "b.json").write_text('{"trigger": "event"}')
    code, stdout, stderr = run("portfolio", str(tmp_path), "-f", "csv")
    assert code == 0, stderr
    assert [r["workload"] for r in csv.DictReader(io.StringIO(stdout))] == ["a", "b"]


def test_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("keep me")
    code, _, stderr = run("portfolio", str(FILE), "-o", str(out))
    assert code == 1 and "--force" in stderr
    assert out.read_text() == "keep me"
    code, _, _ = run("portfolio", str(FILE), "-o", str(out), "--force")
    assert code == 1  # typo-bot is broken, but the summary was written
    assert "support-bot" in out.read_text()


def test_progress_only_when_asked_or_on_a_terminal() -> None:
    _, _, quiet = run("portfolio", str(FILE), "-f", "csv")
    assert "assessing" not in quiet
    _, _, shown = run("portfolio", str(FILE), "-f", "csv", "--progress")
    assert "assessing 1/4 support-bot" in shown
    assert "assessing 4/4 nightly-research" in shown


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- just\n- a list\n", "expected a mapping of workload name"),
        ("a: [unclosed\n", "not valid YAML"),
        ("", "expected a mapping of workload name"),
    ],
)
def test_unusable_portfolio_file_exits_1(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "p.yml"
    path.write_text(content)
    code, stdout, stderr = run("portfolio", str(path))
    assert code == 1 and message in stderr and stdout == ""


def test_empty_folder_and_missing_path(tmp_path: Path) -> None:
    code, _, stderr = run("portfolio", str(tmp_path))
    assert code == 1 and "no answers files" in stderr
    code, _, stderr = run("portfolio", str(tmp_path / "nope.yml"))
    assert code == 1 and "file not found" in stderr


def test_usage_errors_exit_2() -> None:
    code, _, stderr = run("portfolio", str(FILE), "--format", "adr")
    assert code == 2 and "'adr' is not one of 'markdown', 'html', 'csv', 'json'" in stderr


def test_core_reports_progress_and_never_raises_for_one_workload(tmp_path: Path) -> None:
    (tmp_path / "ok.yml").write_text("state: none\n")
    (tmp_path / "bad.yml").write_text("state: [1, 2]\n")
    (tmp_path / "worse.yml").write_text("state: none\n  bad indent: x\n")
    seen: list[tuple[int, int, str]] = []
    result = assess_portfolio(tmp_path, api.load_rules(), lambda *step: seen.append(step))
    assert [w.name for w in result.workloads] == ["ok"]
    assert sorted(b.name for b in result.broken) == ["bad", "worse"]
    assert seen[0] == (0, 3, "bad") and seen[-1] == (3, 3, "")
    with pytest.raises(InputError):
        assess_portfolio(tmp_path / "missing", api.load_rules())


def test_common_risks_and_counts() -> None:
    result = assess_portfolio(FOLDER, api.load_rules())
    counts = result.counts()
    assert set(counts) == set(ARCHITECTURES)
    assert sum(counts.values()) == len(GOOD)
    common = result.common_risks()
    assert common and all(a.count >= b.count for a, b in itertools.pairwise(common))


def test_costs_are_summed_across_workloads() -> None:
    code, stdout, _ = run("portfolio", str(FILE), "-f", "json")
    assert code == 1  # one broken workload
    data = json.loads(stdout)
    assessed = [w["assessment"] for w in data["workloads"]]
    summed = data["summary"]["cost"]
    for arch in ARCHITECTURES:
        expected = sum(a["cost"][arch]["monthly_usd"] for a in assessed)
        assert summed["monthly_usd"][arch] == pytest.approx(expected, abs=0.01)
    on_recommendation = sum(a["cost"][a["recommendation"]]["monthly_usd"] for a in assessed)
    assert summed["recommended_monthly_usd"] == pytest.approx(on_recommendation, abs=0.01)
    common = sum(a["cost_common"]["monthly_usd"] for a in assessed)
    assert summed["common_monthly_usd"] == pytest.approx(common, abs=0.01) and common > 0
    # the typo-bot workload is broken: nothing of it is in the sums
    assert len(assessed) == 3 and problems("portfolio", data) == []
    _, markdown, _ = run("portfolio", str(FILE), "-f", "markdown")
    section = markdown[markdown.index("### Estimated cost of the portfolio") :]
    money = labels.money(summed["recommended_monthly_usd"])
    assert f"| **Each workload on its recommendation** | **{money}** |" in section
