"""The built wheel carries rules/ and templates/ and works outside the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_finds_its_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(dist.glob("agent_advisor-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    run = tmp_path / "elsewhere"
    run.mkdir()

    def advisor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(env_dir / "bin" / "advisor"), *args],
            cwd=run, capture_output=True, text=True, check=False,
        )  # fmt: skip

    listed = advisor("rules", "list")
    assert listed.returncode == 0, listed.stderr
    assert "agent-runtime" in listed.stdout
    result = advisor("recommend", "--set", "workflow_duration=hours", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["recommendation"] in ("long_running", "hybrid")
    where = subprocess.run(
        [str(python), "-c",
         "from advisor import resources as r; print(r.rules_dir()); print(r.templates_dir())"],
        cwd=run, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for folder in where:
        assert "site-packages" in folder
        assert Path(folder).is_dir()
    assert (Path(where[1]) / "agent-service" / "copier.yml").is_file()
