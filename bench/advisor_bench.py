"""Benchmark the advisor CLI and engine against baselines measured in the same run.

Reports medians over several runs of:
- wall time of ``python -c pass`` (interpreter floor), ``copier --help`` (the heavy library
  we must not pay for), ``advisor --help`` and ``advisor recommend --format json`` (with the
  parsed-rules cache, and with ``ADVISOR_NO_CACHE=1``: every rule file parsed; the answers
  file in JSON, and in YAML as ``advisor ask`` writes it, which needs the YAML parser);
- the ratio recommend / ``--help``, both measured in the same rounds, alternating;
- in-process assessments per second, sensitivity included, over varied answer sets.

Targets: ``recommend`` ≤ 2 × ``advisor --help`` (issue 12); ``advisor --help`` ≤ 0.25 ×
``copier --help``; ≥ 2,000 assessments/s (issue 2). Run: ``python bench/advisor_bench.py
[--runs N]``. The advisor is run from this checkout (``python -m advisor``), with byte-code
caching on (an installed wheel has its .pyc files) and a fresh cache folder that the warm-up
run fills, as the first run in a checkout does (a wheel ships the cache built).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def walls(
    cmds: dict[str, list[str]], runs: int, env: dict[str, dict[str, str]] | None = None
) -> dict[str, float]:
    """Median wall time of each command, after one warm-up run each (page cache, pyc, cache).

    Rounds alternate between the commands, so a burst of load from other processes slows
    them alike and their ratio stays meaningful on a busy machine.
    """
    env = env or {}
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(name: str) -> float:
        start = time.perf_counter()
        subprocess.run(
            cmds[name], capture_output=True, check=True, cwd=ROOT, env={**base, **env.get(name, {})}
        )
        return time.perf_counter() - start

    for name in cmds:
        run(name)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name in cmds:
            times[name].append(run(name))
    return {name: statistics.median(values) for name, values in times.items()}


def assessments_per_second(seconds: float) -> tuple[float, int]:
    from advisor import api
    from advisor.scoring.engine import evaluate

    ruleset = api.load_rules()
    q = ruleset.questionnaire
    base = q.defaults()
    variants = []
    grid = itertools.product(
        q["workflow_duration"].values, q["state"].values, q["streaming"].values,
        q["trigger"].values, (1, 3, 8, 25),
    )  # fmt: skip
    for duration, state, streaming, trigger, steps in grid:
        variants.append(
            {**base, "workflow_duration": duration, "state": state, "streaming": streaming,
             "trigger": trigger, "steps_per_run": steps}
        )  # fmt: skip
    count = 0
    sensitivity_entries = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for answers in variants:
            sensitivity_entries += len(evaluate(answers, ruleset).sensitivity)
            count += 1
    return count / (time.perf_counter() - start), sensitivity_entries // max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    copier = shutil.which("copier", path=str(bin_dir)) or "copier"
    answers = ROOT / "tests" / "scenarios" / "customer-support-failure-story.yaml"
    from advisor import yaml_source

    advisor = [sys.executable, "-m", "advisor"]  # this checkout's code (cwd is ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        chosen = yaml_source.load(answers)["answers"]
        spec_answers = Path(tmp) / "answers.json"
        spec_answers.write_text(json.dumps(chosen))
        yaml_answers = Path(tmp) / "answers.yml"  # as `advisor ask` writes them
        yaml_answers.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in chosen.items()))
        recommend = [*advisor, "recommend", "--answers", str(spec_answers), "--format", "json"]
        recommend_yaml = [*advisor, "recommend", "--answers", str(yaml_answers), "-f", "json"]
        cache = {"ADVISOR_CACHE_DIR": str(Path(tmp) / "cache"), "PYTHONPATH": str(ROOT)}
        results = walls(
            {
                "python_pass_s": [sys.executable, "-c", "pass"],
                "copier_help_s": [copier, "--help"],
                "advisor_help_s": [*advisor, "--help"],
                "advisor_recommend_json_s": recommend,
                "advisor_recommend_uncached_s": recommend,
                "advisor_recommend_yaml_answers_s": recommend_yaml,
            },
            args.runs,
            env={
                "advisor_help_s": cache,
                "advisor_recommend_json_s": cache,
                "advisor_recommend_uncached_s": {**cache, "ADVISOR_NO_CACHE": "1"},
                "advisor_recommend_yaml_answers_s": cache,
            },
        )
    rate, entries = assessments_per_second(3.0)
    results["assessments_per_s"] = rate
    results["sensitivity_entries_per_assessment"] = entries
    results["help_vs_copier_help"] = results["advisor_help_s"] / results["copier_help_s"]
    results["recommend_vs_help"] = results["advisor_recommend_json_s"] / results["advisor_help_s"]
    results["yaml_answers_recommend_vs_help"] = (
        results["advisor_recommend_yaml_answers_s"] / results["advisor_help_s"]
    )
    results["uncached_recommend_vs_help"] = (
        results["advisor_recommend_uncached_s"] / results["advisor_help_s"]
    )
    if args.json:
        print(json.dumps(results, indent=2))
        return
    ms = {k: v * 1000 for k, v in results.items() if k.endswith("_s")}
    print(f"runs per command: {args.runs} (medians, rounds alternate between commands)")
    print(f"python -c pass                 {ms['python_pass_s']:8.1f} ms")
    print(f"copier --help                  {ms['copier_help_s']:8.1f} ms")
    print(
        f"advisor --help                 {ms['advisor_help_s']:8.1f} ms"
        f"   = {results['help_vs_copier_help']:.2f}× copier --help (target ≤ 0.25×)"
    )
    print(f"advisor recommend -f json      {ms['advisor_recommend_json_s']:8.1f} ms")
    print(
        f"  … answers file in YAML       {ms['advisor_recommend_yaml_answers_s']:8.1f} ms"
        f"   = {results['yaml_answers_recommend_vs_help']:.2f}× advisor --help"
    )
    print(
        f"  … with ADVISOR_NO_CACHE=1    {ms['advisor_recommend_uncached_s']:8.1f} ms"
        f"   = {results['uncached_recommend_vs_help']:.2f}× advisor --help"
    )
    print(f"ratio recommend/help           {results['recommend_vs_help']:8.2f}   (target ≤ 2.0)")
    print(f"assessments/s (with sensitivity) {rate:8.0f}   (target ≥ 2,000)")


if __name__ == "__main__":
    main()
