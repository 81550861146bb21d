"""The Python API the CLI is a thin layer over: load rules, read answers, assess.

>>> from advisor import api
>>> ruleset = api.load_rules()
>>> assessment = api.assess({"workflow_duration": "hours"}, ruleset)
>>> assessment.recommendation in ("long_running", "hybrid", "durable_functions")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from advisor import resources
from advisor.errors import Diagnostic, InputError, display_path
from advisor.questions import answers as answers_io
from advisor.questions.questionnaire import Answer, Questionnaire, load_questionnaire
from advisor.rules import checks as pack_checks
from advisor.rules import parse_cache
from advisor.rules.facts import load_facts
from advisor.rules.loader import lint_packs, load_shipped
from advisor.rules.model import RuleSet
from advisor.scoring.assessment import Assessment
from advisor.scoring.cost import estimate
from advisor.scoring.cost_curve import curve
from advisor.scoring.engine import evaluate


def questionnaire() -> Questionnaire:
    """The questionnaire shipped with the advisor."""
    return load_questionnaire(resources.questions_file(), parse_cache.reader())


def pack_folders(extra: Iterable[Path] = ()) -> list[Path]:
    """The default pack followed by extra packs (``--rules PATH``), in order."""
    return [resources.default_pack(), *extra]


def load_rules(extra: Sequence[Path] = ()) -> RuleSet:
    """The default pack plus any organisation packs, validated.

    The shipped files' parsed data comes from a cache keyed by their content when it can
    (:mod:`advisor.rules.parse_cache`); it is written only after everything validated.
    """
    read = parse_cache.reader()
    ruleset = load_shipped(extra, read)
    read.save()
    return ruleset


def lint(paths: Sequence[Path]) -> list[Diagnostic]:
    """Every problem in the given packs (``advisor rules check``).

    An organisation pack is checked together with the default pack it will be used with, so
    a rule id that collides with a default rule is reported; problems inside the default pack
    itself are only reported when it is one of ``paths``. A pack that loads cleanly is then
    checked against the questions' declared directions (:mod:`advisor.rules.checks`).
    Warnings (stale facts) come from :func:`lint_warnings`.
    """
    facts, problems = load_facts(resources.facts_file())
    default = resources.default_pack()
    with_default = any(p.resolve() == default.resolve() for p in paths)
    folders = list(paths) if with_default else [default, *paths]
    ruleset, every = lint_packs(folders, questionnaire(), facts)
    prefix = display_path(default)

    def reported(path: str) -> bool:
        return with_default or not display_path(path).startswith(prefix)

    found = [d for d in every if reported(d.path)]
    if not problems and not found:
        if ruleset is None:  # only the default pack's own problems: it cannot be used at all
            raise InputError(every)
        found = pack_checks.direction_problems(ruleset, reported)
    return problems + found


def lint_warnings(
    paths: Sequence[Path], max_fact_age_months: int = pack_checks.DEFAULT_MAX_FACT_AGE_MONTHS
) -> list[Diagnostic]:
    """Warnings that do not fail ``advisor rules check``: facts older than the age limit.

    Checks the shipped facts file and each pack's own ``facts.yaml``.
    """
    files = [resources.facts_file(), *(p / "facts.yaml" for p in paths)]
    warnings: list[Diagnostic] = []
    for path in dict.fromkeys(f.resolve() for f in files if f.is_file()):
        facts, problems = load_facts(path)
        if not problems:
            warnings.extend(pack_checks.stale_facts(facts, path, max_fact_age_months))
    return warnings


def read_answers(
    path: Path | None, overrides: Iterable[str], questions: Questionnaire
) -> dict[str, Answer]:
    """Answers from a file (or all defaults), then ``--set id=value`` overrides."""
    return read_answers_with_warnings(path, overrides, questions)[0]


def read_answers_with_warnings(
    path: Path | None, overrides: Iterable[str], questions: Questionnaire
) -> tuple[dict[str, Answer], list[Diagnostic]]:
    """:func:`read_answers`, plus warnings that do not make the answers invalid.

    A warning (e.g. an answers file with no answers) is returned, never printed: the caller
    decides where it goes (the CLI writes it to stderr and keeps the exit code).
    """
    base, warnings = (
        answers_io.load_with_warnings(path, questions) if path else (questions.defaults(), [])
    )
    return answers_io.apply_overrides(base, overrides, questions), warnings


def assess(answers: Mapping[str, Answer], ruleset: RuleSet) -> Assessment:
    """Validate a (possibly partial) answer mapping, evaluate it and estimate its cost."""
    complete = answers_io.validate(dict(answers), ruleset.questionnaire)
    cost = estimate(complete, ruleset.facts)
    return replace(
        evaluate(complete, ruleset),
        cost=cost.by_architecture,
        cost_assumptions=cost.assumptions,
        cost_common=cost.common,
        cost_curve=curve(complete, ruleset.facts),
    )
