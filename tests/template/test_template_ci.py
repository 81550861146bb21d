"""The everyday tooling of every generated repository, checked with the tools that run it.

For each architecture × state store: the GitHub workflows and the Dependabot config pass
zizmor (its offline audits, pedantic) and their schemas (bundled in check-jsonschema),
with every action pinned to a full commit SHA and every job on least privilege; the shell
scripts pass shellcheck; the locks satisfy pyproject.toml, hash every pin and pin no
release with a known advisory; .env.example names every setting compose and the SAM
template read, with no usable secret; the Dockerfile installs the lock in a layer of its
own before the package; and ``pre-commit run --all-files`` passes on a fresh git
repository of the rendering.

CI itself, proved locally: for the largest service variant and for durable_functions, a
fresh virtualenv gets CI's install step (``pip install --require-hashes`` of the dev lock,
then the project with ``--no-deps``) and then runs ``scripts/ci`` and the pre-commit hooks.
The other combinations run ``scripts/ci`` in test_template_combinations.py.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from durable_venv import find_python, make_venv, run
from renderings import Rendered, Renders, combination, on_this_python
from template_harness import REPO, tool

SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
SCRIPTS = ["scripts/ci", "scripts/lock", "scripts/template-update"]
TOOLING = [
    ".github/workflows/ci.yml",
    ".github/workflows/template-update.yml",
    ".github/dependabot.yml",
    ".pre-commit-config.yaml",
    ".env.example",
    "requirements.lock",
    "requirements-dev.lock",
    *SCRIPTS,
]


def _refresh_module() -> Any:
    """scripts/refresh_template_locks.py, which holds the lock checks it also runs."""
    spec = importlib.util.spec_from_file_location(
        "refresh_template_locks", REPO / "scripts" / "refresh_template_locks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


locks = _refresh_module()


def _workflows(root: Path) -> dict[str, dict[str, object]]:
    found = sorted((root / ".github" / "workflows").glob("*.yml"))
    return {path.name: yaml.safe_load(path.read_text()) for path in found}


@combination
def test_every_rendering_has_the_tooling(project: Rendered) -> None:
    root = project.path
    assert [p for p in TOOLING if not (root / p).is_file()] == []
    for script in SCRIPTS:
        assert os.access(root / script, os.X_OK), f"{script} is not executable"
    result = subprocess.run(
        [tool("shellcheck"), *SCRIPTS],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    readme = (root / "README.md").read_text()
    for mention in ("bash scripts/ci", "bash scripts/lock", "pre-commit install",
                    "ADVISOR_REQUIREMENT", "copier check-update"):  # fmt: skip
        assert mention in readme, mention


@combination
def test_workflows_pass_zizmor_and_the_workflow_schema(project: Rendered) -> None:
    root = project.path
    workflows = sorted(str(p) for p in (root / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    dependabot = str(root / ".github" / "dependabot.yml")
    for command in (
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", *workflows,
         dependabot],
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows],
        [tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", dependabot],
    ):  # fmt: skip
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
        assert "No findings to report" in result.stdout or "validation done" in result.stdout


@combination
def test_workflows_pin_actions_and_grant_least_privilege(project: Rendered) -> None:
    answers = yaml.safe_load((project.path / ".copier-answers.yml").read_text())
    for name, workflow in _workflows(project.path).items():
        assert workflow["permissions"] == {}, name  # nothing by default ...
        jobs = workflow["jobs"]
        assert isinstance(jobs, dict)
        for job_name, job in jobs.items():
            granted = job["permissions"]  # ... each job says what it needs
            writes = {scope for scope, level in granted.items() if level == "write"}
            expected = {"contents", "pull-requests"} if name == "template-update.yml" else set()
            assert writes == expected, (name, job_name, granted)
            for step in job["steps"]:
                if "uses" in step:
                    assert SHA_PIN.match(step["uses"]), step["uses"]
                    if step["uses"].startswith("actions/checkout@"):
                        assert step["with"]["persist-credentials"] is False
    ci = _workflows(project.path)["ci.yml"]
    checks = ci["jobs"]["checks"]  # type: ignore[index]
    runs = [step.get("run", "") for step in checks["steps"]]
    assert any("--require-hashes -r requirements-dev.lock" in r for r in runs), runs
    assert runs[-1] == "bash scripts/ci"  # CI runs exactly what the tests run
    setup = next(s for s in checks["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["python-version"] == answers["python_version"]
    postgres = "postgres" in checks.get("services", {})
    assert postgres == (project.state_store == "postgres"), checks.get("services")
    if postgres:
        assert checks["env"]["TEST_DATABASE_URL"].startswith("postgresql://")


def test_the_workflow_linters_catch_what_they_are_here_for(tmp_path: Path) -> None:
    """The linters above can fail: an unpinned action, a persisted token and a pull request
    title spliced into a shell script are each found, and a misspelt key breaks the schema."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v5\n"
        "      - run: echo '${{ github.event.pull_request.title }}'\n"
    )
    zizmor = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert zizmor.returncode != 0
    for audit in ("unpinned-uses", "artipacked", "template-injection"):
        assert audit in zizmor.stdout, zizmor.stdout
    bad.write_text(bad.read_text().replace("runs-on", "run-on"))
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert schema.returncode != 0, schema.stdout


@combination
def test_locks_satisfy_pyproject_and_avoid_known_advisories(project: Rendered) -> None:
    assert locks.lock_problems(project.path) == []
    runtime = {
        name for name, *_ in locks.parse_lock((project.path / "requirements.lock").read_text())
    }
    dev = {
        name for name, *_ in locks.parse_lock((project.path / "requirements-dev.lock").read_text())
    }
    assert runtime < dev  # the dev lock is the runtime lock plus the dev tools

    # ... at the same versions, so what CI tests is what the image runs.
    def pins(lock: str) -> set[tuple[str, str]]:
        text = (project.path / lock).read_text()
        return {(name, str(version)) for name, version, _, _ in locks.parse_lock(text)}

    runtime_pins, dev_pins = pins("requirements.lock"), pins("requirements-dev.lock")
    assert runtime_pins <= dev_pins, sorted(runtime_pins - dev_pins)
    assert {"pytest", "ruff", "mypy", "pre-commit"} <= dev - runtime
    # The lock names this project, not the template's default one.
    slug = yaml.safe_load((project.path / ".copier-answers.yml").read_text())["package_name"]
    assert (
        f"{slug.replace('_', '-')} (pyproject.toml)"
        in (project.path / "requirements.lock").read_text()
    )


def test_lock_check_finds_a_stale_or_vulnerable_lock(tmp_path: Path, renders: Renders) -> None:
    rendered = renders.get("long_running", "redis")
    assert isinstance(rendered, Rendered)
    project = tmp_path / "p"
    shutil.copytree(rendered.path, project)
    lock = project / "requirements-dev.lock"
    text = lock.read_text()
    pinned = re.search(r"^fastapi==(\S+)", text, re.M)
    assert pinned
    lock.write_text(text.replace(f"fastapi=={pinned[1]}", "fastapi==0.100.0", 1)
                    .replace("pytest==", "jinja2==3.1.5 \\\n    --hash=sha256:" + "0" * 64
                             + "\npytest==", 1))  # fmt: skip
    problems = locks.lock_problems(project)
    assert any("fastapi==0.100.0 does not satisfy fastapi>=0.115" in p for p in problems), problems
    assert any("jinja2==3.1.5 has a known advisory" in p for p in problems), problems
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"anyio>=4.4",', '"anyio>=4.4",\n    "tenacity>=8",', 1)
    )
    assert any("tenacity>=8 is declared but not locked" in p for p in locks.lock_problems(project))


@combination
def test_env_example_names_every_setting_and_no_usable_secret(project: Rendered) -> None:
    root = project.path
    text = (root / ".env.example").read_text()
    assigned = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.M))
    mentioned = set(assigned) | set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", text, re.M))
    needed: set[str] = set()
    required: set[str] = set()
    compose = root / "docker-compose.yml"
    if compose.exists():
        for name, kind in re.findall(r"\$\{([A-Z_]+)(:[?-])?", compose.read_text()):
            needed.add(name)
            if kind == ":?":
                required.add(name)
    sam = root / "template.yaml"
    if sam.exists():
        parameters = re.search(r"^Parameters:\n(.*?)^\S", sam.read_text(), re.M | re.S)
        assert parameters
        declared = set(re.findall(r"^  (\w+):", parameters[1], re.M))
        for name, ref in re.findall(r"^\s+([A-Z][A-Z0-9_]+): !Ref (\w+)", sam.read_text(), re.M):
            if ref in declared:  # a deploy parameter, not a resource of the stack
                needed.add(name)
    assert needed, "nothing reads settings?"
    assert sorted(needed - mentioned) == []
    assert sorted(required - set(assigned)) == []
    for name, value in assigned.items():
        assert value == "", f"{name}={value}: .env.example must not ship a usable value"
    secrets = {n for n in needed if re.search(r"TOKEN|PASSWORD|SECRET", n)}
    assert secrets <= set(assigned), "every secret is asked for, on a line of its own"


@combination
def test_dockerfile_installs_the_lock_in_its_own_layer(project: Rendered) -> None:
    dockerfile = project.path / "Dockerfile"
    if project.architecture not in ("long_running", "hybrid"):
        assert not dockerfile.exists()
        return
    lines = [line.strip() for line in dockerfile.read_text().splitlines()]

    def first(predicate: Any) -> int:
        return next(i for i, line in enumerate(lines) if predicate(line))

    lock = first(lambda line: line == "COPY requirements.lock ./")
    install = first(lambda line: "--require-hashes -r requirements.lock" in line)
    package = first(lambda line: line.startswith("COPY agent_service"))
    own = first(lambda line: line.endswith("--no-deps ."))
    assert lock < install < package < own
    assert lines[first(lambda line: line.startswith("HEALTHCHECK")) + 1].startswith("CMD [")
    assert "USER 10001" in lines
    ignored = (project.path / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored  # compose's secrets never reach the build context


def _git_copy(src: Path, dest: Path) -> Path:
    caches = shutil.ignore_patterns(".ruff_cache", ".mypy_cache", ".pytest_cache", "__pycache__")
    shutil.copytree(src, dest, ignore=caches)
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True)
    return dest


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the session: the hygiene hooks install once, from PyPI."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.slow
@on_this_python
def test_pre_commit_hooks_pass_on_the_rendering(
    project: Rendered, tmp_path: Path, pre_commit_home: Path
) -> None:
    """ruff, mypy and the hygiene hooks, as a fresh clone would run them; durable_functions
    (Python 3.13) runs them in test_ci_passes_in_a_virtualenv_from_the_lock."""
    repo = _git_copy(project.path, tmp_path / "repo")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "PYTHONPATH": str(repo),
           "MYPY_CACHE_DIR": str(tmp_path / "mypy"), "RUFF_CACHE_DIR": str(tmp_path / "ruff"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    result = subprocess.run(
        [tool("pre-commit"), "run", "--all-files", "--show-diff-on-failure"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    for hook in ("ruff check", "mypy --strict", "trim trailing whitespace", "check yaml"):
        assert re.search(rf"^{re.escape(hook)}\.+Passed$", result.stdout, re.M), hook
    assert "Skipped" not in result.stdout.split("check toml", 1)[1].splitlines()[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "project",
    [("long_running", "postgres"), ("durable_functions", "external_store")],
    ids=["long_running-postgres", "durable_functions-external_store"],
    indirect=True,
)
def test_ci_passes_in_a_virtualenv_from_the_lock(
    project: Rendered, tmp_path: Path, pre_commit_home: Path
) -> None:
    """CI's steps on a fresh virtualenv: the install step of ci.yml (hash-checked dev lock,
    then the project without dependencies), scripts/ci, then the pre-commit hooks."""
    if project.architecture == "durable_functions":
        python = find_python()
        if python is None:
            pytest.skip("durable_functions needs Python >= 3.13: set DURABLE_PYTHON")
    else:
        python = sys.executable
    repo = _git_copy(project.path, tmp_path / "repo")
    bin_dir = make_venv(python, tmp_path / "venv")
    ci = yaml.safe_load((repo / ".github" / "workflows" / "ci.yml").read_text())
    install = next(
        s["run"] for s in ci["jobs"]["checks"]["steps"] if "Install" in s.get("name", "")
    )
    result = run(f"set -e\n{install}", repo, bin_dir)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    check = run(["python", "-m", "pip", "check"], repo, bin_dir)
    assert check.returncode == 0, check.stdout
    result = run(["bash", "scripts/ci", "-q", "-p", "no:cacheprovider"], repo, bin_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.search(r"\d+ passed", result.stdout) and " failed" not in result.stdout
    hooks = subprocess.run(
        [str(bin_dir / "pre-commit"), "run", "--all-files"],
        cwd=repo, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home),
             "VIRTUAL_ENV": str(bin_dir.parent),
             "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
    )  # fmt: skip
    assert hooks.returncode == 0, hooks.stdout[-5000:] + hooks.stderr[-2000:]
    assert "mypy --strict" in hooks.stdout
