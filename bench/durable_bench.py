"""Durable steps vs plain calls: what the local durable runner's checkpointing costs per step.

The ``durable_functions`` architecture wraps every model and tool call in a durable step
(AWS Durable Execution SDK for Python). This measures, on the SDK's own local runner
(``aws-durable-execution-sdk-python-testing``, the one the generated tests use):

- **plain**: the step body called in-process, ``N`` times in a loop;
- **durable**: one durable execution running the same body as ``N`` sequential steps
  (``context.step``: a START and a SUCCEED checkpoint each, the result serialised), minus
  an execution with no steps — so the fixed cost of starting an execution is not counted
  as per-step cost;
- **replay**: an execution whose ``N`` completed steps are replayed after it resumes from
  a callback (what every resume costs), per step.

Reports medians over ``--samples`` and the ratio durable/plain measured in this run. It is
a benchmark, not a test: it asserts only that the executions succeeded.

If the SDK is not importable here, the script builds a virtual environment for itself
(``$TMPDIR/agent-advisor-durable-bench``, reused later; with ``$DURABLE_PYTHON``, else
``python3.13``, else this interpreter), installs the SDK and its test runner there from
PyPI, and re-runs itself in it.

Usage: ``python bench/durable_bench.py [--steps 200] [--samples 7] [--json out.json]``
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PACKAGES = ["aws-durable-execution-sdk-python>=3.0,<4", "aws-durable-execution-sdk-python-testing"]
VENV = Path(tempfile.gettempdir()) / "agent-advisor-durable-bench"


def python313() -> str:
    """Lambda runs durable functions on python3.13+: that interpreter when there is one
    (``$DURABLE_PYTHON``, ``python3.13`` on PATH, a pyenv install), else this one."""
    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = [os.environ.get("DURABLE_PYTHON"), shutil.which("python3.13")]
    candidates += sorted(glob.glob(f"{pyenv}/versions/3.1[3-9]*/bin/python3"))
    probe = "import sys; sys.exit(sys.version_info < (3, 13))"
    for python in filter(None, candidates):
        try:
            if (
                subprocess.run([python, "-c", probe], capture_output=True, timeout=30).returncode
                == 0
            ):
                return python
        except (OSError, subprocess.SubprocessError):
            continue
    return sys.executable


def ensure_sdk(argv: list[str]) -> None:
    """Re-run this script in a venv that has the SDK, when this interpreter has not."""
    if importlib.util.find_spec("aws_durable_execution_sdk_python_testing") is not None:
        return
    if os.environ.get("DURABLE_BENCH_REEXEC"):
        raise SystemExit("the durable SDK is still missing after installing it")
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([python313(), "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
        check=True,
    )
    env = {**os.environ, "DURABLE_BENCH_REEXEC": "1"}
    raise SystemExit(subprocess.run([str(python), __file__, *argv], env=env).returncode)


def body(i: int) -> dict[str, Any]:
    """A small, JSON-serialisable step result: the shape of a tool call's output."""
    return {"index": i, "output": f"top result for 'query {i}'"}


def time_plain(steps: int) -> float:
    start = time.perf_counter()
    for i in range(steps):
        body(i)
    return time.perf_counter() - start


def make_handler(steps: int, wait_for_callback: bool = False) -> Any:
    from aws_durable_execution_sdk_python import DurableContext, durable_execution

    @durable_execution
    def handler(event: Any, context: DurableContext) -> int:
        for i in range(steps):
            context.step(lambda _, i=i: body(i), name=f"step-{i}")
        if wait_for_callback:
            context.create_callback(name="resume").result()
        return steps

    return handler


def time_execution(steps: int) -> float:
    """Seconds for one execution of ``steps`` steps, from start to its result."""
    from aws_durable_execution_sdk_python.execution import InvocationStatus
    from aws_durable_execution_sdk_python_testing.runner import DurableFunctionTestRunner

    with DurableFunctionTestRunner(handler=make_handler(steps), poll_interval=0.001) as runner:
        start = time.perf_counter()
        result = runner.run(input="{}", execution_timeout=600)
        elapsed = time.perf_counter() - start
    assert result.status is InvocationStatus.SUCCEEDED, result.error
    return elapsed


def wait_for_callback(runner: Any, arn: str, timeout: float = 600) -> str:
    """The id of the execution's callback once it is waiting. (The runner's own
    ``wait_for_callback`` reads only the first page of 100 history events, so it never
    sees the callback of a run with more than ~48 steps; its executor pages.)"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events, marker = [], None
        while True:
            page = runner._executor.get_execution_history(arn, marker=marker)
            events.extend(page.events)
            marker = page.next_marker
            if not marker:
                break
        settled = any(e.event_type == "InvocationCompleted" for e in events)
        for event in events:
            details = event.callback_started_details
            if event.event_type == "CallbackStarted" and details and settled:
                return str(details.callback_id)
        time.sleep(0.001)
    raise TimeoutError("the execution never waited on its callback")


def time_replay(steps: int) -> float:
    """Seconds from completing the callback to the result: a resume replaying ``steps``."""
    from aws_durable_execution_sdk_python.execution import InvocationStatus
    from aws_durable_execution_sdk_python_testing.runner import DurableFunctionTestRunner

    handler = make_handler(steps, wait_for_callback=True)
    with DurableFunctionTestRunner(handler=handler, poll_interval=0.001) as runner:
        arn = runner.run_async(input="{}", execution_timeout=600)
        callback_id = wait_for_callback(runner, arn)
        start = time.perf_counter()
        runner.send_callback_success(callback_id, b"{}")
        result = runner.wait_for_result(arn, timeout=600)
        elapsed = time.perf_counter() - start
    assert result.status is InvocationStatus.SUCCEEDED, result.error
    return elapsed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="steps per execution")
    parser.add_argument("--samples", type=int, default=7, help="executions per measurement")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    ensure_sdk(argv)
    import logging

    logging.disable(logging.WARNING)  # the runner logs every invocation at INFO
    from importlib.metadata import version

    n, samples = args.steps, args.samples
    plain = statistics.median(time_plain(n) for _ in range(max(samples, 5))) / n
    empty = statistics.median(time_execution(0) for _ in range(samples))
    full = statistics.median(time_execution(n) for _ in range(samples))
    replay_0 = statistics.median(time_replay(0) for _ in range(samples))
    replay_n = statistics.median(time_replay(n) for _ in range(samples))
    per_step = (full - empty) / n
    per_replayed = max(replay_n - replay_0, 0.0) / n
    results = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "sdk": version("aws-durable-execution-sdk-python"),
        "runner": version("aws-durable-execution-sdk-python-testing"),
        "steps": n,
        "samples": samples,
        "plain_call_us": plain * 1e6,
        "execution_no_steps_ms": empty * 1e3,
        "execution_with_steps_ms": full * 1e3,
        "durable_step_overhead_us": per_step * 1e6,
        "replayed_step_us": per_replayed * 1e6,
        "ratio_durable_to_plain": per_step / plain if plain else float("inf"),
    }
    print(f"python {results['python']} ({results['machine']}); SDK {results['sdk']}, "
          f"local runner {results['runner']}; {n} steps, median of {samples}")  # fmt: skip
    print(f"plain in-process call        {results['plain_call_us']:10.3f} us")
    print(f"execution with no steps      {results['execution_no_steps_ms']:10.2f} ms")
    print(f"execution with {n} steps {results['execution_with_steps_ms']:13.2f} ms")
    print(f"durable step (checkpointed)  {results['durable_step_overhead_us']:10.1f} us/step")
    print(f"replayed step (on resume)    {results['replayed_step_us']:10.1f} us/step")
    print(f"ratio durable/plain          {results['ratio_durable_to_plain']:10.0f} x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
