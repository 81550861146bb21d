"""Benchmark the advisor CLI and engine against baselines measured in the same run.

Reports medians over several runs of:
- wall time of ``python -c pass`` (interpreter floor), ``copier --help`` (the heavy library
  we must not pay for), ``advisor --help`` and ``advisor recommend --format json``;
- in-process assessments per second, sensitivity included, over varied answer sets.

Targets (issue 2): ``advisor --help`` ≤ 0.25 × ``copier --help``; ``recommend`` ≤ 0.4 s on a
2-core machine; ≥ 2,000 assessments/s. Run: ``python bench/advisor_bench.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of a command, after one warm-up run (page cache, pyc)."""
    subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    advisor = str(bin_dir / "advisor")
    copier = shutil.which("copier", path=str(bin_dir)) or "copier"
    answers = ROOT / "tests" / "scenarios" / "customer-support-failure-story.yaml"
    spec_answers = ROOT / "bench" / ".answers.json"
    from advisor import yaml_source

    spec_answers.write_text(json.dumps(yaml_source.load(answers)["answers"]))
    try:
        results = {
            "python_pass_s": wall([sys.executable, "-c", "pass"], args.runs),
            "copier_help_s": wall([copier, "--help"], args.runs),
            "advisor_help_s": wall([advisor, "--help"], args.runs),
            "advisor_recommend_json_s": wall(
                [advisor, "recommend", "--answers", str(spec_answers), "--format", "json"],
                args.runs,
            ),
        }
    finally:
        spec_answers.unlink(missing_ok=True)
    rate, entries = assessments_per_second(3.0)
    results["assessments_per_s"] = rate
    results["sensitivity_entries_per_assessment"] = entries
    results["help_vs_copier_help"] = results["advisor_help_s"] / results["copier_help_s"]
    results["recommend_vs_copier_help"] = (
        results["advisor_recommend_json_s"] / results["copier_help_s"]
    )
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"runs per command: {args.runs} (medians)")
    print(f"python -c pass              {results['python_pass_s'] * 1000:8.1f} ms")
    print(f"copier --help               {results['copier_help_s'] * 1000:8.1f} ms")
    print(
        f"advisor --help              {results['advisor_help_s'] * 1000:8.1f} ms"
        f"   = {results['help_vs_copier_help']:.2f}× copier --help (target ≤ 0.25×)"
    )
    print(
        f"advisor recommend -f json   {results['advisor_recommend_json_s'] * 1000:8.1f} ms"
        "   (target ≤ 400 ms on 2 cores)"
    )
    print(f"assessments/s (with sensitivity) {rate:8.0f}   (target ≥ 2,000)")


if __name__ == "__main__":
    main()
