"""``state_store=postgres``: the rendered project against a real PostgreSQL server.

Renders the template with the Postgres store (its own CI script, with the generated test
suite against the server, runs in test_template_combinations.py), checks compose and
Kubernetes carry Postgres, runs the README's dev command both ways (a given
``DATABASE_URL``; a private PostgreSQL), and drives the API and two worker processes
end to end — private Redis for the queue and the event streams, the real PostgreSQL for the
run state — including a worker SIGKILLed mid-step.

The server is ``$TEST_DATABASE_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``,
trust auth); each module run creates its own databases (unique names) and drops them.
Without a reachable server these tests are skipped, saying why.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from template_harness import (
    POSTGRES_ADMIN_URL,
    PrivateRedis,
    Service,
    free_port,
    postgres_unreachable,
    read_sse,
    render,
    run_status,
    running_service,
    wait_final,
    wait_until,
    worker_name,
)

asyncpg = pytest.importorskip("asyncpg", reason="pip install asyncpg (template-test extra)")

pytestmark = pytest.mark.slow

ADMIN_URL = POSTGRES_ADMIN_URL
LEASE_SECONDS = 4
ENV = {
    "CHAOS_TOOLS": "1",
    "LEASE_SECONDS": str(LEASE_SECONDS),
    "MAX_REDELIVERIES": "1",
    "FAKE_LLM_DELAY_MS": "10",
    "GRACE_PERIOD_S": "2",
    "WORKER_CONCURRENCY": "4",
    "DATABASE_POOL_SIZE": "4",
}


def _with_db(url: str, name: str) -> str:
    head, _, _ = url.rpartition("/")
    return f"{head}/{name}"


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _query(url: str, sql: str, *args: Any) -> list[Any]:
    conn = await asyncpg.connect(url, timeout=5)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


def query(url: str, sql: str, *args: Any) -> list[Any]:
    return asyncio.run(_query(url, sql, *args))


@pytest.fixture(scope="module")
def server() -> str:
    reason = postgres_unreachable()
    if reason is not None:
        pytest.skip(reason)
    return ADMIN_URL


@pytest.fixture(scope="module")
def database(server: str) -> Iterator[str]:
    """A fresh database for this module's end-to-end service, dropped afterwards."""
    name = f"tpl_e2e_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield _with_db(server, name)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def pg_rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("pg") / "agent-service", state_store="postgres")


# -- rendering -------------------------------------------------------------------------------


def test_postgres_files_only_when_chosen(pg_rendered: Path, rendered: Path) -> None:
    for rel in [
        "agent_service/state_pg.py",
        "agent_service/pg_database.py",
        "agent_service/pg_server.py",
        "deploy/k8s/postgres.yaml",
        "tests/test_faults_postgres.py",
    ]:
        assert (pg_rendered / rel).is_file(), rel
        assert not (rendered / rel).exists(), rel
    assert "asyncpg>=" in (pg_rendered / "pyproject.toml").read_text()
    assert "asyncpg" not in (rendered / "pyproject.toml").read_text()
    assert (
        "postgres" not in yaml.safe_load((rendered / "docker-compose.yml").read_text())["services"]
    )


def test_compose_and_kubernetes_carry_postgres(pg_rendered: Path) -> None:
    compose = yaml.safe_load((pg_rendered / "docker-compose.yml").read_text())
    services = compose["services"]
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert any(v.startswith("postgres-data:") for v in postgres["volumes"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert "postgres-data" in compose["volumes"]
    for name in ("api", "worker"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in services[name]["environment"]["DATABASE_URL"]
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[name]["environment"]["REDIS_URL"].endswith("@redis:6379/0")
    assert "${POSTGRES_PASSWORD:?" in services["api"]["environment"]["DATABASE_URL"]
    assert postgres["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "POSTGRES_PASSWORD=\n" in (pg_rendered / ".env.example").read_text()

    k8s = pg_rendered / "deploy" / "k8s"
    result = subprocess.run(
        [sys.executable, "-m", "kubernetes_validate", "--strict",
         str(k8s / "postgres.yaml"), str(k8s / "config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") == 3  # StatefulSet, Service, ConfigMap
    docs = [d for d in yaml.safe_load_all((k8s / "postgres.yaml").read_text()) if d]
    assert {d["kind"] for d in docs} == {"StatefulSet", "Service"}
    stateful = next(d for d in docs if d["kind"] == "StatefulSet")
    assert stateful["spec"]["volumeClaimTemplates"]
    assert stateful["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
    # No Secret in git: config.yaml shows how to create it, DATABASE_URL included.
    config = (k8s / "config.yaml").read_text()
    assert [d for d in yaml.safe_load_all(config) if d and d["kind"] == "Secret"] == []
    assert '--from-literal=DATABASE_URL="postgresql://' in config
    policies = [d for d in yaml.safe_load_all((k8s / "network-policy.yaml").read_text()) if d]
    assert any(
        p["spec"]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "postgres"}
        for p in policies
    )

    readme = (pg_rendered / "README.md").read_text()
    adr = (pg_rendered / "docs" / "adr" / "0001-service-shape-and-queue.md").read_text()
    assert "PostgreSQL holds the durable state" in readme
    assert "Redis holds the queue and the per-run event streams" in readme
    assert "DATABASE_URL" in readme
    assert "PostgreSQL holds the durable state" in adr
    assert "Redis (≥ 7.0, AOF on) holds the queue and one event stream per run" in adr


# -- the README's dev command --------------------------------------------------------------------


@pytest.mark.parametrize("given_url", [True, False], ids=["DATABASE_URL", "private-postgres"])
def test_dev_runner_works_with_postgres(
    pg_rendered: Path, server: str, tmp_path: Path, given_url: bool
) -> None:
    """``python -m agent_service.dev``: with ``DATABASE_URL`` it uses that database (and
    creates it); without, it starts a private PostgreSQL (initdb; as root, as the
    ``postgres`` user)."""
    name = f"tpl_dev_{uuid.uuid4().hex[:12]}"
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(pg_rendered),
        "PORT": str(port),
        "FAKE_LLM_DELAY_MS": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    if given_url:
        env["DATABASE_URL"] = _with_db(server, name)
    log = tmp_path / "dev.log"
    with log.open("wb") as out:
        dev = subprocess.Popen(
            [sys.executable, "-m", "agent_service.dev"],
            cwd=pg_rendered,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        headers = {"Authorization": "Bearer dev-token-change-me"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as client:

            def ready() -> bool:
                assert dev.poll() is None, log.read_text()
                try:
                    return client.get("/readyz").status_code == 200
                except httpx.TransportError:
                    return False

            wait_until(ready, 60, "the dev runner's API")
            run_id = client.post("/runs", json={"input": "calculator(2*21)"}).json()["run_id"]
            final = wait_final(client, run_id, 60)
            assert final["status"] == "succeeded", log.read_text()
            assert "2*21 = 42" in final["output"]
    finally:
        dev.send_signal(signal.SIGINT)
        try:
            dev.wait(timeout=60)
        except subprocess.TimeoutExpired:
            dev.kill()
            raise
        if given_url:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    assert dev.returncode == 0, log.read_text()
    banner = log.read_text()
    if given_url:
        assert "run state in DATABASE_URL" in banner
    else:
        assert "run state in a private PostgreSQL" in banner


# -- end to end: API + 2 workers, Redis for queue/events, PostgreSQL for state --------------------


@pytest.fixture(scope="module")
def e2e(pg_rendered: Path, database: str) -> Iterator[tuple[Service, PrivateRedis]]:
    env = {**ENV, "DATABASE_URL": database}
    with running_service(pg_rendered, workers=2, env_overrides=env) as started:
        yield started


@pytest.fixture
def client(e2e: tuple[Service, PrivateRedis]) -> Iterator[httpx.Client]:
    with e2e[0].client() as c:
        yield c


def create(client: httpx.Client, text: str, **extra: object) -> str:
    response = client.post("/runs", json={"input": text, **extra})
    assert response.status_code == 202, response.text
    return str(response.json()["run_id"])


def attempts(database: str, run_id: str) -> dict[int, int]:
    rows = query(
        database, "SELECT step, attempts FROM agent_step_attempts WHERE run_id = $1", run_id
    )
    return {r["step"]: r["attempts"] for r in rows}


def test_runs_live_in_postgres_and_events_in_redis(
    e2e: tuple[Service, PrivateRedis], client: httpx.Client, database: str
) -> None:
    session = f"s-{uuid.uuid4().hex[:8]}"
    key = uuid.uuid4().hex
    body = {"input": "my project is Bluebird search(x)", "session_id": session}
    first = client.post("/runs", json=body, headers={"Idempotency-Key": key}).json()["run_id"]
    again = client.post("/runs", json=body, headers={"Idempotency-Key": key}).json()["run_id"]
    assert again == first
    # The same key with another body is a conflict, not a silent "here is the first run".
    other = client.post("/runs", json={"input": "other"}, headers={"Idempotency-Key": key})
    assert other.status_code == 409
    assert first in other.json()["detail"]
    events = read_sse(client, first)
    assert events[-1].type == "end"
    assert events[-1].data == {"status": "succeeded"}
    assert [e.type for e in events].count("end") == 1
    assert "token" in [e.type for e in events]
    second = create(client, "what is my project?", session_id=session)
    assert "my project is Bluebird" in wait_final(client, second, 60)["output"]

    (row,) = query(
        database,
        "SELECT status, steps_done, prompt_tokens + completion_tokens AS tokens"
        " FROM agent_runs WHERE run_id = $1",
        first,
    )
    assert (row["status"], row["steps_done"]) == ("succeeded", 3)
    assert row["tokens"] == run_status(client, first)["usage"]["total_tokens"] > 0
    steps = query(database, "SELECT step FROM agent_steps WHERE run_id = $1 ORDER BY step", first)
    assert [r["step"] for r in steps] == [0, 1, 2]
    memory = query(
        database, "SELECT count(*) AS n FROM agent_messages WHERE session_id = $1", session
    )
    assert memory[0]["n"] == 4
    # Redis holds only the queue and the event streams: no run hashes, steps or memory.
    import redis

    r = redis.Redis.from_url(e2e[1].url, decode_responses=True)
    try:
        keys = set(r.scan_iter("run:*")) | set(r.scan_iter("session:*"))
    finally:
        r.close()
    assert keys
    assert all(k.endswith((":events", ":end")) for k in keys), keys


def test_sigkill_mid_step_resumes_without_repeating_committed_steps(
    e2e: tuple[Service, PrivateRedis], client: httpx.Client, database: str
) -> None:
    service = e2e[0]
    service.respawn = False  # the survivor alone must finish the run
    try:
        run_id = create(client, "search(a) search(b) sleep(3000) search(c)")
        first = read_sse(
            client, run_id, stop_when=lambda e: e.type == "step_started" and e.data["step"] == 3
        )
        before = run_status(client, run_id)
        assert (before["current_step"], before["steps_done"]) == (3, 3), before
        victim = worker_name(before)
        survivors = {name for name in service.procs if name not in {"api", victim}}
        killed_at = time.monotonic()
        service.kill(victim)
        second = read_sse(client, run_id, last_event_id=first[-1].id)
        final = wait_final(client, run_id, 60)
        assert final["status"] == "succeeded", service.logs()
        assert worker_name(final) in survivors
        assert final["redeliveries"] == 1
        assert time.monotonic() - killed_at < 4 * LEASE_SECONDS + 10
        # Steps before the killed one ran exactly once, the killed one twice, later once.
        assert attempts(database, run_id) == {0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 5: 1}
        ledger = query(
            database, "SELECT call_key, invocations FROM agent_tool_calls WHERE run_id = $1", run_id
        )
        assert {r["call_key"]: r["invocations"] for r in ledger} == {
            f"{run_id}:1:0": 1,
            f"{run_id}:2:0": 1,
            f"{run_id}:3:0": 2,
            f"{run_id}:4:0": 1,
        }
        committed = query(
            database, "SELECT step FROM agent_steps WHERE run_id = $1 ORDER BY step", run_id
        )
        assert [r["step"] for r in committed] == [0, 1, 2, 3, 4, 5]
        full = read_sse(client, run_id)
        assert [(e.id, e.type, e.data) for e in first + second] == [
            (e.id, e.type, e.data) for e in full
        ]
        assert [e.data for e in full if e.type == "step_restarted"] == [
            {"step": 3, "reason": "worker crashed"}
        ]
        assert [e.data["step"] for e in full if e.type == "step_completed"] == [0, 1, 2, 3, 4, 5]
        assert full[-1].data == {"status": "succeeded"}
    finally:
        service.respawn = True
        wait_until(lambda: service.live_workers() >= 2, 30, "the killed worker to be replaced")


def test_poison_run_is_dead_lettered_in_postgres(
    e2e: tuple[Service, PrivateRedis], client: httpx.Client, database: str
) -> None:
    run_id = create(client, "crash(now)")
    final = wait_final(client, run_id, 120)
    assert final["status"] == "dead_lettered", e2e[0].logs()
    assert final["redeliveries"] == 2
    assert run_id in client.get("/dead-letters").json()["run_ids"]
    (row,) = query(database, "SELECT status, error FROM agent_runs WHERE run_id = $1", run_id)
    assert row["status"] == "dead_lettered"
    assert "DeadLettered" in row["error"]
