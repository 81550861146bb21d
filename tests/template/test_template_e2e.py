"""End to end: the rendered service's API and two workers as real processes, a private
Redis, HTTP and SSE — including a SIGKILLed worker and a poison run.

Module-scoped: one service for the whole file; the destructive tests come last and the
harness respawns killed workers (under new ids), as a Kubernetes Deployment would.
"""

from __future__ import annotations

import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from template_harness import (
    PrivateRedis,
    Service,
    SseEvent,
    read_sse,
    run_status,
    running_service,
    wait_final,
    wait_until,
    worker_name,
)

pytestmark = pytest.mark.slow

LEASE_SECONDS = 4
ENV = {
    "CHAOS_TOOLS": "1",
    "LEASE_SECONDS": str(LEASE_SECONDS),
    "MAX_REDELIVERIES": "1",
    "FAKE_LLM_DELAY_MS": "25",
    "GRACE_PERIOD_S": "2",
    "STEP_MAX_ATTEMPTS": "3",
    "RETRY_BASE_DELAY_MS": "20",
    "RETRY_MAX_DELAY_MS": "100",
    "FLAKY_FAILURES": "2",
    "WORKER_CONCURRENCY": "4",
}


@pytest.fixture(scope="module")
def e2e(rendered: Path) -> Iterator[tuple[Service, PrivateRedis]]:
    with running_service(rendered, workers=2, env_overrides=ENV) as started:
        yield started


@pytest.fixture
def client(e2e: tuple[Service, PrivateRedis]) -> Iterator[httpx.Client]:
    with e2e[0].client() as c:
        yield c


@pytest.fixture
def store(e2e: tuple[Service, PrivateRedis]) -> Iterator[redis.Redis]:
    r = redis.Redis.from_url(e2e[1].url, decode_responses=True)
    yield r
    r.close()


def create(client: httpx.Client, text: str, **extra: object) -> str:
    response = client.post("/runs", json={"input": text, **extra})
    assert response.status_code == 202, response.text
    return str(response.json()["run_id"])


def attempts(store: redis.Redis, run_id: str) -> dict[int, int]:
    return {int(k): int(v) for k, v in store.hgetall(f"run:{{{run_id}}}:attempts").items()}


def tool_ledger(store: redis.Redis, run_id: str) -> dict[str, int]:
    return {k: int(v) for k, v in store.hgetall(f"run:{{{run_id}}}:tool_calls").items()}


def test_tokens_stream_incrementally_before_the_run_ends(client: httpx.Client) -> None:
    run_id = create(client, "please explain in a few words how queues help search(queues)")
    status_at_first_token: list[str] = []

    def on_event(event: SseEvent) -> bool:
        if event.type == "token" and not status_at_first_token:
            status_at_first_token.append(run_status(client, run_id)["status"])
        return False

    events = read_sse(client, run_id, stop_when=on_event)
    tokens = [e for e in events if e.type == "token"]
    end = events[-1]
    assert end.type == "end"
    assert end.data == {"status": "succeeded"}
    assert status_at_first_token == ["running"]
    assert len(tokens) >= 5  # ~20 tokens; a slow Redis write may coalesce a few
    # Tokens arrive spread out (25 ms apart at the source), not in one burst at the end.
    assert end.received_at - tokens[0].received_at > 0.2
    assert len({round(t.received_at, 2) for t in tokens}) > len(tokens) // 2
    ids = [e.id for e in events]
    assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("-"))))
    final = run_status(client, run_id)
    assert final["output"].startswith("You said:")
    assert (
        final["usage"]["total_tokens"]
        == (final["usage"]["prompt_tokens"] + final["usage"]["completion_tokens"])
        > 0
    )


def test_session_memory_is_used_by_the_next_run(client: httpx.Client) -> None:
    session = f"s-{uuid.uuid4().hex[:8]}"
    first = create(client, "my project is called Bluebird", session_id=session)
    assert wait_final(client, first, 60)["status"] == "succeeded"
    second = create(client, "what is my project called?", session_id=session)
    result = wait_final(client, second, 60)
    assert result["status"] == "succeeded"
    assert "my project is called Bluebird" in result["output"]
    other = create(client, "what is my project called?", session_id=f"{session}-other")
    assert "Bluebird" not in wait_final(client, other, 60)["output"]


def test_same_idempotency_key_same_run(client: httpx.Client) -> None:
    key = uuid.uuid4().hex
    first = client.post("/runs", json={"input": "hi"}, headers={"Idempotency-Key": key})
    second = client.post("/runs", json={"input": "hi"}, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 202
    assert first.json()["run_id"] == second.json()["run_id"]
    assert wait_final(client, first.json()["run_id"], 60)["status"] == "succeeded"
    third = client.post("/runs", json={"input": "hi"}, headers={"Idempotency-Key": key})
    assert third.json()["run_id"] == first.json()["run_id"]
    assert third.json()["status"] == "succeeded"


def test_no_token_is_401_and_nothing_runs(
    e2e: tuple[Service, PrivateRedis], store: redis.Redis
) -> None:
    before = sorted(store.scan_iter("run:*"))
    for token in (None, "wrong-token"):
        with e2e[0].client(token) as anonymous:
            assert anonymous.post("/runs", json={"input": "search(x)"}).status_code == 401
            assert anonymous.get("/runs/whatever").status_code == 401
            assert anonymous.get("/runs/whatever/events").status_code == 401
            assert anonymous.post("/runs/whatever/cancel").status_code == 401
    assert sorted(store.scan_iter("run:*")) == before


def test_cancelled_run_stops_and_stays_cancelled(client: httpx.Client, store: redis.Redis) -> None:
    run_id = create(client, "sleep(20000) search(never)")
    wait_until(lambda: attempts(store, run_id).get(1) == 1, 30, "the sleep step to start")
    response = client.post(f"/runs/{run_id}/cancel")
    assert response.status_code == 202
    assert response.json()["cancel_requested"] or response.json()["status"] == "cancelled"
    started = time.monotonic()
    assert wait_final(client, run_id, 15)["status"] == "cancelled"
    assert time.monotonic() - started < 10  # well before the 20 s step would have ended
    # Past two leases, no worker has picked it up again.
    deadline = time.monotonic() + 2 * LEASE_SECONDS + 1
    while time.monotonic() < deadline:
        assert run_status(client, run_id)["status"] == "cancelled"
        time.sleep(0.25)
    assert attempts(store, run_id) == {0: 1, 1: 1}
    events = read_sse(client, run_id)
    assert events[-1].data == {"status": "cancelled"}


def test_flaky_tool_retries_and_succeeds(client: httpx.Client, store: redis.Redis) -> None:
    run_id = create(client, "flaky(payment)")
    events = read_sse(client, run_id)
    assert events[-1].data == {"status": "succeeded"}
    assert [e.data["attempt"] for e in events if e.type == "retry"] == [1, 2]
    assert tool_ledger(store, run_id) == {f"{run_id}:1:0": 3}
    assert "flaky succeeded on invocation 3" in run_status(client, run_id)["output"]


def test_always_failing_tool_fails_the_run(client: httpx.Client) -> None:
    run_id = create(client, "search(a) broken(b)")
    status = wait_final(client, run_id, 60)
    assert status["status"] == "failed"
    assert status["error"]["step"] == 2
    assert status["error"]["type"] == "TransientError"
    assert "broken upstream is unavailable" in status["error"]["message"]
    assert status["steps_done"] == 2


def test_sigterm_releases_the_run_at_a_step_boundary(
    e2e: tuple[Service, PrivateRedis], client: httpx.Client, store: redis.Redis
) -> None:
    service = e2e[0]
    service.respawn = False
    try:
        # The 1 s step fits in the 2 s grace period, so the worker finishes it, hands the
        # run back at the step boundary and exits; the other worker continues.
        run_id = create(client, "sleep(1000) search(b) search(c)")
        wait_until(lambda: attempts(store, run_id).get(1) == 1, 30, "the sleep step to start")
        owner = worker_name(run_status(client, run_id))
        survivors = {name for name in service.procs if name not in {"api", owner}}
        proc = service.procs[owner]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) is not None
        final = wait_final(client, run_id, 60)
        assert final["status"] == "succeeded", service.logs()
        assert worker_name(final) in survivors
        assert final["redeliveries"] == 0  # a graceful hand-back is not a crash
        assert attempts(store, run_id) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}
        events = read_sse(client, run_id)
        assert "run_released" in [e.type for e in events]
        assert "step_restarted" not in [e.type for e in events]
    finally:
        service.respawn = True
        wait_until(lambda: service.live_workers() >= 2, 30, "the stopped worker to be replaced")


def test_sigkill_mid_step_resumes_on_the_other_worker(
    e2e: tuple[Service, PrivateRedis], client: httpx.Client, store: redis.Redis
) -> None:
    service = e2e[0]
    service.respawn = False  # the survivor alone must finish the run
    try:
        run_id = create(client, "search(a) search(b) sleep(4000) search(c)")
        first = read_sse(
            client, run_id, stop_when=lambda e: e.type == "step_started" and e.data["step"] == 3
        )
        before = run_status(client, run_id)
        assert before["current_step"] == 3, before
        assert before["steps_done"] == 3
        victim = worker_name(before)
        survivors = {name for name in service.procs if name not in {"api", victim}}
        service.kill(victim)
        # Reconnect from the last event seen, while the run is still being recovered.
        second = read_sse(client, run_id, last_event_id=first[-1].id)
        final = wait_final(client, run_id, 60)
        assert final["status"] == "succeeded", service.logs()
        assert worker_name(final) in survivors
        assert final["redeliveries"] == 1
        # Steps before the killed one ran exactly once, the killed one twice, later once.
        assert attempts(store, run_id) == {0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 5: 1}
        assert tool_ledger(store, run_id) == {
            f"{run_id}:1:0": 1,
            f"{run_id}:2:0": 1,
            f"{run_id}:3:0": 2,
            f"{run_id}:4:0": 1,
        }
        # Nothing missing: the two halves are exactly the full stream.
        full = read_sse(client, run_id)
        assert [(e.id, e.type, e.data) for e in first + second] == [
            (e.id, e.type, e.data) for e in full
        ]
        assert [e.data for e in full if e.type == "step_restarted"] == [
            {"step": 3, "reason": "worker crashed"}
        ]
        assert full[-1].data == {"status": "succeeded"}
    finally:
        service.respawn = True


def test_poison_run_is_dead_lettered(
    e2e: tuple[Service, PrivateRedis], client: httpx.Client
) -> None:
    # crash() SIGKILLs whichever worker runs it; the harness respawns workers.
    run_id = create(client, "crash(now)")
    final = wait_final(client, run_id, 120)
    assert final["status"] == "dead_lettered", e2e[0].logs()
    assert final["redeliveries"] == 2  # MAX_REDELIVERIES=1 → dead on the second redelivery
    assert final["error"]["type"] == "DeadLettered"
    assert run_id in client.get("/dead-letters").json()["run_ids"]
    # The service still works afterwards.
    wait_until(lambda: e2e[0].live_workers() >= 1, 30, "workers to be respawned")
    assert wait_final(client, create(client, "search(after)"), 60)["status"] == "succeeded"
