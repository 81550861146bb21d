"""Cold vs warm: the same agent step run by a warm process and by a cold-started function.

Renders the agent-service template with ``architecture=serverless``, starts a private
Redis, and runs the generated HTTP handler (``functions/http.py``: parse the API Gateway
event, load the session's memory from Redis, one model call on the fake model, append the
turn) two ways:

- **warm**: one process that stays up, as a long-running worker (or a warm Lambda
  container) does — imports done, clients created; steps arrive over a pipe and the time
  is from sending the event to reading the response;
- **cold**: a fresh Python process per step — interpreter start, imports, client creation
  (event loop, Redis pool, model), the invocation — timed from spawning the process to
  reading the response, as a cold start is paid before the first byte.

Then a 5-step workflow (one conversation, memory carried by reference in Redis) both ways,
and the cold step again with a heavy dependency set imported first (a generated module
importing the large libraries found installed here). Reports medians and cold/warm ratios.
It is a benchmark, not a test: it asserts only that the steps really worked.

Usage: ``python bench/cold_warm_bench.py [--samples 30] [--json out.json]``
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "templates" / "agent-service"
PACKAGE = "agent_service"
TOKEN = "bench-token-0123456789"  # the service refuses tokens under 16 characters
WORKFLOW_STEPS = 5
# Large libraries an agent function commonly pulls in (model SDKs, validation, HTTP,
# numerics, the AWS SDK); the bench imports those that are installed and says which.
HEAVY_CANDIDATES = [
    "pydantic", "fastapi", "httpx", "requests", "numpy", "pandas", "boto3",
    "openai", "anthropic", "langchain_core", "sqlalchemy", "asyncpg", "jinja2",
]  # fmt: skip

CONTEXT = """\
class Context:  # stands in for the Lambda context object
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self):
        return 29_000
"""


def child_script(body: str) -> str:
    """A child process's script: the stand-in context, then ``body``."""
    return CONTEXT + textwrap.dedent(body).replace("PACKAGE", PACKAGE)


COLD_CHILD = child_script(
    """
    import time
    started = time.time()
    t0 = time.perf_counter()
    import sys
    if sys.argv[2] == "heavy":
        import bench_heavy_deps  # noqa: F401
    t1 = time.perf_counter()
    from PACKAGE.functions.http import handler
    t2 = time.perf_counter()
    import json
    response = handler(json.loads(sys.argv[1]), Context())
    t3 = time.perf_counter()
    sys.stdout.write(json.dumps({
        "started": started, "heavy_s": t1 - t0, "import_s": t2 - t1, "invoke_s": t3 - t2,
        "status": response["statusCode"], "body": response["body"],
    }) + "\\n")
    sys.stdout.flush()
    """
)

WARM_WORKER = child_script(
    """
    import json, sys
    from PACKAGE.functions.http import handler
    for line in sys.stdin:
        response = handler(json.loads(line), Context())
        sys.stdout.write(json.dumps(
            {"status": response["statusCode"], "body": response["body"]}) + "\\n")
        sys.stdout.flush()
    """
)


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def render(dest: Path) -> Path:
    import copier

    copier.run_copy(
        str(TEMPLATE),
        str(dest),
        data={"architecture": "serverless"},
        defaults=True,
        unsafe=False,
        quiet=True,
    )
    return dest


class Bench:
    def __init__(self, project: Path, heavy_dir: Path, redis_url: str) -> None:
        self.project = project
        sample = json.loads((project / "events" / "http.json").read_text())
        sample["headers"]["authorization"] = f"Bearer {TOKEN}"
        self.sample = sample
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(project), str(heavy_dir)]),
            "REDIS_URL": redis_url,
            "API_TOKEN": TOKEN,
            "LLM_PROVIDER": "fake",
            "FAKE_LLM_DELAY_MS": "0",
            "LOG_LEVEL": "WARNING",
        }

    def event(self, text: str, session_id: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"input": text}
        if session_id:
            body["session_id"] = session_id
        return {**self.sample, "body": json.dumps(body)}

    # -- cold: a fresh interpreter per step -------------------------------------------
    def cold_step(self, event: dict[str, Any], heavy: bool = False) -> dict[str, Any]:
        spawned = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", COLD_CHILD, json.dumps(event), "heavy" if heavy else "-"],
            cwd=self.project,
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        proc.wait(timeout=60)
        out = json.loads(line)
        assert out["status"] == 200, out
        out["total_s"] = elapsed
        out["start_s"] = out["started"] - spawned  # exec + interpreter + site start-up
        out["with_exit_s"] = time.perf_counter() - t0
        return out

    # -- warm: one process, steps over a pipe -----------------------------------------
    def start_warm(self) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", WARM_WORKER],
            cwd=self.project,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(20):  # warm-up: imports, clients, the first Redis connection
            self.warm_step(proc, self.event("warm up", f"warmup-{uuid.uuid4().hex}"))
        return proc

    @staticmethod
    def warm_step(proc: subprocess.Popen[str], event: dict[str, Any]) -> dict[str, Any]:
        assert proc.stdin is not None
        assert proc.stdout is not None
        t0 = time.perf_counter()
        proc.stdin.write(json.dumps(event) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        out = json.loads(line)
        assert out["status"] == 200, out
        out["total_s"] = elapsed
        return out


def workflow_inputs() -> list[str]:
    return [f"turn {i + 1}: what should happen next?" for i in range(WORKFLOW_STEPS)]


def check_workflow(last_body: str) -> None:
    """The last step must have seen the earlier turns through Redis (state by reference)."""
    output = json.loads(last_body)["output"]
    assert "Earlier in this conversation you said: turn 1" in output, output


def interpreter_start(samples: int) -> float:
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - t0)
    return median_ms(times)


def heavy_module(dest: Path) -> list[str]:
    """Write ``bench_heavy_deps.py`` importing the installed heavy libraries; return them
    with their versions."""
    found = [m for m in HEAVY_CANDIDATES if importlib.util.find_spec(m) is not None]
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "bench_heavy_deps.py").write_text("".join(f"import {m}\n" for m in found))
    described = []
    for module in found:
        dist = {"jinja2": "Jinja2", "langchain_core": "langchain-core"}.get(module, module)
        try:
            described.append(f"{module} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            described.append(module)
    return described


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30, help="cold samples per row")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    n_cold = args.samples
    n_warm = max(200, n_cold * 5)
    n_workflows = max(5, n_cold // 3)

    tmp = Path(tempfile.mkdtemp(prefix="cold-warm-bench-"))
    project = render(tmp / "agent-service")
    heavy = heavy_module(tmp / "heavy")
    sys.path.insert(0, str(project))
    from agent_service.redis_server import PrivateRedis

    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "heavy_dependency_set": heavy,
        "samples": {"cold": n_cold, "warm": n_warm, "workflows": n_workflows},
    }
    with PrivateRedis() as redis:
        bench = Bench(project, tmp / "heavy", redis.url)
        # Byte code for the generated package, as a deployment package would ship it.
        bench.cold_step(bench.event("compile", None))
        bench.cold_step(bench.event("compile", None), heavy=True)

        results["interpreter_start_ms"] = interpreter_start(n_cold)

        steps: dict[str, dict[str, float]] = {}
        warm = bench.start_warm()
        try:
            for label, session in (("stateless", None), ("with_memory", "s")):
                samples = [
                    bench.warm_step(
                        warm, bench.event("classify: refund", session and uuid.uuid4().hex)
                    )["total_s"]
                    for _ in range(n_warm)
                ]
                steps[label] = {"warm_ms": median_ms(samples)}
            flows = []
            for _ in range(n_workflows):
                sid = uuid.uuid4().hex
                t0 = time.perf_counter()
                for text in workflow_inputs():
                    last = bench.warm_step(warm, bench.event(text, sid))
                flows.append(time.perf_counter() - t0)
                check_workflow(last["body"])
            warm_flow = median_ms(flows)
        finally:
            assert warm.stdin is not None
            warm.stdin.close()
            warm.wait(timeout=30)

        # Cold samples of the three kinds alternate, so that all see the same machine load.
        cold: dict[str, list[dict[str, Any]]] = {"stateless": [], "with_memory": [], "heavy": []}
        for _ in range(n_cold):
            cold["stateless"].append(bench.cold_step(bench.event("classify: refund", None)))
            memory_event = bench.event("classify: refund", uuid.uuid4().hex)
            cold["with_memory"].append(bench.cold_step(memory_event))
            heavy_event = bench.event("classify: refund", uuid.uuid4().hex)
            cold["heavy"].append(bench.cold_step(heavy_event, heavy=True))
        for label in ("stateless", "with_memory"):
            samples = cold[label]
            row = steps[label]
            row.update(
                cold_ms=median_ms([c["total_s"] for c in samples]),
                cold_start_ms=median_ms([c["start_s"] for c in samples]),
                cold_import_ms=median_ms([c["import_s"] for c in samples]),
                cold_invoke_ms=median_ms([c["invoke_s"] for c in samples]),
                cold_with_exit_ms=median_ms([c["with_exit_s"] for c in samples]),
            )
            row["ratio"] = round(row["cold_ms"] / row["warm_ms"], 1)
            row["cold_added_ms"] = round(row["cold_ms"] - row["warm_ms"], 2)
        heavy_ms = median_ms([c["total_s"] for c in cold["heavy"]])
        steps["with_memory_heavy_deps"] = {
            "cold_ms": heavy_ms,
            "cold_added_ms": round(heavy_ms - steps["with_memory"]["warm_ms"], 2),
            "cold_heavy_import_ms": median_ms([c["heavy_s"] for c in cold["heavy"]]),
            "ratio": round(heavy_ms / steps["with_memory"]["warm_ms"], 1),
        }
        results["step"] = steps

        def cold_flow(heavy_deps: bool) -> float:
            """Five cold functions chained: each step's time to its response (the next
            starts when the previous answers; container teardown is off that path)."""
            sid = uuid.uuid4().hex
            elapsed = 0.0
            for text in workflow_inputs():
                last = bench.cold_step(bench.event(text, sid), heavy=heavy_deps)
                elapsed += last["total_s"]
            check_workflow(last["body"])
            return elapsed

        light, heavy_runs = [], []
        for i in range(n_workflows):
            light.append(cold_flow(False))
            if i % 2 == 0:
                heavy_runs.append(cold_flow(True))
        cold_flows, heavy_flows = median_ms(light), median_ms(heavy_runs)
        results["workflow_5_steps"] = {
            "warm_ms": warm_flow,
            "cold_ms": cold_flows,
            "ratio": round(cold_flows / warm_flow, 1),
            "cold_added_ms": round(cold_flows - warm_flow, 2),
            "cold_heavy_deps_ms": heavy_flows,
            "ratio_heavy_deps": round(heavy_flows / warm_flow, 1),
            "cold_heavy_deps_added_ms": round(heavy_flows - warm_flow, 2),
        }
        results["redis"] = subprocess.run(
            [redis.binary, "--version"], capture_output=True, text=True, check=False
        ).stdout.split()[2]
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
