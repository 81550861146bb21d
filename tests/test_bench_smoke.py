"""The benchmark scripts still run (one short round each); their numbers live in docs/."""

from __future__ import annotations

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
