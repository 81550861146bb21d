"""`advisor new` then `advisor update` from installed wheels, in a fresh venv, with no network."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import B_README_SECTION, ROOT

IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    "test-artifacts", "site", "dist", ".hypothesis",
)  # fmt: skip


def _no_network() -> list[str]:
    """Run commands in a network namespace of their own when the machine allows it."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def _build_wheel(repo: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, str(repo / "scripts" / "build_template_bundle.py")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(repo)],
        check=True, capture_output=True,
    )  # fmt: skip
    return max(out.glob("agent_advisor-*.whl"), key=lambda p: p.stat().st_mtime)


def _bump(repo: Path, version: str) -> None:
    for path, pattern in (
        (repo / "advisor" / "__init__.py", r'__version__ = "[^"]+"'),
        (repo / "pyproject.toml", r'^version = "[^"]+"'),
    ):
        text = path.read_text()
        replacement = pattern.split(" = ")[0].lstrip("^") + f' = "{version}"'
        path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE))


@pytest.mark.slow
def test_update_from_installed_wheels_offline(tmp_path: Path) -> None:
    repo_a = tmp_path / "repo-a"
    shutil.copytree(ROOT, repo_a, ignore=IGNORE)
    wheel_a = _build_wheel(repo_a, tmp_path / "dist-a")
    repo_b = tmp_path / "repo-b"
    shutil.copytree(repo_a, repo_b)
    readme = repo_b / "templates" / "agent-service" / "README.md.jinja"
    readme.write_text(readme.read_text() + B_README_SECTION)
    _bump(repo_b, "99.0.0")
    wheel_b = _build_wheel(repo_b, tmp_path / "dist-b")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*pip, str(wheel_a)], check=True, capture_output=True)
    # Dependencies come from this test's own environment; advisor itself only from the wheel.
    env = {
        "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin",
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "HOME": str(tmp_path),
        "LC_ALL": "C.UTF-8",
    }
    offline = _no_network()

    def advisor(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*offline, str(env_dir / "bin" / "advisor"), *args],
            cwd=cwd, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip

    made = advisor("new", "proj", "--no-input", "--defaults", "--architecture", "long_running")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "proj"
    assert "site-packages" not in (project / ".copier-answers.yml").read_text()
    (project / "proj" / "ours.py").write_text('"""Team code."""\n')
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "ours"], cwd=project, check=True)

    subprocess.run([*pip, "--force-reinstall", str(wheel_b)], check=True, capture_output=True)
    behind = advisor("update", "--check", cwd=project)
    assert behind.returncode == 1, behind.stdout + behind.stderr
    assert "v99.0.0" in behind.stdout
    updated = advisor("update", cwd=project)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert B_README_SECTION.strip() in (project / "README.md").read_text()
    assert (project / "proj" / "ours.py").is_file()
    assert "_commit: v99.0.0" in (project / ".copier-answers.yml").read_text()
