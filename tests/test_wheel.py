"""The built wheel carries rules/, templates/ and the compiled rules cache, and works outside
the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from advisor import yaml_source

ROOT = Path(__file__).resolve().parent.parent
# Run inside the installed wheel: load the shipped rules through the cache and without it.
COMPARE = """
import json, os, sys
from advisor import api, resources
from advisor.rules import parse_cache
from advisor.rules.loader import load_shipped

read = parse_cache.reader()
cached = load_shipped((), read)
os.environ[parse_cache.ENV_OFF] = "1"
plain = parse_cache.reader()
uncached = load_shipped((), plain)
scenarios = json.loads(sys.argv[1])
print(json.dumps({
    "shipped": str(resources.compiled_rules_cache()),
    "hits": read.hits, "misses": read.misses, "parsed": plain.misses,
    "same_data": all(
        parse_cache.same(read.parsed()[k], v) for k, v in plain.parsed().items()
    ),
    "same_results": all(
        api.assess(a, cached).to_dict() == api.assess(a, uncached).to_dict() for a in scenarios
    ),
}))
"""


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

    user_cache = tmp_path / "user-cache"
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(user_cache)}
    env.pop("ADVISOR_NO_CACHE", None)
    env.pop("PYTHONPATH", None)

    def advisor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(env_dir / "bin" / "advisor"), *args],
            cwd=run, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip

    listed = advisor("rules", "list")
    assert listed.returncode == 0, listed.stderr
    assert "agent-runtime" in listed.stdout
    result = advisor("recommend", "--set", "workflow_duration=hours", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["recommendation"] in ("long_running", "hybrid")
    assert not user_cache.exists()  # every shipped file was found in the wheel's cache

    scenarios = [
        yaml_source.load(p)["answers"]
        for p in sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))
    ]
    compared = subprocess.run(
        [str(python), "-c", COMPARE, json.dumps(scenarios)],
        cwd=run, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    report = json.loads(compared.stdout)
    assert "site-packages" in report["shipped"]
    assert report["parsed"] >= 60
    assert (report["hits"], report["misses"]) == (report["parsed"], 0)
    assert report["same_data"] and report["same_results"]
    where = subprocess.run(
        [str(python), "-c",
         "from advisor import resources as r; print(r.rules_dir()); print(r.templates_dir())"],
        cwd=run, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for folder in where:
        assert "site-packages" in folder
        assert Path(folder).is_dir()
    assert (Path(where[1]) / "agent-service" / "copier.yml").is_file()
