"""Regenerate the lock files the agent-service template ships (requirements*.lock).

Renderings whose pyproject.toml declares the same dependencies share one lock variant
(``templates/agent-service/_partials/lock-variant.jinja`` says which rendering gets which).
For each variant this renders the template, puts the current locks in place, and runs the
rendered project's own ``scripts/lock`` (``uv pip compile --universal --generate-hashes``,
PyPI), so the template ships exactly what a generated project's refresh produces. Pins already
locked are kept unless pyproject.toml no longer allows them or ``--upgrade`` is given.

    python scripts/refresh_template_locks.py            # after changing pyproject.toml.jinja
    python scripts/refresh_template_locks.py --upgrade  # every package to its newest release
    python scripts/refresh_template_locks.py --check    # offline: each lock satisfies its
                                                        # pyproject.toml (exit 1 if not)

Needs uv on PATH (``pip install uv``; it is in the dev extra) for a refresh.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "agent-service"
LOCKS = TEMPLATE / "_partials" / "locks"
LOCK_FILES = ("requirements.lock", "requirements-dev.lock")
# One rendering per lock variant: (variant, copier data).
VARIANTS: dict[str, dict[str, str]] = {
    "serverless": {"architecture": "serverless"},
    "service-redis": {"architecture": "long_running", "state_store": "redis"},
    "service-postgres": {"architecture": "long_running", "state_store": "postgres"},
    "durable": {"architecture": "durable_functions"},
}
# Releases with published advisories that no lock may pin: package → first fixed version.
KNOWN_VULNERABLE_BELOW = {
    "jinja2": "3.1.6",  # CVE-2025-27516: sandbox escape through the |attr filter
    "h11": "0.16.0",  # CVE-2025-43859: request smuggling through chunked bodies
    "starlette": "0.49.1",  # CVE-2025-54121 (multipart), CVE-2025-62727 (Range header DoS)
    "urllib3": "2.5.0",  # CVE-2025-50181/50182: redirects not disabled as configured
    "requests": "2.32.4",  # CVE-2024-47081: .netrc credentials leak to other hosts
    "setuptools": "78.1.1",  # CVE-2025-47273: path traversal in PackageIndex
}
PIN = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$"
)


def parse_lock(text: str) -> list[tuple[str, Version, str | None, int]]:
    """The pins of a lock: (canonical name, version, marker or None, number of hashes)."""
    pins: list[tuple[str, Version, str | None, int]] = []
    for line in text.splitlines():
        if line.startswith("--hash="):
            raise ValueError(f"unexpected hash line without indentation: {line}")
        stripped = line.strip()
        if stripped.startswith("--hash=") and pins:
            name, pinned, marker, hashes = pins[-1]
            pins[-1] = (name, pinned, marker, hashes + 1)
            continue
        if not stripped or stripped.startswith("#") or line[0].isspace():
            continue
        match = PIN.match(stripped)
        if match is None:
            raise ValueError(f"not a pinned requirement: {line}")
        pins.append((canonicalize_name(match[1]), Version(match[3]), match[4], 0))
    return pins


def project_requirements(pyproject: Path, extras: bool) -> list[Requirement]:
    """The dependencies pyproject.toml declares, plus those of every extra if ``extras``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in project.get("dependencies", [])]
    if extras:
        for group in project.get("optional-dependencies", {}).values():
            found += [Requirement(r) for r in group]
    return found


def lock_problems(project: Path) -> list[str]:
    """What is wrong with a rendered project's locks (the runtime one; the dev one with every
    extra): a declared dependency that is missing or pinned outside its constraint, a pin
    without hashes, or a known-vulnerable release."""
    problems: list[str] = []
    for lock_name, extras in (("requirements.lock", False), ("requirements-dev.lock", True)):
        lock = project / lock_name
        if not lock.is_file():
            problems.append(f"{lock_name}: missing")
            continue
        pins = parse_lock(lock.read_text(encoding="utf-8"))
        versions: dict[str, list[Version]] = {}
        for name, version, _, hashes in pins:
            versions.setdefault(name, []).append(version)
            if hashes == 0:
                problems.append(f"{lock_name}: {name}=={version} has no --hash")
            fixed = KNOWN_VULNERABLE_BELOW.get(name)
            if fixed is not None and version < Version(fixed):
                problems.append(f"{lock_name}: {name}=={version} has a known advisory (< {fixed})")
        for requirement in project_requirements(project / "pyproject.toml", extras):
            name = canonicalize_name(requirement.name)
            if name not in versions:
                problems.append(f"{lock_name}: {requirement} is declared but not locked")
                continue
            outside = [v for v in versions[name] if v not in requirement.specifier]
            if outside:
                problems.append(f"{lock_name}: {name}=={outside[0]} does not satisfy {requirement}")
    return problems


def render(dest: Path, data: dict[str, str]) -> Path:
    import copier

    copier.run_copy(str(TEMPLATE), str(dest), data=data, defaults=True, unsafe=False, quiet=True)
    return dest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the locks (offline)")
    parser.add_argument("--upgrade", action="store_true", help="move every pin to its newest")
    parser.add_argument("--variant", choices=sorted(VARIANTS), action="append")
    args = parser.parse_args()
    failed = False
    for variant in args.variant or list(VARIANTS):
        with tempfile.TemporaryDirectory(prefix=f"locks-{variant}-") as tmp:
            project = render(Path(tmp) / "agent-service", VARIANTS[variant])
            if not args.check:
                uv = os.environ.get("UV") or shutil.which("uv")
                if uv is None:
                    print("uv not found: pip install uv", file=sys.stderr)
                    return 2
                extra = ["--upgrade"] if args.upgrade else []
                subprocess.run(
                    ["bash", "scripts/lock", *extra],
                    cwd=project,
                    env={**os.environ, "UV": uv},
                    check=True,
                )
                (LOCKS / variant).mkdir(parents=True, exist_ok=True)
                for name in LOCK_FILES:
                    # .jinja like every template file; included verbatim by the lock's own.
                    shutil.copyfile(project / name, LOCKS / variant / f"{name}.jinja")
                project = render(Path(tmp) / "again", VARIANTS[variant])
            problems = lock_problems(project)
            for problem in problems:
                print(f"{variant}: {problem}", file=sys.stderr)
            failed = failed or bool(problems)
            print(f"{variant}: {'stale' if problems else 'ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
