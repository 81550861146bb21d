"""Benchmark ``advisor new`` against plain in-process ``copier.run_copy`` in the same run.

Both render the same template (the versioned bundle, or the folder when no bundle is built)
with the same data into fresh folders; ``advisor new`` additionally assesses the answers,
writes the report, ADR and answers file, makes the first git commit and moves the result
into place. Target (issue 6): ``new`` ≤ 1.3 × ``run_copy``.

    python bench/new_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import copier

    from advisor import api
    from advisor.cli.project_commands import _decision_documents
    from advisor.project import scaffold
    from advisor.project.generate import create
    from advisor.project.template_data import choose, template_data

    ruleset = api.load_rules()
    answers = api.read_answers(None, ["workflow_duration=minutes", "state=conversation"],
                               ruleset.questionnaire)  # fmt: skip
    template = scaffold.source()
    plain: list[float] = []
    advisor_new: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(args.runs + 1):  # the first round warms caches and is dropped
            assessment = api.assess(answers, ruleset)
            choice = choose(assessment, "long_running", force=False)
            data = template_data(answers, choice, f"bench-{i}", f"bench_{i}")
            start = time.perf_counter()
            copier.run_copy(
                str(template.path), root / f"plain-{i}", data=data, vcs_ref=template.version,
                defaults=True, quiet=True, overwrite=True,
            )  # fmt: skip
            plain_time = time.perf_counter() - start
            start = time.perf_counter()
            assessment = api.assess(answers, ruleset)
            create(root / f"new-{i}", assessment, answers, ruleset.questionnaire, choice,
                   f"bench-{i}", f"bench_{i}", documents=_decision_documents)  # fmt: skip
            new_time = time.perf_counter() - start
            if i:
                plain.append(plain_time)
                advisor_new.append(new_time)
    p, n = statistics.median(plain), statistics.median(advisor_new)
    source = f"bundle {template.version}" if template.versioned else "folder"
    print(f"template source: {source}; runs: {args.runs} (medians, in-process)")
    print(f"copier.run_copy   {p * 1000:8.1f} ms")
    print(f"advisor new       {n * 1000:8.1f} ms   = {n / p:.2f}× run_copy (target ≤ 1.3×)")


if __name__ == "__main__":
    main()
