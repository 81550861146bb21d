"""The generated project installs with pip, and its dev runner works.

Its own test suite runs for every architecture × state store in
test_template_combinations.py::test_own_test_suite_passes."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_generated_project_pip_installs(tmp_path: Path, rendered: Path) -> None:
    """A real ``pip install`` into a fresh venv. Dependencies come from this project's
    environment (a .pth file), so the check needs no network; ``pip check`` then proves the
    generated project's declared dependencies are all satisfied by them."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "host-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-input",
         "--disable-pip-version-check", str(rendered)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    check = subprocess.run(
        [str(python), "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    problems = [line for line in check.stdout.splitlines() if line.startswith("agent-service ")]
    assert problems == [], check.stdout
    probe = subprocess.run(
        [str(python), "-c",
         "import agent_service.api, agent_service.worker, agent_service, sys;"
         "print(agent_service.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert str(target) in probe.stdout  # imported from the install, not the source tree
    assert (target / "bin" / "agent-service-api").exists()
    assert (target / "bin" / "agent-service-worker").exists()


def _non_loopback_address() -> str | None:
    """This machine's address on its default route, or None when it has only loopback."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent for UDP connect
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def test_dev_runner_starts_api_worker_and_redis(tmp_path: Path, rendered: Path) -> None:
    """The README's first command: one process tree with a private Redis, the API and a
    worker; Ctrl-C (SIGINT) stops all of it."""
    import signal
    import socket
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(rendered),
        "PORT": str(port),
        "FAKE_LLM_DELAY_MS": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    log = tmp_path / "dev.log"
    with log.open("wb") as out:
        dev = subprocess.Popen(
            [sys.executable, "-m", "agent_service.dev"],
            cwd=rendered,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        headers = {"Authorization": "Bearer dev-token-change-me"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert dev.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
            # Development mode accepts the well-known token, so it listens on loopback only.
            outside = _non_loopback_address()
            if outside is not None:
                with pytest.raises(ConnectionRefusedError):
                    socket.create_connection((outside, port), 2).close()
            run_id = client.post("/runs", json={"input": "calculator(2*21)"}).json()["run_id"]
            deadline = time.monotonic() + 60
            while (status := client.get(f"/runs/{run_id}").json())["status"] != "succeeded":
                assert time.monotonic() < deadline, (status, log.read_text())
                time.sleep(0.1)
            assert "2*21 = 42" in status["output"]
    finally:
        dev.send_signal(signal.SIGINT)
        try:
            dev.wait(timeout=60)
        except subprocess.TimeoutExpired:
            dev.kill()
            raise
    assert dev.returncode == 0, log.read_text()
