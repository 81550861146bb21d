"""Generated docs are up to date, and the check mode really catches staleness."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli.main import app
from advisor.rules.model import RuleSet

ROOT = Path(__file__).resolve().parent.parent


def test_rule_docs_are_current() -> None:
    result = CliRunner().invoke(
        app, ["rules", "docs", "--check", "--out", str(ROOT / "docs/rules")]
    )
    assert result.exit_code == 0, result.output


def test_rule_docs_check_catches_stale_and_extra_pages(tmp_path: Path, ruleset: RuleSet) -> None:
    out = tmp_path / "rules"
    shutil.copytree(ROOT / "docs" / "rules", out)
    first = sorted(r.id for r in ruleset.rules)[0]
    page = out / f"{first}.md"
    page.write_text(page.read_text() + "\nedited by hand\n")
    (out / "ZZZ999.md").write_text("# ZZZ999: a rule that was removed\n")  # a page we generated
    result = CliRunner().invoke(app, ["rules", "docs", "--check", "--out", str(out)])
    assert result.exit_code == 1
    assert f"{first}.md" in result.output
    assert "ZZZ999.md" in result.output
    result = CliRunner().invoke(app, ["rules", "docs", "--out", str(out)])
    assert result.exit_code == 0
    assert not (out / "ZZZ999.md").exists()
    assert CliRunner().invoke(app, ["rules", "docs", "--check", "--out", str(out)]).exit_code == 0


def test_every_rule_has_a_page_with_its_source(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        text = (ROOT / "docs" / "rules" / f"{rule.id}.md").read_text(encoding="utf-8")
        assert rule.title in text
        if rule.source.quote:
            assert rule.source.quote in text


# Documented examples, run as written. Each command must appear verbatim in its page (so a
# changed example fails here until this list follows it), and runs in an empty folder holding
# the files the pages define: a ```yaml block whose first line is `# <file name>` (a page may
# use a file another page defines, as the how-to guides use the tutorial's support-bot.yml).
DOC_FILES = ("README.md", "docs/tutorial/first-report.md", "docs/how-to/write-a-rule-pack.md",
             "docs/how-to/reports-and-portfolios.md")  # fmt: skip
EXAMPLES = {
    "README.md": [
        "advisor recommend --answers support-agent.yml",
        "advisor recommend -a support-agent.yml --format json -o report.json",
        "advisor recommend -a support-agent.yml --set traffic=steady",
        "advisor recommend --set workflow_duration=hours",
        "advisor recommend -a support-agent.yml -f markdown -o report.md",
        "advisor recommend -a support-agent.yml -f html -o report.html",
        "advisor recommend -a support-agent.yml -f adr -o docs/decisions/0001-agent-runtime.md",
        "advisor recommend -a support-agent.yml -f csv",
        "advisor portfolio portfolio.yml -f html -o portfolio.html",
        "advisor new support-agent --answers support-agent.yml",
        "advisor new my-agent --no-input --defaults",
        "advisor rules list",
        "advisor rules show LAT002",
    ],
    "docs/tutorial/first-report.md": [
        "advisor recommend --answers support-bot.yml",
        "advisor recommend --answers support-bot.yml --set traffic=steady",
        "advisor recommend --answers support-bot.yml --format html --output support-bot.html",
        "advisor recommend --answers support-bot.yml --format markdown --output support-bot.md",
        "advisor recommend --answers support-bot.yml --format adr "
        "--output docs/decisions/0001-agent-runtime.md",
    ],
    "docs/how-to/write-a-rule-pack.md": [
        "advisor rules check acme-rules",
        "advisor recommend -a support-bot.yml --rules acme-rules -f markdown",
    ],
    "docs/how-to/reports-and-portfolios.md": [
        "advisor recommend -a support-bot.yml -f html -o support-bot.html",
        "advisor recommend -a support-bot.yml -f csv",
        "advisor portfolio portfolio.yml --format html --output portfolio.html",
    ],
}
DEFINED = re.compile(r"```yaml\n# (?P<name>[\w./-]+)\n(?P<body>.*?)```", re.DOTALL)


def _defined_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for doc in DOC_FILES:
        for match in DEFINED.finditer((ROOT / doc).read_text(encoding="utf-8")):
            files[match["name"]] = match["body"]
    return files


@pytest.mark.parametrize(
    ("doc", "command"),
    [(doc, command) for doc, commands in EXAMPLES.items() for command in commands],
)
def test_documented_example_runs_as_written(
    doc: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
    assert command in text, f"{doc} no longer shows: {command}"
    for name, body in _defined_files().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    for option in ("-o", "--output"):
        args = shlex.split(command)
        if option in args:
            assert (tmp_path / args[args.index(option) + 1]).stat().st_size > 0
