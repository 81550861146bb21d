"""Generated docs are up to date, and the check mode really catches staleness."""

from __future__ import annotations

import shutil
from pathlib import Path

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
