"""Record the current template as a version in templates/agent-service.bundle.

The bundle is the template's release history as a git repository in one file: one commit and
one tag (``v<advisor version>``) per version. ``advisor new`` renders from it so projects
record the version they came from, and ``advisor update`` merges between two versions in it.

    python scripts/build_template_bundle.py          # add a version if the template changed
    python scripts/build_template_bundle.py --check  # exit 1 if the bundle is out of date

A changed template under an already-tagged version is refused: projects generated from that
tag would merge against the wrong base. Bump the version in advisor/__init__.py and
pyproject.toml first.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "agent-service"
BUNDLE = ROOT / "templates" / "agent-service.bundle"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".pytest_cache", ".ruff_cache")
# Fixed identity and dates: the bundle's commits do not depend on who builds it or when.
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "agent-advisor", "GIT_AUTHOR_EMAIL": "advisor@localhost",
    "GIT_COMMITTER_NAME": "agent-advisor", "GIT_COMMITTER_EMAIL": "advisor@localhost",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}  # fmt: skip


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def version() -> str:
    text = (ROOT / "advisor" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    assert found, "advisor/__init__.py has no __version__"
    return found.group(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--version", default=None, help="tag to record (default: advisor's)")
    args = parser.parse_args()
    tag = f"v{args.version or version()}"
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        if args.bundle.is_file():
            git("clone", "-q", str(args.bundle), str(repo), cwd=Path(tmp))
            git("checkout", "-q", "-B", "main", "origin/main", cwd=repo)
            tags = git("tag", "--list", cwd=repo).split()
        else:
            repo.mkdir()
            git("init", "-q", "-b", "main", cwd=repo)
            tags = []
        for item in repo.iterdir():
            if item.name != ".git":
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        shutil.copytree(args.template, repo, dirs_exist_ok=True, ignore=IGNORED)
        git("add", "-A", cwd=repo)
        if not git("status", "--porcelain", cwd=repo).strip() and tags:
            print(f"{args.bundle.name}: up to date ({tags[-1] if tags else 'no tags'})")
            return 0
        if args.check:
            print(f"{args.bundle}: stale; run: python scripts/build_template_bundle.py")
            return 1
        if tag in tags:
            print(
                f"the template changed but {tag} is already recorded; bump the version in "
                "advisor/__init__.py and pyproject.toml, then run this again",
                file=sys.stderr,
            )
            return 1
        git("commit", "-q", "-m", f"agent-service template {tag}", cwd=repo)
        git("tag", tag, cwd=repo)
        git("bundle", "create", "-q", str(args.bundle.resolve()), "--all", cwd=repo)
    print(f"{args.bundle.name}: recorded {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
