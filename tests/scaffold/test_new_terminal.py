"""`advisor new` interactively in a real terminal (pexpect): pick an architecture, get a repo."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

from advisor import api

DOWN = "\x1b[B"


@pytest.mark.slow
def test_new_interactive_pick_architecture(
    tmp_path: Path, two_version_bundle: tuple[Path, Path]
) -> None:
    answers = {"workflow_duration": "minutes", "steps_per_run": 5, "state": "conversation"}
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers))
    ranking = api.assess(answers, api.load_rules()).ranking
    env = {**os.environ, "TERM": "xterm", "ADVISOR_TEMPLATE_BUNDLE": str(two_version_bundle[0])}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "new", str(tmp_path / "chat-agent"), "--answers", str(answers_file)],
        cwd=tmp_path, env=env, encoding="utf-8", timeout=60, dimensions=(40, 120),
    )  # fmt: skip
    child.expect_exact("Recommendation:")
    child.expect_exact("Generate which architecture?")
    child.send(DOWN * ranking.index("long_running") + "\r")
    child.expect_exact("Created long_running project")
    child.expect_exact("Next steps:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    project = tmp_path / "chat-agent"
    assert "architecture: long_running" in (project / ".copier-answers.yml").read_text()
    assert (project / "chat_agent" / "worker.py").is_file()
