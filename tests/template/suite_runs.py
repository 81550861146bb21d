"""Each rendered combination's own CI script, run in the background while other tests go on.

A generated project's ``bash scripts/ci`` (ruff, mypy --strict, its own tests with real
Redis, PostgreSQL and worker processes) takes minutes, and most of it is waiting: processes
starting, stores restarted by the fault tests, streams kept open. Run one after another
they were most of this suite's time. ``SuiteRuns`` starts the runs the session has selected
as soon as the first template test runs, at most ``AT_ONCE`` at a time, and each test waits
only for its own result, so they overlap with each other and with the tests that follow.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from renderings import Rendered

#: Suites at once: two kept the machine (2 cores) below one runnable process per core on
#: average while halving the wall time; each suite is written to pass under load.
AT_ONCE = 2
TIMEOUT_S = 900


class SuiteRuns:
    """``bash scripts/ci -q`` of each rendering, started in the background on request."""

    def __init__(self, factory: pytest.TempPathFactory, at_once: int = AT_ONCE) -> None:
        self.factory = factory
        self._pool = ThreadPoolExecutor(at_once, thread_name_prefix="generated-suite")
        self._runs: dict[Path, Future[subprocess.CompletedProcess[str]]] = {}
        self._procs: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self, project: Rendered) -> None:
        """Queue ``project``'s CI script unless it is already queued."""
        if project.path not in self._runs:
            caches = self.factory.mktemp(f"ci-{project.architecture}-{project.state_store}")
            self._runs[project.path] = self._pool.submit(self._run, project.path, caches)

    def result(self, project: Rendered) -> subprocess.CompletedProcess[str]:
        """Wait for ``project``'s CI script (starting it if nothing has) and return it."""
        self.start(project)
        return self._runs[project.path].result()

    def close(self) -> None:
        """Drop the queued runs and kill the running ones (a session stopped by -x)."""
        with self._lock:
            self._closed = True
            for proc in self._procs:
                with contextlib.suppress(ProcessLookupError):  # exited meanwhile
                    os.killpg(proc.pid, signal.SIGKILL)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, root: Path, caches: Path) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PYTHON": sys.executable,
            "PYTHONPATH": str(root),
            "PYTHONDONTWRITEBYTECODE": "1",
            # Caches outside the shared rendering, so it stays as rendered for other tests.
            "RUFF_CACHE_DIR": str(caches / "ruff"),
            "MYPY_CACHE_DIR": str(caches / "mypy"),
            "PYTEST_ADDOPTS": "-p no:cacheprovider",
        }
        env.pop("REDIS_URL", None)
        command = ["bash", "scripts/ci", "-q"]
        with self._lock:
            if self._closed:
                raise RuntimeError("the session ended before this suite started")
            # A session of its own: close() kills the script's whole process tree.
            proc = subprocess.Popen(
                command, cwd=root, env=env, text=True, start_new_session=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip
            self._procs.add(proc)
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            stderr += f"\n(killed after {TIMEOUT_S} s)"
        finally:
            with self._lock:
                self._procs.discard(proc)
        return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)
