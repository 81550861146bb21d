"""A Python >= 3.13 virtual environment for the durable_functions renderings.

Lambda runs durable functions on python3.13 and later, and the generated project requires
it; the advisor's own environment may be older. The interpreter comes from
``$DURABLE_PYTHON``, this process (when new enough), ``python3.13``/``python3.14`` on PATH
or a pyenv installation.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

MIN_VERSION = (3, 13)


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return (int(out[0]), int(out[1])) if len(out) == 2 else None


def find_python() -> str | None:
    """An interpreter >= 3.13, or None."""
    candidates = [os.environ.get("DURABLE_PYTHON"), sys.executable]
    candidates += [shutil.which(name) for name in ("python3.13", "python3.14")]
    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(f"{pyenv}/versions/3.1[3-9]*/bin/python3"))
    for python in filter(None, candidates):
        version = _version(python)
        if version is not None and version >= MIN_VERSION:
            return python
    return None


def make_venv(python: str, dest: Path) -> Path:
    """A fresh virtual environment at ``dest``; returns its ``bin`` directory."""
    subprocess.run([python, "-m", "venv", str(dest)], check=True, timeout=300)
    return dest / "bin"


def run(
    command: list[str] | str, cwd: Path, bin_dir: Path, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """Run in ``cwd`` with the venv first on PATH (as after ``. .venv/bin/activate``)."""
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(bin_dir.parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        shell=isinstance(command, str),
        executable="/bin/bash" if isinstance(command, str) else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
