"""The questionnaire's v2 fields (ask_when, skipped_value, monotone) are validated with
file:line messages, and ask_when is compiled once and answers from earlier answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.questions.questionnaire import Questionnaire, load_questionnaire

STATE = """\
  - id: state
    type: choice
    prompt: What must the agent remember?
    help: Memory.
    choices: [{value: none}, {value: conversation}]
    default: none
"""
WHERE = """\
  - id: where
    type: choice
    prompt: Where does it live?
    help: Location.
    choices: [{value: nowhere}, {value: store}]
    default: store
"""


def _load(tmp_path: Path, text: str) -> Questionnaire:
    path = tmp_path / "questions.yaml"
    path.write_text("questions:\n" + text, encoding="utf-8")
    return load_questionnaire(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, text)
    return str(caught.value)


def test_ask_when_is_compiled_once_and_reads_earlier_answers(tmp_path: Path) -> None:
    extra = "    ask_when: {state: conversation}\n    skipped_value: nowhere\n"
    questionnaire = _load(tmp_path, STATE + WHERE + extra)
    where = questionnaire["where"]
    assert set(questionnaire.ask_tests) == {"where"}
    assert where.skipped_value == "nowhere"
    assert questionnaire.applies(where, {"state": "conversation"})
    assert not questionnaire.applies(where, {})  # the default, none, makes it moot


def test_ask_when_may_not_read_a_later_question(tmp_path: Path) -> None:
    message = _error(tmp_path, WHERE + "    ask_when: {state: conversation}\n" + STATE)
    assert (
        "questions.yaml:8: ADV104: question 'where': ask_when reads state, asked later" in message
    )


def test_ask_when_must_name_known_questions_and_values(tmp_path: Path) -> None:
    message = _error(tmp_path, STATE + WHERE + "    ask_when: {state: forever}\n")
    assert ":14: ADV104:" in message and "'forever' is not allowed" in message


def test_skipped_value_must_be_allowed(tmp_path: Path) -> None:
    message = _error(tmp_path, STATE + WHERE + "    skipped_value: somewhere\n")
    assert ":14: ADV104: question 'where': skipped_value 'somewhere' is not allowed" in message


@pytest.mark.parametrize(
    ("monotone", "expected"),
    [
        ("{never_helps: [serverless], sometimes: [hybrid]}", "ADV102: question 'state': monotone"),
        ("{never_helps: [lambda]}", "ADV104: question 'state': never_helps is a list of"),
    ],
)
def test_monotone_declarations_are_checked(tmp_path: Path, monotone: str, expected: str) -> None:
    message = _error(tmp_path, STATE + f"    monotone: {monotone}\n")
    assert expected in message
