"""Every diagnostic code the advisor reports, each with one meaning.

Like ruff's rule codes, a code is stable: it is never reused for another meaning and never
renumbered, so scripts and organisation CI may match on it. Modules import the constant
(``error_codes.UNKNOWN_QUESTION``), never a literal; a test fails on any ``"ADVnnn"`` literal
elsewhere in the package, and ``docs/reference/error-codes.md`` is generated from
:data:`REGISTRY` and checked in CI.

Ranges: ADV100–119 files and values; ADV120–129 starter projects; ADV130–149 rule-pack checks;
ADV150–199 command-line use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ErrorCode:
    """One code: what it means, when it is reported, and how a user fixes it."""

    code: str
    name: str
    severity: Severity
    meaning: str
    fix: str


REGISTRY: dict[str, ErrorCode] = {}


def _code(code: str, name: str, meaning: str, fix: str, severity: Severity = "error") -> str:
    if code in REGISTRY:  # a programming error: caught by importing this module in any test
        raise ValueError(f"{code} registered twice")
    REGISTRY[code] = ErrorCode(code, name, severity, meaning, fix)
    return code


FILE_ACCESS = _code(
    "ADV100", "file-access",
    "A file or folder named on the command line cannot be read or written: it does not "
    "exist, is a folder where a file is expected, a missing parent folder cannot be created "
    "(a file stands where a folder is needed), or the operating system refused access.",
    "Check the path and its permissions.",
)  # fmt: skip
SYNTAX = _code(
    "ADV101", "syntax",
    "The file is not valid YAML or JSON.",
    "Fix the syntax at the line shown.",
)  # fmt: skip
SCHEMA = _code(
    "ADV102", "schema",
    "The file's structure is wrong: a mapping or list expected, a required field missing, "
    "or a field of the wrong type.",
    "Compare with the file format in the docs (answers, rule, question or fact format).",
)  # fmt: skip
UNKNOWN_QUESTION = _code(
    "ADV103", "unknown-question",
    "An answers file, --set or a rule condition names a question id the questionnaire "
    "does not define.",
    "Use one of the ids listed (a close match is suggested); `advisor rules list` shows packs.",
)  # fmt: skip
INVALID_VALUE = _code(
    "ADV104", "invalid-value",
    "A value is not one the question or option allows (a choice outside the list, a number "
    "outside its bounds, a bad boolean or date).",
    "Use one of the allowed values the message lists.",
)  # fmt: skip
DUPLICATE = _code(
    "ADV105", "duplicate-id",
    "Two questions, rules or facts share an id.",
    "Rename one; rule codes are never reused.",
)  # fmt: skip
NAMING = _code(
    "ADV106", "rule-file-name",
    "A rule file's name or folder does not match its id (`<family>/<CODE>-<slug>.yaml`).",
    "Rename the file to match the rule id.",
)  # fmt: skip
NO_EXAMPLES = _code(
    "ADV107", "missing-examples",
    "A rule has no `fires:` or no `ok:` example answer set.",
    "Add at least one example of each; the test suite runs them.",
)  # fmt: skip
EXAMPLE_WRONG = _code(
    "ADV108", "example-wrong",
    "A rule's example does not behave as it says: a `fires:` example that does not fire or "
    "an `ok:` example that does.",
    "Fix the example or the rule's `when` condition.",
)  # fmt: skip
UNKNOWN_FACT = _code(
    "ADV109", "unknown-fact",
    "A rule cites a platform fact id that facts.yaml does not define.",
    "Add the fact (value, unit, source, as_of) or fix the id.",
)  # fmt: skip
NO_SOURCE = _code(
    "ADV110", "missing-source",
    "A rule has no `source` (the article section or dated fact it draws on).",
    "Cite the reasoning the rule encodes.",
)  # fmt: skip
EXISTS = _code(
    "ADV111", "output-exists",
    "The output file already exists.",
    "Pass --force to overwrite it, or choose another path.",
)  # fmt: skip
NOT_A_FILE = _code(
    "ADV112", "not-a-regular-file",
    "The output path is a FIFO, device, socket or folder; only a regular file (or a link) is "
    "ever replaced, even with --force.",
    "Write to a regular file path.",
)  # fmt: skip
TOO_LARGE = _code(
    "ADV113", "input-too-large",
    "An input file is larger than the 1 MB cap, or its YAML aliases expand beyond the bound.",
    "Split the file, or remove the aliases.",
)  # fmt: skip
NOT_A_PORTFOLIO = _code(
    "ADV114", "not-a-portfolio",
    "A portfolio is neither a mapping of workload name → answers nor a folder holding "
    "answers files. (Reported as ADV120 before 0.4.0.)",
    "Give a YAML file of `name: {answers}` mappings, or a folder of answers files.",
)  # fmt: skip
UNKNOWN_RULE = _code(
    "ADV115", "unknown-rule",
    "`advisor rules show` was given a rule id no loaded pack defines.",
    "Use an id from `advisor rules list` (a close match is suggested).",
)  # fmt: skip
NEEDS_TERMINAL = _code(
    "ADV116", "needs-terminal",
    "An interactive command was run without a terminal on stdin and stdout.",
    "Write an answers file and pass --answers, or use --defaults where offered.",
)  # fmt: skip
GIT_FAILED = _code(
    "ADV117", "git-failed",
    "A git command the advisor ran (committing a new project, updating one) failed.",
    "Read git's message; check the repository's state and git's configuration.",
)  # fmt: skip
PROJECT_NAME = _code(
    "ADV120", "project-name",
    "The project name is empty or has characters a project name cannot hold.",
    "Choose another name with --name.",
)  # fmt: skip
PACKAGE_NAME = _code(
    "ADV121", "package-name",
    "The Python package name derived or given is not a valid identifier, or is reserved.",
    "Choose another with --package.",
)  # fmt: skip
VETOED = _code(
    "ADV122", "architecture-vetoed",
    "The architecture asked for is vetoed for this workload.",
    "Pass --force to generate it anyway; the ADR records the override.",
)  # fmt: skip
NOT_A_TEMPLATE = _code(
    "ADV123", "not-a-template",
    "The template folder or bundle is not a usable Copier template (no copier.yml, no "
    "architecture choices, no versions, or Copier failed).",
    "Reinstall the advisor, or point at a valid template.",
)  # fmt: skip
NOT_AN_ADVISOR_PROJECT = _code(
    "ADV124", "not-an-advisor-project",
    "The folder was not generated by `advisor new`, or its .copier-answers.yml is damaged, "
    "or it is not a git repository.",
    "Run `advisor update` inside a project made by `advisor new`.",
)  # fmt: skip
UNCOMMITTED = _code(
    "ADV125", "uncommitted-changes",
    "The project has uncommitted changes, which an update could mix with its own.",
    "Commit or stash them first.",
)  # fmt: skip
DEST_IN_THE_WAY = _code(
    "ADV126", "destination-in-the-way",
    "The destination of a new project is not an empty folder, or holds a link or file where "
    "the project has a folder.",
    "Choose an empty folder, or pass --force to write into it.",
)  # fmt: skip
DEST_NOT_WRITABLE = _code(
    "ADV127", "destination-not-writable",
    "The destination of a new project cannot be written.",
    "Check permissions of the destination's parent folder.",
)  # fmt: skip
NOT_OFFERED = _code(
    "ADV128", "architecture-not-offered",
    "The bundled starter template cannot generate the architecture asked for or recommended.",
    "Pass --architecture with one the template offers.",
)  # fmt: skip
UNSAFE_SOURCE = _code(
    "ADV129", "unsafe-template-source",
    "A project's .copier-answers.yml names a template source other than the advisor's own, "
    "so `advisor update` would run someone else's template.",
    "Restore `_src_path: advisor:agent-service`, or update with copier directly.",
)  # fmt: skip
DIRECTION_BROKEN = _code(
    "ADV130", "direction-broken",
    "A pack breaks a question's declared direction: a more demanding answer raises an "
    "architecture the question says it never helps (or the reverse).",
    "Fix the rule named; the message gives the two answer sets that show it.",
)  # fmt: skip
FACT_STALE = _code(
    "ADV140", "fact-stale",
    "A platform fact is older than --max-fact-age months. A warning: it never fails a check.",
    "Re-check the fact at its source and update value and as_of.",
    severity="warning",
)  # fmt: skip

EMPTY_ANSWERS = _code(
    "ADV160", "empty-answers",
    "The answers file has no answers (empty, only comments, or `{}`), so every question "
    "takes its default. A warning: the exit code is unchanged.",
    "Check that this is the file you meant; answer the questions with `advisor ask`, or "
    "write `{}` deliberately and ignore the warning.",
    severity="warning",
)  # fmt: skip
OUTPUT_FAILED = _code(
    "ADV161", "stdout-failed",
    "Writing the result to standard output failed (a full disk, a device that refuses "
    "writes, a closed terminal). A reader that stops early (`| head`) is not an error.",
    "Free space or redirect the output elsewhere; or write to a file with --output.",
)  # fmt: skip
NO_ANSWERS = _code(
    "ADV150", "no-answers",
    "`advisor new` ran without a terminal (or with --no-input) and was given no answers: no "
    "--answers and no answers.yml in the current folder, so every answer would be a default.",
    "Pass --answers FILE, run `advisor ask` first, or pass --defaults to generate from the "
    "default answers on purpose.",
)  # fmt: skip
UNORDERED_VERSION = _code(
    "ADV151", "version-not-comparable",
    "A template version (a project's `_commit`, or a tag of the installed template bundle) is "
    "not a PEP 440 version such as v0.4.0, so it cannot be ordered against the other.",
    "Restore the `_commit` that `advisor new` or `advisor update` recorded, or reinstall the "
    "advisor.",
)  # fmt: skip


def describe(code: str) -> ErrorCode:
    """The registered meaning of ``code``; KeyError for an unregistered one."""
    return REGISTRY[code]


def reference_page() -> str:
    """``docs/reference/error-codes.md``: one section per code, generated from the registry."""
    lines = [
        "# Error codes",
        "",
        "<!-- generated by `advisor docs reference` from advisor/error_codes.py; do not edit -->",
        "",
        "Every problem the advisor reports reads `where: CODE: message`. A code keeps its one",
        "meaning for good; retired codes are never reused. Errors exit 1 (invalid input);",
        "warnings never change the exit code.",
        "",
        "| code | name | severity |",
        "|---|---|---|",
    ]
    entries = sorted(REGISTRY.values(), key=lambda e: e.code)
    lines += [f"| [{e.code}](#{e.code.lower()}) | `{e.name}` | {e.severity} |" for e in entries]
    for e in entries:
        lines += ["", f"## {e.code}", "", f"`{e.name}` ({e.severity}). {e.meaning}", ""]
        lines += [f"**Fix:** {e.fix}"]
    return "\n".join(lines) + "\n"
