"""Answers: loading an answers file, applying ``--set`` overrides, saving.

An answers file is one mapping, question id → answer (YAML or JSON). Unknown ids and invalid
values are rejected with the file, the line, the question and the allowed values; missing ids
take the question's default (CONTRACT §1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from advisor import error_codes, yaml_source
from advisor.errors import Diagnostic, InputError, brief, display_path
from advisor.questions.questionnaire import Answer, Questionnaire

Answers = Mapping[str, Answer]

UNKNOWN_QUESTION = error_codes.UNKNOWN_QUESTION
INVALID_VALUE = error_codes.INVALID_VALUE
NOT_A_MAPPING = error_codes.SCHEMA


def validate(raw: Any, questionnaire: Questionnaire, path: Path | None = None) -> dict[str, Answer]:
    """Check a raw mapping of answers; return it completed with defaults.

    Every problem is reported (not just the first), each with its line when ``path`` is given.
    """
    where = display_path(path) if path else "<answers>"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        diag = (
            yaml_source.locate(path, (), NOT_A_MAPPING, _mapping_hint(raw))
            if path
            else Diagnostic(where, None, NOT_A_MAPPING, _mapping_hint(raw))
        )
        raise InputError(diag)
    problems: list[Diagnostic] = []
    for key, value in raw.items():
        if key not in questionnaire:
            message = (
                f"unknown question {brief(key)}; known questions: {', '.join(questionnaire.ids)}"
            )
            problems.append(_at(path, where, (key,), UNKNOWN_QUESTION, message))
            continue
        problem = questionnaire[key].problem_with(value)
        if problem:
            problems.append(_at(path, where, (key,), INVALID_VALUE, f"{key}: {problem}"))
    if problems:
        raise InputError(problems)
    return {**questionnaire.defaults(), **raw}


def _at(path: Path | None, where: str, key_path: tuple[str], code: str, msg: str) -> Diagnostic:
    if path is None:
        return Diagnostic(where, None, code, msg)
    return yaml_source.locate(path, key_path, code, msg)


def _mapping_hint(raw: Any) -> str:
    return (
        f"expected a mapping of question id → answer, found {type(raw).__name__}; "
        "e.g. 'workflow_duration: minutes'"
    )


def load(path: Path, questionnaire: Questionnaire) -> dict[str, Answer]:
    """Load an answers file (YAML or JSON) and validate it."""
    return validate(yaml_source.load(path), questionnaire, path)


def apply_overrides(
    answers: Mapping[str, Answer], overrides: Iterable[str], questionnaire: Questionnaire
) -> dict[str, Answer]:
    """Apply ``--set id=value`` overrides (text, converted to each question's type)."""
    result = dict(answers)
    for item in overrides:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(
                Diagnostic("--set", None, NOT_A_MAPPING, f"{brief(item)} must look like id=value")
            )
        if key not in questionnaire:
            raise InputError(
                Diagnostic(
                    "--set",
                    None,
                    UNKNOWN_QUESTION,
                    f"unknown question {brief(key)}; "
                    f"known questions: {', '.join(questionnaire.ids)}",
                )
            )
        question = questionnaire[key]
        try:
            value = question.parse_text(text)
        except ValueError as exc:
            raise InputError(Diagnostic("--set", None, INVALID_VALUE, f"{key}: {exc}")) from None
        problem = question.problem_with(value)
        if problem:
            raise InputError(Diagnostic("--set", None, INVALID_VALUE, f"{key}: {problem}"))
        result[key] = value
    return result


def dumps(answers: Mapping[str, Answer], questionnaire: Questionnaire) -> str:
    """The answers as a commented YAML answers file (question text above each answer)."""
    ordered = {qid: answers[qid] for qid in questionnaire.ids if qid in answers}
    comments = {q.id: q.prompt for q in questionnaire.questions}
    header = "agent-advisor answers file: `advisor recommend --answers THIS_FILE`"
    return yaml_source.dump_with_comments(ordered, comments, header)


def save(path: Path, answers: Mapping[str, Answer], questionnaire: Questionnaire) -> None:
    """Write the answers file; the caller decides whether overwriting is allowed.

    Written like every output (:mod:`advisor.output`): atomically, replacing only a regular
    file or a link.
    """
    from advisor.output import write_text

    write_text(path, dumps(answers, questionnaire), force=True)
