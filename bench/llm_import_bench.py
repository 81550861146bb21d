"""Import cost of the official ``openai`` SDK vs ``httpx`` (what the generated client uses).

The generated services talk to OpenAI-compatible servers with a small client over httpx
(``llm.py``); the alternative is the official ``openai`` SDK. A cold-started function
(serverless, durable_functions) pays every import on its first request, so the choice is
made on a measurement, not an assumption. This script times, in fresh processes of the
given interpreter (which must have ``openai`` and ``httpx`` installed):

- ``python -c pass`` (interpreter start, the baseline subtracted from the others);
- ``import httpx``;
- ``import openai`` and ``from openai import AsyncOpenAI`` (the SDK's lazy top level);
- making an ``AsyncOpenAI`` client (what a request actually needs).

Rounds are interleaved (one sample of each per round) so a busy machine slows all alike.
It also reports ``python -X importtime``'s self-reported cumulative time of the top-level
module. Reports medians and the openai/httpx ratio of the import cost net of start-up.

Usage: ``python bench/llm_import_bench.py --python /path/to/venv/bin/python [--runs 21]``
(make the venv with ``python -m venv v && v/bin/pip install openai httpx``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import time

CASES = {
    "baseline (python -c pass)": "pass",
    "import httpx": "import httpx",
    "import openai": "import openai",
    "AsyncOpenAI client made": "from openai import AsyncOpenAI; AsyncOpenAI(api_key='x')",
    "httpx.AsyncClient made": "import httpx; httpx.AsyncClient()",
}


def _time(python: str, code: str) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def _importtime_us(python: str, module: str) -> int:
    """Cumulative microseconds ``-X importtime`` reports for ``module`` itself."""
    out = subprocess.run(
        [python, "-X", "importtime", "-c", f"import {module}"],
        check=True,
        capture_output=True,
        text=True,
    ).stderr
    pattern = re.compile(rf"^import time:\s+\d+ \|\s+(\d+) \|\s*{re.escape(module)}$", re.M)
    found = pattern.findall(out)
    return int(found[-1]) if found else -1


def _version(python: str, module: str) -> str:
    return subprocess.run(
        [python, "-c", f"import importlib.metadata as m; print(m.version('{module}'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="interpreter with openai and httpx")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for code in CASES.values():  # warm the OS page cache once
        _time(args.python, code)
    for _ in range(args.runs):
        for name, code in CASES.items():
            samples[name].append(_time(args.python, code))
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    base = medians["baseline (python -c pass)"]
    net = {name: value - base for name, value in medians.items()}
    importtime = {m: _importtime_us(args.python, m) / 1000 for m in ("httpx", "openai")}
    result = {
        "versions": {m: _version(args.python, m) for m in ("openai", "httpx")},
        "runs": args.runs,
        "median_ms": {k: round(v, 1) for k, v in medians.items()},
        "net_of_startup_ms": {k: round(v, 1) for k, v in net.items()},
        "importtime_cumulative_ms": {k: round(v, 1) for k, v in importtime.items()},
        "ratio_openai_vs_httpx_import": round(net["import openai"] / net["import httpx"], 2),
        "ratio_client_made": round(
            net["AsyncOpenAI client made"] / net["httpx.AsyncClient made"], 2
        ),
        "ratio_importtime": round(importtime["openai"] / importtime["httpx"], 2),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
