"""Portfolio: many workloads in, one summary out (the core of ``advisor portfolio``).

A portfolio is either one YAML/JSON file mapping workload names to answers mappings, or a
folder of answers files (one workload per file, named after the file). Each workload is
assessed on its own: a broken one is recorded with its problems (file, line, what is wrong)
and the others are still assessed, so one typo never hides a whole portfolio. Whether broken
workloads make the command fail is the caller's decision; this module never prints or exits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import __version__, api, error_codes, yaml_source
from advisor.errors import Diagnostic, InputError, brief, display_path
from advisor.questions import answers as answers_io
from advisor.questions.questionnaire import Answer
from advisor.rules.model import ARCHITECTURES, RuleSet
from advisor.scoring.assessment import SCHEMA_VERSION, Assessment

PORTFOLIO_KIND = "agent-advisor/portfolio"
ANSWERS_SUFFIXES = (".yml", ".yaml", ".json")
COMMON_RISKS = 5

# (done so far, total, name of the workload being assessed) — for a progress display
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Workload:
    """One assessed workload: its name, where its answers came from, and the assessment."""

    name: str
    source: str
    assessment: Assessment


@dataclass(frozen=True)
class BrokenWorkload:
    """A workload that could not be assessed, with every problem found in its answers."""

    name: str
    source: str
    problems: tuple[Diagnostic, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "name": self.name,
            "source": self.source,
            "problems": [
                {"path": d.path, "line": d.line, "code": d.code, "message": d.message}
                for d in self.problems
            ],
        }


@dataclass(frozen=True)
class RiskCount:
    """A risk that applies to the recommendation of several workloads."""

    rule: str
    category: str
    title: str
    workloads: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many workloads it applies to."""
        return len(self.workloads)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "rule": self.rule,
            "category": self.category,
            "title": self.title,
            "count": self.count,
            "workloads": list(self.workloads),
        }


@dataclass(frozen=True)
class Portfolio:
    """The assessed workloads and the broken ones, in input order."""

    source: str
    ruleset: Mapping[str, Any]
    workloads: tuple[Workload, ...]
    broken: tuple[BrokenWorkload, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many workloads each architecture is recommended for (every architecture, 0 too)."""
        found = Counter(w.assessment.recommendation for w in self.workloads)
        return {arch: found.get(arch, 0) for arch in ARCHITECTURES}

    def confidence_counts(self) -> dict[str, int]:
        """How many recommendations have high, medium and low confidence."""
        found = Counter(w.assessment.confidence for w in self.workloads)
        return {level: found.get(level, 0) for level in ("high", "medium", "low")}

    def monthly_cost(self) -> dict[str, float]:
        """USD a month per architecture, summed over the workloads: the bill if every workload
        ran on that architecture (every architecture, 0 when nothing is costed)."""
        return {
            arch: round(sum(w.assessment.cost[arch].monthly_usd for w in self.workloads
                            if arch in w.assessment.cost), 2)
            for arch in ARCHITECTURES
        }  # fmt: skip

    def recommended_cost(self) -> float:
        """USD a month if every workload runs on its recommended architecture."""
        return round(sum(w.assessment.cost[w.assessment.recommendation].monthly_usd
                         for w in self.workloads
                         if w.assessment.recommendation in w.assessment.cost), 2)  # fmt: skip

    def common_cost(self) -> float:
        """USD a month of model input tokens over all workloads (the same on any architecture)."""
        return round(sum(w.assessment.cost_common.monthly_usd for w in self.workloads
                         if w.assessment.cost_common is not None), 2)  # fmt: skip

    def common_risks(self, limit: int = COMMON_RISKS) -> tuple[RiskCount, ...]:
        """The risks that hit the most workloads' recommendations, most common first."""
        seen: dict[str, list[str]] = {}
        info: dict[str, tuple[str, str]] = {}
        for w in self.workloads:
            titles = {r.id: r.title for r in w.assessment.fired}
            for risk in w.assessment.risks:
                if risk.applies_to_recommendation:
                    seen.setdefault(risk.rule, []).append(w.name)
                    info[risk.rule] = (risk.category, titles.get(risk.rule, risk.text))
        ranked = sorted(seen, key=lambda rule: (-len(seen[rule]), rule))[:limit]
        return tuple(RiskCount(r, info[r][0], info[r][1], tuple(seen[r])) for r in ranked)

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON envelope of a portfolio (each workload's full assessment)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": PORTFOLIO_KIND,
            "generator": {"name": "agent-advisor", "version": __version__},
            "source": self.source,
            "ruleset": dict(self.ruleset),
            "summary": {
                "workloads": len(self.workloads),
                "broken": len(self.broken),
                "recommendations": self.counts(),
                "confidence": self.confidence_counts(),
                "common_risks": [r.to_dict() for r in self.common_risks()],
                "cost": {
                    "monthly_usd": self.monthly_cost(),
                    "recommended_monthly_usd": self.recommended_cost(),
                    "common_monthly_usd": self.common_cost(),
                },
            },
            "workloads": [
                {"name": w.name, "source": w.source, "assessment": w.assessment.to_dict()}
                for w in self.workloads
            ],
            "broken": [b.to_dict() for b in self.broken],
        }


# --- reading -------------------------------------------------------------------------------

# A workload read from the input: name, where it is, and its raw answers or its problems.
_Entry = tuple[str, str, dict[str, Answer] | tuple[Diagnostic, ...]]


def _named(name: str, diags: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Problems prefixed with the workload's name, so every message says which one."""
    return tuple(
        Diagnostic(d.path, d.line, d.code, f"workload {brief(name)}: {d.message}") for d in diags
    )


def _from_folder(folder: Path, ruleset: RuleSet) -> Iterator[_Entry]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in ANSWERS_SUFFIXES)
    if not files:
        raise InputError(
            Diagnostic(display_path(folder), None, error_codes.NOT_A_PORTFOLIO,
                       "no answers files (*.yml, *.yaml, *.json) in this folder")
        )  # fmt: skip
    stems = Counter(p.stem for p in files)
    for path in files:
        # a.yml and a.json in one folder are two workloads: keep the suffix to tell them apart
        name = path.stem if stems[path.stem] == 1 else path.name
        try:
            yield name, display_path(path), answers_io.load(path, ruleset.questionnaire)
        except InputError as exc:
            yield name, display_path(path), _named(name, exc.diagnostics)


def _check_named(path: Path, name: str, raw: Any, ruleset: RuleSet) -> _Entry:
    """Validate one workload of a portfolio file, with lines inside that file."""
    where = display_path(path)
    if raw is not None and not isinstance(raw, dict):
        diag = yaml_source.locate(
            path, (name,), error_codes.SCHEMA,
            f"expected a mapping of question id → answer, found {type(raw).__name__}",
        )  # fmt: skip
        return name, f"{where}:{diag.line}", _named(name, [diag])
    problems: list[Diagnostic] = []
    chosen: dict[str, Answer] = {}
    for key, value in (raw or {}).items():
        # validating one answer at a time reuses answers.validate's messages (and its
        # normalising); only the line must be found again, inside this workload's mapping
        try:
            chosen[key] = answers_io.validate({key: value}, ruleset.questionnaire)[key]
        except InputError as exc:
            line = yaml_source.line_of(path, (name, key))
            problems += [Diagnostic(where, line, d.code, d.message) for d in exc.diagnostics]
    if problems:
        return name, f"{where}:{yaml_source.line_of(path, (name,))}", _named(name, problems)
    return name, where, chosen


def _from_file(path: Path, ruleset: RuleSet) -> Iterator[_Entry]:
    data = yaml_source.load(path)  # a syntax error breaks the whole file: nothing to assess
    if not isinstance(data, dict) or not data:
        raise InputError(
            Diagnostic(display_path(path), 1, error_codes.NOT_A_PORTFOLIO,
                       "expected a mapping of workload name → answers mapping, e.g. "
                       "'support-bot: {workflow_duration: minutes}'")
        )  # fmt: skip
    for name, raw in data.items():
        yield _check_named(path, str(name), raw, ruleset)


def assess_portfolio(path: Path, ruleset: RuleSet, progress: Progress | None = None) -> Portfolio:
    """Assess every workload in a portfolio file or folder.

    Raises InputError only when the input as a whole is unusable (missing, not valid YAML, not
    a mapping, an empty folder); a problem in one workload is recorded in ``broken`` instead.
    """
    if not path.exists():
        raise InputError(
            Diagnostic(display_path(path), None, error_codes.FILE_ACCESS, "file not found")
        )
    entries = list(_from_folder(path, ruleset) if path.is_dir() else _from_file(path, ruleset))
    workloads: list[Workload] = []
    broken: list[BrokenWorkload] = []
    for done, (name, source, answers) in enumerate(entries):
        if progress is not None:
            progress(done, len(entries), name)
        if isinstance(answers, tuple):
            broken.append(BrokenWorkload(name, source, answers))
        else:
            workloads.append(Workload(name, source, api.assess(answers, ruleset)))
    if progress is not None:
        progress(len(entries), len(entries), "")
    return Portfolio(
        source=display_path(path),
        ruleset={"name": ruleset.name, "version": ruleset.version},
        workloads=tuple(workloads),
        broken=tuple(broken),
    )
