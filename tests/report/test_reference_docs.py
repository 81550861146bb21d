"""The generated reference pages (CLI from --help, platform facts) are current."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from typer.testing import CliRunner

from advisor.cli.main import app
from advisor.docs.reference_pages import CLI_PAGE
from tests.report.conftest import ROOT

REFERENCE = ROOT / "docs" / "reference"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_reference_pages_are_current() -> None:
    code, out = invoke("docs", "reference", "--check", "--out", str(REFERENCE))
    assert code == 0, f"{out}\nrun: advisor docs reference --out docs/reference"


def test_check_catches_stale_pages(tmp_path: Path) -> None:
    out = tmp_path / "reference"
    shutil.copytree(REFERENCE, out)
    (out / CLI_PAGE).write_text((out / CLI_PAGE).read_text() + "\nedited by hand\n")
    code, text = invoke("docs", "reference", "--check", "--out", str(out))
    assert code == 1 and CLI_PAGE in text
    assert invoke("docs", "reference", "--out", str(out))[0] == 0
    assert invoke("docs", "reference", "--check", "--out", str(out))[0] == 0


def test_every_visible_command_is_documented_with_help() -> None:
    page = (REFERENCE / CLI_PAGE).read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    ctx = typer.Context(root, info_name="advisor")
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        if command.hidden:
            assert f"`advisor {name}`" not in page
            continue
        assert f"## `advisor {name}`" in page
        assert command.help, f"advisor {name} has no help text"


def test_every_error_code_comes_from_the_registry() -> None:
    """A code literal outside advisor/error_codes.py could be reused with a second meaning."""
    import re

    import advisor
    from advisor import error_codes

    package = Path(advisor.__file__).parent
    literal = re.compile(r"[\"']ADV\d{3}[\"']")
    offenders = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        if path.name != "error_codes.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []
    assert len({e.name for e in error_codes.REGISTRY.values()}) == len(error_codes.REGISTRY)
    assert "ADV120" in error_codes.REGISTRY and error_codes.NOT_A_PORTFOLIO != "ADV120"
