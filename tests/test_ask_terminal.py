"""`advisor ask` in a real terminal (pexpect): answer every question, save, show the result."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from advisor import api
from advisor.report.labels import architecture

DOWN = "\x1b[B"


def _spawn(target: Path, tmp_path: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "ask", "--output", str(target)],
        cwd=tmp_path,
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )


@pytest.mark.slow
def test_ask_answers_every_question_and_saves(tmp_path: Path) -> None:
    questions = api.questionnaire().questions
    target = tmp_path / "answers.yml"
    child = _spawn(target, tmp_path)
    expected: dict[str, object] = {}
    # With memory across turns and several steps, every question applies and is asked.
    for number, question in enumerate(questions, start=1):
        child.expect_exact(f"[{number}/{len(questions)}] {question.id}")
        child.expect_exact(question.prompt[:30])
        if question.id == "workflow_duration":
            child.send(DOWN + DOWN)  # seconds → minutes → hours
            expected[question.id] = "hours"
        elif question.id == "steps_per_run":
            child.send("\x7f" * 6 + "7")  # erase the default, type 7
            expected[question.id] = 7
        elif question.id == "state":
            child.send(DOWN + DOWN)  # none → per_run → conversation
            expected[question.id] = "conversation"
        elif question.id == "resume_needed":
            child.send("y")
            expected[question.id] = True
        child.send("\r")
    child.expect_exact("Saved your answers")
    child.expect_exact("Recommendation:")
    child.expect(pexpect.EOF)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before)
    child.close()
    assert child.exitstatus == 0

    saved = api.read_answers(target, [], api.questionnaire())
    for key, value in expected.items():
        assert saved[key] == value
    assert set(saved) == {q.id for q in questions}
    # what was shown is what `recommend` says for the saved file
    out = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", "-a", str(target), "-f", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    recommendation = json.loads(out.stdout)["recommendation"]
    assert recommendation != "serverless"  # hours of compute in one segment: vetoed
    assert shown.lstrip().startswith(architecture(recommendation)), shown[:200]


@pytest.mark.slow
def test_ask_skips_questions_earlier_answers_make_moot(tmp_path: Path) -> None:
    """No state → where it lives is not asked; one step → the loop shape is not asked."""
    questionnaire = api.questionnaire()
    questions = questionnaire.questions
    target = tmp_path / "answers.yml"
    child = _spawn(target, tmp_path)
    transcript = io.StringIO()
    child.logfile_read = transcript
    moot = {"state_location", "loop_shape"}
    for number, question in enumerate(questions, start=1):
        if question.id in moot:
            continue
        child.expect_exact(f"[{number}/{len(questions)}] {question.id}")
        child.expect_exact(question.prompt[:30])
        child.send("\r")  # defaults: one step, no state
    child.expect_exact("Saved your answers")
    child.expect(pexpect.EOF)
    child.close()
    asked = transcript.getvalue()
    assert child.exitstatus == 0
    assert "state_location" not in asked and "loop_shape" not in asked
    saved = api.read_answers(target, [], questionnaire)
    assert saved["state_location"] == "none"
    assert saved["loop_shape"] == "one_invocation"


@pytest.mark.slow
@pytest.mark.parametrize("at_prompt", [True, False], ids=["at-prompt", "between-prompts"])
def test_ask_ctrl_c_writes_nothing(tmp_path: Path, at_prompt: bool) -> None:
    """Ctrl-C inside a prompt is a cancelled prompt; before the prompt has the terminal (while
    the help text prints) it is a SIGINT. Either way: exit 1, nothing written."""
    target = tmp_path / "answers.yml"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "ask", "--output", str(target)],
        cwd=tmp_path,
        env={**os.environ, "TERM": "xterm"},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    child.expect_exact("[1/")
    if at_prompt:
        child.expect_exact("?")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "nothing was written" in child.before
    assert not target.exists()


def test_ask_refuses_to_overwrite_before_asking(tmp_path: Path) -> None:
    target = tmp_path / "answers.yml"
    target.write_text("state: none\n")
    child = pexpect.spawn(
        sys.executable, ["-m", "advisor", "ask", "--output", str(target)],
        cwd=tmp_path, encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "--force" in child.before
    assert target.read_text() == "state: none\n"
