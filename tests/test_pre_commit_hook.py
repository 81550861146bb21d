"""The pre-commit hook definition (.pre-commit-hooks.yaml) runs ``advisor rules check``."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advisor import yaml_source
from advisor.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BAD_PACKS = ROOT / "tests" / "bad_inputs" / "packs"


def hook() -> dict[str, Any]:
    hooks = yaml_source.load(HOOKS)
    assert isinstance(hooks, list)
    (only,) = [h for h in hooks if h["id"] == "advisor-rules-check"]
    return dict(only)


def run_hook(pack: Path) -> int:
    """What pre-commit runs: the entry, then the args, with the pack folder in place of '.'."""
    entry = shlex.split(hook()["entry"])
    args = [str(pack) if a == "." else a for a in hook()["args"]]
    assert entry[0] == "advisor"  # the console script the package installs
    return CliRunner().invoke(app, [*entry[1:], *args]).exit_code


def test_hook_definition_has_what_pre_commit_requires() -> None:
    h = hook()
    assert {"id", "name", "entry", "language"} <= set(h)
    assert h["language"] == "python"  # pre-commit pip-installs this repository for it
    assert h["pass_filenames"] is False  # a pack is checked whole, never file by file
    assert h["args"] == ["."]
    assert re.search(h["files"], "policy/ACM001-no-self-run-clusters.yaml")
    assert not re.search(h["files"], "README.md")


def test_hook_passes_the_default_pack() -> None:
    assert run_hook(ROOT / "rules" / "agent-runtime") == 0


@pytest.mark.parametrize("bad", ["02-unknown-question", "05-duplicate-id", "07-missing-source"])
def test_hook_fails_a_bad_pack(bad: str) -> None:
    assert run_hook(BAD_PACKS / bad) == 1


def test_hook_passes_a_pack_at_the_root_of_its_own_repository(tmp_path: Path) -> None:
    """The how-to's pack, beside the files a repository has: dot-files are never rules."""
    how_to = (ROOT / "docs" / "how-to" / "write-a-rule-pack.md").read_text(encoding="utf-8")
    for match in re.finditer(
        r"```yaml\n# acme-rules/(?P<name>\S+)\n(?P<body>.*?)```", how_to, re.S
    ):
        (tmp_path / match["name"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / match["name"]).write_text(match["body"], encoding="utf-8")
    assert (tmp_path / "pack.yaml").is_file()
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    assert run_hook(tmp_path) == 0
    (tmp_path / "policy" / "ACM002-broken.yaml").write_text("id: ACM002\n")
    assert run_hook(tmp_path) == 1  # and the pack's own files are still checked
