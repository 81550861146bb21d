"""The command line and the terminal, tested with real processes: colour (a pseudo-terminal
and pipes), a standard output that refuses writes (/dev/full, a closed pipe), the umask of
written files, shell completion and the choices --help lists."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from advisor.architectures import ARCHITECTURES
from advisor.cli.main import app
from advisor.cli.options import Architecture, PortfolioFormat, ReportFormat
from advisor.cli.terminal import EXIT_BROKEN_PIPE, color_wanted
from advisor.report import FORMATS, PORTFOLIO_FORMATS

ESC = "\x1b["
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}


def _on_terminal(args: list[str], env: dict[str, str]) -> str:
    """What ``advisor ARGS`` prints on a real (pseudo-)terminal."""
    child = pexpect.spawn(
        sys.executable, ["-m", "advisor", *args], env={**CLEAN_ENV, "TERM": "xterm", **env},
        encoding="utf-8", timeout=60, dimensions=(40, 120),
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def _piped(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args], env={**CLEAN_ENV, **env},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "env", "colour"),
    [([], {}, True),
     ([], {"NO_COLOR": "1"}, False),
     (["--no-color"], {}, False),
     (["--no-color"], {"FORCE_COLOR": "1"}, False),
     (["--color"], {"NO_COLOR": "1"}, True),
     ([], {"NO_COLOR": ""}, True)],  # an empty NO_COLOR does not count (no-color.org)
)  # fmt: skip
def test_colour_on_a_terminal(args: list[str], env: dict[str, str], colour: bool) -> None:
    shown = _on_terminal([*args, "recommend"], env)
    assert "Recommendation:" in shown
    assert (ESC in shown) is colour


@pytest.mark.parametrize(
    ("args", "env", "colour"),
    [([], {}, False),
     ([], {"FORCE_COLOR": "1"}, True),
     (["--color"], {}, True),
     ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)],  # NO_COLOR wins over FORCE_COLOR
)  # fmt: skip
def test_colour_without_a_terminal(args: list[str], env: dict[str, str], colour: bool) -> None:
    run = _piped([*args, "recommend"], env)
    assert run.returncode == 0, run.stderr
    assert "Recommendation:" in run.stdout
    assert (ESC in run.stdout) is colour


def test_colour_precedence_is_flag_then_environment_then_terminal() -> None:
    assert color_wanted(False, {"FORCE_COLOR": "1"}, True) is False
    assert color_wanted(True, {"NO_COLOR": "1"}, False) is True
    assert color_wanted(None, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True) is False
    assert color_wanted(None, {"FORCE_COLOR": "1"}, False) is True
    assert color_wanted(None, {}, True) is True
    assert color_wanted(None, {}, False) is False


def test_a_report_written_to_a_file_never_has_colour(tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    run = _piped(["--color", "recommend", "-o", str(out)], {"FORCE_COLOR": "1"})
    assert run.returncode == 0, run.stderr
    assert ESC not in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
@pytest.mark.parametrize(
    "args",
    [["recommend", "--defaults"], ["recommend", "--defaults", "-f", "html"], ["rules", "list"]],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-m", "advisor", *args], stdout=full, stderr=subprocess.PIPE,
            text=True, env=CLEAN_ENV, check=False,
        )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == (
        "error: advisor: ADV161: cannot write to standard output: No space left on device\n"
    )


@pytest.mark.parametrize(
    "args", [["recommend", "--defaults", "-f", "html"], ["rules", "list"], ["--help"]]
)
def test_a_reader_that_stopped_early_ends_the_advisor_quietly(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte: every write is EPIPE
    try:
        run = subprocess.run(
            [sys.executable, "-m", "advisor", *args], stdout=write_end, stderr=subprocess.PIPE,
            text=True, env=CLEAN_ENV, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert run.stderr == ""
    assert run.returncode == EXIT_BROKEN_PIPE


def test_head_reads_the_first_line_and_nothing_is_printed_on_stderr() -> None:
    # a real shell pipeline: whatever the timing, never a traceback, never a message
    run = subprocess.run(
        f"{sys.executable} -m advisor recommend --defaults -f html | head -1", shell=True,
        capture_output=True, text=True, env=CLEAN_ENV, check=False,
    )  # fmt: skip
    assert run.stdout == "<!doctype html>\n"
    assert run.stderr == ""


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_follow_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    report = tmp_path / "report.md"
    run = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", "--defaults", "-f", "markdown",
         "-o", str(report)],
        capture_output=True, text=True, env=CLEAN_ENV, check=False,
        preexec_fn=lambda: os.umask(umask),  # the child's umask, set before exec
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert stat.S_IMODE(report.stat().st_mode) == mode


def _complete(words: str) -> list[str]:
    """Shell completion as bash asks for it, from the console script's completion protocol."""
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from advisor.cli.entry import main; "
         "sys.argv[0] = 'advisor'; main()"],
        env={**CLEAN_ENV, "_ADVISOR_COMPLETE": "complete_bash", "COMP_WORDS": words,
             "COMP_CWORD": str(len(words.split(" ")) - 1)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_completion_lists_commands_and_choices() -> None:
    assert {"recommend", "portfolio", "new", "rules"} <= set(_complete("advisor "))
    assert _complete("advisor recommend --format ") == list(FORMATS)
    assert _complete("advisor portfolio x --format ") == list(PORTFOLIO_FORMATS)
    assert _complete("advisor new x --architecture ") == list(ARCHITECTURES)


def test_help_lists_the_choices_and_the_completion_options() -> None:
    runner = CliRunner()
    root = runner.invoke(app, ["--help"]).output
    assert "--install-completion" in root and "--show-completion" in root
    assert "--color / --no-color" in root
    assert "<text|json|markdown|html|adr|csv>" in runner.invoke(app, ["recommend", "--help"]).output
    new_help = runner.invoke(app, ["new", "--help"]).output
    assert "serverless|long_running|hybrid|durable_functions" in new_help


def test_choices_are_the_contract_values_and_case_is_forgiven() -> None:
    assert [f.value for f in ReportFormat] == list(FORMATS)
    assert [f.value for f in PortfolioFormat] == list(PORTFOLIO_FORMATS)
    assert [a.value for a in Architecture] == list(ARCHITECTURES)
    result = CliRunner().invoke(app, ["recommend", "--format", "JSON"])
    assert result.exit_code == 0 and result.stdout.startswith("{")
    result = CliRunner().invoke(app, ["new", "x", "--architecture", "lambda", "--no-input"])
    assert result.exit_code == 2
    assert "'lambda' is not one of 'serverless'" in result.output
