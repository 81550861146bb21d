"""Answers: loading an answers file, applying ``--set`` overrides, saving.

An answers file is one mapping, question id → answer (YAML or JSON). Unknown ids and invalid
values are rejected with the file, the line, the question and the allowed values; missing ids
take the question's default (CONTRACT §1).

A value is read the same way from a file and from ``--set id=value`` (the text of ``--set``
means what it would mean in the file; :meth:`Question.parse_text`) and checked by one
function, :meth:`Question.accept`: booleans are YAML 1.2 ``true``/``false`` in both places,
and a choice in another letter case (``Conversation``) is taken as the allowed value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from advisor import error_codes, yaml_source
from advisor.errors import Diagnostic, InputError, brief, did_you_mean, display_path
from advisor.questions.questionnaire import Answer, Questionnaire

Answers = Mapping[str, Answer]


def validate(raw: Any, questionnaire: Questionnaire, path: Path | None = None) -> dict[str, Answer]:
    """Check a raw mapping of answers; return it normalised and completed with defaults.

    Every problem is reported (not just the first), each with its line when ``path`` is given.
    """
    where = display_path(path) if path else "<answers>"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        diag = (
            yaml_source.locate(path, (), error_codes.SCHEMA, _mapping_hint(raw))
            if path
            else Diagnostic(where, None, error_codes.SCHEMA, _mapping_hint(raw))
        )
        raise InputError(diag)
    problems: list[Diagnostic] = []
    chosen: dict[str, Answer] = {}
    for key, value in raw.items():
        if key not in questionnaire:
            problems.append(
                _at(
                    path,
                    where,
                    (key,),
                    error_codes.UNKNOWN_QUESTION,
                    unknown_question(key, questionnaire),
                )
            )
            continue
        try:
            chosen[key] = questionnaire[key].accept(value)
        except ValueError as exc:
            problems.append(_at(path, where, (key,), error_codes.INVALID_VALUE, f"{key}: {exc}"))
    if problems:
        raise InputError(problems)
    return {**questionnaire.defaults(), **chosen}


def unknown_question(key: object, questionnaire: Questionnaire) -> str:
    """The message for an id the questionnaire does not define, with the closest known id."""
    hint = did_you_mean(key, questionnaire.ids)
    return f"unknown question {brief(key)}; {hint}known questions: {', '.join(questionnaire.ids)}"


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
    return load_with_warnings(path, questionnaire)[0]


def load_with_warnings(
    path: Path, questionnaire: Questionnaire
) -> tuple[dict[str, Answer], list[Diagnostic]]:
    """Load and validate an answers file; also return warnings that do not make it invalid.

    The one warning: a file with no answers at all (empty, only comments, or ``{}``) is valid
    and means every default, but it is far more often the wrong file or a file not yet saved.
    """
    raw = yaml_source.load(path)
    answers = validate(raw, questionnaire, path)
    warnings = []
    if not raw:
        warnings.append(
            Diagnostic(
                display_path(path), None, error_codes.EMPTY_ANSWERS,
                "has no answers; every question takes its default",
            )
        )  # fmt: skip
    return answers, warnings


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
                Diagnostic(
                    "--set", None, error_codes.SCHEMA, f"{brief(item)} must look like id=value"
                )
            )
        if key not in questionnaire:
            raise InputError(
                Diagnostic(
                    "--set",
                    None,
                    error_codes.UNKNOWN_QUESTION,
                    unknown_question(key, questionnaire),
                )
            )
        try:
            value = questionnaire[key].parse_text(text)
        except ValueError as exc:
            raise InputError(
                Diagnostic("--set", None, error_codes.INVALID_VALUE, f"{key}: {exc}")
            ) from None
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
