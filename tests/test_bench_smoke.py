"""The benchmark scripts still run (one short round each); their numbers live in docs/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.slow
@pytest.mark.parametrize("script", ["advisor_bench.py", "new_bench.py"])
def test_bench_script_runs(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), "--runs", "1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "target" in result.stdout
    if script == "advisor_bench.py":  # the one-run ratio is printed as a number, not asserted
        ratio = re.search(r"^ratio recommend/help\s+(\d+\.\d+)", result.stdout, re.MULTILINE)
        assert ratio is not None, result.stdout
        assert float(ratio.group(1)) > 0


@pytest.mark.slow
def test_durable_bench_runs() -> None:
    # One tiny round; the first run also builds the bench's own venv with the durable SDK.
    result = subprocess.run(
        [sys.executable, str(BENCH / "durable_bench.py"), "--steps", "3", "--samples", "1"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ratio durable/plain" in result.stdout
