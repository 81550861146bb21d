"""From an assessment and its answers to the data the starter template is rendered with.

:func:`template_data` is the one place that decides what the generated repository looks like
for a workload; its rules are listed in its docstring and in ``docs/how-to/new-project.md``.
Names are validated here, before anything is rendered, so a bad name never leaves half a
project behind.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor import error_codes
from advisor.errors import Diagnostic, InputError, brief
from advisor.questions.questionnaire import Answer
from advisor.rules.model import ARCHITECTURES
from advisor.scoring.assessment import Assessment

PACKAGE_NAME = re.compile(r"^[a-z_][a-z0-9_]*\Z")  # \Z: "$" would let a final newline in
# A project name reaches pyproject.toml (a TOML string), template.yaml (a plain YAML scalar)
# and Markdown headings; letters, digits, spaces, '-', '_' and '.' mean the same in all of
# them, so the name is safe unescaped. It starts with a letter or digit (a leading '-', '['
# or '&' means something in YAML) and ends without a space. The same rule is in copier.yml.
PROJECT_NAME = re.compile(r"^[^\W_](?:[\w .-]{0,98}[^\W_.])?\Z")
PROJECT_NAME_RULE = (
    "letters, digits, spaces, '-', '_' and '.', starting and ending with a letter or digit, "
    "at most 100 characters"
)
# Folders of the generated repository and its main dependencies: a package with one of these
# names would be shadowed by (or shadow) them.
RESERVED = {
    "tests", "docs", "deploy", "test", "redis", "fastapi", "streaq", "httpx", "pydantic",
    "uvicorn", "prometheus_client", "coredis", "anyio",
}  # fmt: skip


@dataclass(frozen=True)
class Choice:
    """The architecture that will be generated and why it was chosen."""

    architecture: str
    recommended: str
    overrides_veto: bool

    @property
    def followed_recommendation(self) -> bool:
        """True when the user kept the advisor's recommendation."""
        return self.architecture == self.recommended


def package_name_for(project_name: str) -> str:
    """A Python package name derived from a project name ("Support Agent" → support_agent)."""
    name = re.sub(r"[^a-z0-9]+", "_", project_name.lower()).strip("_")
    if name and name[0].isdigit():
        name = f"agent_{name}"
    return name


def check_names(project_name: str, package_name: str, where: str = "--name") -> None:
    """Raise InputError naming the problem when a project or package name is unusable.

    ``where`` names what the project name came from (``--name``, or ``DEST``'s folder name).
    """
    if not project_name.strip():
        raise InputError(
            Diagnostic(where, None, error_codes.PROJECT_NAME, "the project name must not be empty")
        )
    if not PROJECT_NAME.match(project_name):
        hint = {
            "--name": "choose another with --name",
            "DEST": "the name comes from DEST's folder name; choose one with --name",
        }.get(where, f"fix it in {where}")
        raise InputError(
            Diagnostic(
                where, None, error_codes.PROJECT_NAME,
                f"project name {brief(project_name)} is not allowed: use {PROJECT_NAME_RULE} "
                f"(it is written into pyproject.toml, YAML and Markdown); {hint}",
            )
        )  # fmt: skip
    problem = None
    if not PACKAGE_NAME.match(package_name):
        problem = (
            f"package name {brief(package_name)} is not a lowercase Python identifier "
            "(letters, digits, underscores; not starting with a digit)"
        )
    elif keyword.iskeyword(package_name):
        problem = f"package name {brief(package_name)} is a Python keyword"
    elif package_name in sys.stdlib_module_names:
        problem = (
            f"package name {brief(package_name)} would shadow the standard-library module "
            f"of the same name"
        )
    elif package_name in RESERVED:
        problem = (
            f"package name {brief(package_name)} collides with a folder of the generated "
            "repository or one of its dependencies"
        )
    if problem:
        raise InputError(
            Diagnostic(
                "--package",
                None,
                error_codes.PACKAGE_NAME,
                f"{problem}; choose another with --package",
            )
        )


def check_architecture(architecture: str, offered: Sequence[str], requested: bool) -> None:
    """Refuse an unknown architecture, or one the template cannot generate (saying which can).

    ``requested``: it came from ``--architecture`` (else it is the recommendation).
    """
    if architecture not in ARCHITECTURES:
        raise InputError(
            Diagnostic("--architecture", None, error_codes.INVALID_VALUE,
                       f"{brief(architecture)}; allowed: "
                       + ", ".join(ARCHITECTURES))
        )  # fmt: skip
    if architecture in offered:
        return
    can = ", ".join(offered)
    if requested:
        message = (
            f"{architecture!r} is not offered by the bundled starter template, which can "
            f"generate: {can}"
        )
    else:
        message = (
            f"the recommendation, {architecture}, is not offered by the bundled starter "
            f"template, which can generate: {can}; pass --architecture with one of them"
        )
    raise InputError(Diagnostic("--architecture", None, error_codes.NOT_OFFERED, message))


def choose(
    assessment: Assessment,
    requested: str | None,
    force: bool,
    offered: Sequence[str] = ARCHITECTURES,
) -> Choice:
    """The architecture to generate: the recommendation, or the one asked for.

    It must be one the template offers (``offered``, from its copier.yml). Choosing a vetoed
    architecture needs ``force``; the choice records that it overrode a veto.
    """
    architecture = requested or assessment.recommendation
    check_architecture(architecture, offered, requested is not None)
    vetoed = architecture in assessment.vetoed
    if vetoed and not force:
        reasons = "; ".join(v.reason for v in assessment.vetoes if v.architecture == architecture)
        raise InputError(
            Diagnostic(
                "--architecture",
                None,
                error_codes.VETOED,
                f"{architecture} is vetoed for this workload ({reasons}); "
                "pass --force to generate it anyway (the ADR will record the override)",
            )
        )
    return Choice(architecture, assessment.recommendation, vetoed)


def worker_concurrency(answers: Mapping[str, Answer]) -> int:
    """Runs one worker process executes at once: the template's 64, or 128 when tools are
    slow or unpredictable (a run then waits longer, so more runs share a process). Agent
    runs wait on the model or a tool almost all the time: the template's benchmark drains
    1,000 such runs on one process at 1.06x the ideal makespan at 64 and 1.18x at 256
    (docs/template-benchmarks.md). The cost model sizes its worker fleet with this number."""
    return 128 if answers.get("tool_calls") == "slow_or_unpredictable" else 64


def template_data(
    answers: Mapping[str, Answer], choice: Choice, project_name: str, package_name: str
) -> dict[str, Any]:
    """Copier data for the agent-service template.

    - ``architecture``: the chosen architecture (the recommendation unless overridden).
    - ``project_name`` / ``package_name``: as given (validated by :func:`check_names`).
    - ``state_store``: ``postgres`` when the agent keeps memory across sessions
      (``state: long_term``) and runs on workers (long_running or hybrid): that memory must
      outlive cache evictions and be queryable and versioned ("Where does memory live? How do
      you version it?"). Otherwise ``redis``, which the queue and event streams need anyway;
      the serverless shape only has the Redis option.
    - ``worker_concurrency``: 128 when tools are slow or unpredictable (workers mostly wait
      on I/O, so more runs share a process), otherwise the template's 64.
    - ``max_redeliveries``: 5 when runs must resume after a crash (``resume_needed``), so a
      transient crash loop does not dead-letter a run that checkpoints would rescue; else 3.
    - For ``durable_functions`` there are no workers, queue or Redis: only ``state_location``,
      where memory across turns lives — ``platform_managed`` (the execution history carries
      the transcript to the next turn) when the team said the platform keeps it, otherwise
      ``external_store`` (DynamoDB); long-term memory always goes to the store, because
      execution history is retained for at most 90 days.
    """
    if choice.architecture == "durable_functions":
        platform_keeps_it = (
            answers.get("state_location") == "platform_managed"
            and answers.get("state") != "long_term"
        )
        return {
            "architecture": choice.architecture,
            "project_name": project_name,
            "package_name": package_name,
            "state_location": "platform_managed" if platform_keeps_it else "external_store",
        }
    return {
        "architecture": choice.architecture,
        "project_name": project_name,
        "package_name": package_name,
        "state_store": "postgres"
        if answers.get("state") == "long_term" and choice.architecture != "serverless"
        else "redis",
        "worker_concurrency": worker_concurrency(answers),
        "max_redeliveries": 5 if answers.get("resume_needed") else 3,
    }
