"""Ctrl-C while `advisor ask` / `advisor new` start up: cancelled, exit 1, nothing written.

A Ctrl-C in a terminal is a SIGINT unless a prompt has the terminal. Sending it after a
sleep would land at a different point on a busy machine than on an idle one (the flake of
issue 12: exit 130 or a KeyboardInterrupt traceback, depending on timing). Here the child
sends itself a real SIGINT at a chosen point of its start-up, the first import of a module,
so each case lands where it says every time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

# Run `python -m advisor ARGS` with a SIGINT sent when MODULE is first imported, or, for a
# point "open:NAME", when a file called NAME is first opened (the shipped rules are read from
# a parsed cache, so no module is imported for the first time while they load).
HARNESS = """
import os, runpy, signal, sys

def sigint_on_open(name):
    fired = []

    def hook(event, args):
        if event == "open" and not fired and str(args[0]).endswith(name):
            fired.append(True)
            os.kill(os.getpid(), signal.SIGINT)

    sys.addaudithook(hook)

class SigintOnImport:
    def __init__(self, module):
        self.module = module

    def find_spec(self, name, path=None, target=None):
        if name == self.module:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

if sys.argv[1].startswith("open:"):
    sigint_on_open(sys.argv[1].removeprefix("open:"))
else:
    sys.meta_path.insert(0, SigintOnImport(sys.argv[1]))
sys.argv = ["advisor", *sys.argv[2:]]
runpy.run_module("advisor", run_name="__main__", alter_sys=True)
"""

# Each point is imported for the first time at that stage of start-up (checked below).
POINTS = {
    "typer": "the commands load",
    "advisor.api": "the command has started",
    "open:questions.yaml": "the rules load",
    "questionary": "the prompts load",
}


def _interrupted(module: str, args: list[str], cwd: Path) -> tuple[int | None, str]:
    child = pexpect.spawn(
        sys.executable, ["-c", HARNESS, module, *args],
        cwd=cwd, env={**os.environ, "TERM": "xterm"}, encoding="utf-8", timeout=60,
        dimensions=(40, 120),
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus is None, f"killed by signal {child.signalstatus}: {child.before}"
    return child.exitstatus, child.before


@pytest.mark.parametrize("module", list(POINTS), ids=list(POINTS.values()))
def test_ask_ctrl_c_during_start_up_is_cancelled(tmp_path: Path, module: str) -> None:
    target = tmp_path / "answers.yml"
    code, shown = _interrupted(module, ["ask", "--output", str(target)], tmp_path)
    assert code == 1, shown
    assert "error: cancelled; nothing was written" in shown
    assert "Traceback" not in shown
    assert "[1/" not in shown  # interrupted before the first question, as intended
    assert not target.exists()


@pytest.mark.parametrize("module", ["advisor.api", "open:questions.yaml", "questionary"])
def test_new_ctrl_c_before_generating_is_cancelled(tmp_path: Path, module: str) -> None:
    dest = tmp_path / "agent"
    code, shown = _interrupted(module, ["new", str(dest)], tmp_path)
    assert code == 1, shown
    assert "error: cancelled; nothing was written" in shown
    assert "Traceback" not in shown
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_in_any_other_command_exits_1_not_130(tmp_path: Path) -> None:
    """Commands that do not promise "nothing was written" still exit 1, without a traceback."""
    code, shown = _interrupted("open:questions.yaml", ["rules", "list"], tmp_path)
    assert code == 1, shown
    assert "error: cancelled" in shown
    assert "nothing was written" not in shown
    assert "Traceback" not in shown


def test_the_points_are_reached_in_start_up_order() -> None:
    """None of the points is imported by the entry point, typer by the commands, the others
    only once a command runs: else a case above would interrupt another stage than it says."""
    probe = (
        f"import sys\nPOINTS = {[p for p in POINTS if ':' not in p]!r}\n"
        "import advisor.cli.entry\n"
        "print([m for m in POINTS if m in sys.modules])\n"
        "import advisor.cli.main\n"
        "print([m for m in POINTS if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == ["[]", "['typer']"], out
