"""The questionnaire as data: question definitions from ``rules/questions.yaml``.

A :class:`Question` knows its type, choices, bounds and default, checks a value against them,
and says in words what is allowed — the text every answer error quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from advisor import error_codes, yaml_source
from advisor.architectures import ARCHITECTURES
from advisor.errors import InputError, brief, did_you_mean

Answer = str | int | bool
QUESTION_TYPES = ("choice", "int", "bool")


def _show(value: object) -> str:
    """A value as it is written in YAML, for messages (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null (empty)"
    return brief(value)


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice question, with the label shown to people."""

    value: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Question:
    """One question: id, type, prompt, why it matters, allowed values and default."""

    id: str
    type: str
    prompt: str
    help: str
    default: Answer
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    # Asked only when this condition (over earlier answers) holds; otherwise the answer is
    # ``skipped_value``: the question is moot (where state lives, when there is no state).
    ask_when: Any = None
    skipped_value: Answer | None = None
    # Declared directions (as the answer moves later in ``choices``, up for ints, false → true):
    # never raise these architectures against the others / never lower these.
    never_helps: tuple[str, ...] = ()
    never_hurts: tuple[str, ...] = ()

    @property
    def ordinal(self) -> bool:
        """True when the question declares a monotone direction."""
        return bool(self.never_helps or self.never_hurts)

    def ordered_values(self) -> tuple[Answer, ...]:
        """Choice values in declared order, (false, true) for booleans; empty for ints."""
        if self.type == "choice":
            return self.values
        if self.type == "bool":
            return (False, True)
        return ()

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a choice question."""
        return tuple(c.value for c in self.choices)

    def allowed(self) -> str:
        """What is allowed, in words, for error messages."""
        if self.type == "choice":
            return "one of: " + ", ".join(self.values)
        if self.type == "bool":
            return "true or false"
        if self.minimum is not None and self.maximum is not None:
            return f"an integer from {self.minimum} to {self.maximum:_}"
        low = "" if self.minimum is None else f" ≥ {self.minimum}"
        high = "" if self.maximum is None else f" ≤ {self.maximum:_}"
        return f"an integer{low}{high}"

    def problem_with(self, value: object) -> str | None:
        """Why ``value`` is not a valid answer (exactly as written), or None when it is."""
        if self.type == "choice":
            if isinstance(value, str) and value in self.values:
                return None
            hint = did_you_mean(value, self.values)
            return f"{_show(value)} is not allowed; {hint}allowed: {self.allowed()}"
        if self.type == "bool":
            if isinstance(value, bool):
                return None
            hint = _BOOL_HINTS.get(value.strip().lower(), "") if isinstance(value, str) else ""
            return f"{_show(value)} is not a boolean; {hint}allowed: {self.allowed()}"
        # ints: bool is a subclass of int in Python, and "5" is text — both are refused.
        if isinstance(value, float):
            return (
                f"{_show(value)} is not an integer (write a whole number, without a decimal "
                f"point or an exponent); allowed: {self.allowed()}"
            )
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{_show(value)} is not an integer; allowed: {self.allowed()}"
        if self.minimum is not None and value < self.minimum:
            return f"{_show(value)} is too small; allowed: {self.allowed()}"
        if self.maximum is not None and value > self.maximum:
            return f"{_show(value)} is too large; allowed: {self.allowed()}"
        return None

    def accept(self, value: object) -> Answer:
        """A person's answer, normalised; ValueError (saying what is allowed) when invalid.

        A choice that differs from an allowed value only in letter case is that value
        (``Conversation`` is ``conversation``); nothing else is converted: ``"5"`` is not an
        integer and ``yes`` is not a boolean, in a file as on the command line.
        """
        if self.type == "choice" and isinstance(value, str) and value not in self.values:
            value = {v.lower(): v for v in self.values}.get(value.lower(), value)
        problem = self.problem_with(value)
        if problem:
            raise ValueError(problem)
        return value  # type: ignore[return-value]  # problem_with checked the type

    def parse_text(self, text: str) -> Answer:
        """Convert text typed by a person (``--set`` or a prompt) to a typed answer.

        The text means what it would mean as a value in an answers file (a YAML 1.2 plain
        scalar: ``5`` is an integer, ``true`` a boolean), and is then checked by
        :meth:`accept`, so a value is valid on the command line exactly when it is in a file.
        """
        return self.accept(yaml_source.scalar(text))


# YAML 1.1 and other spellings of booleans that YAML 1.2 (and so an answers file) reads as text
_BOOL_HINTS = {
    **dict.fromkeys(("yes", "y", "on", "1", "true"), "did you mean true? "),
    **dict.fromkeys(("no", "n", "off", "0", "false"), "did you mean false? "),
}


@dataclass(frozen=True)
class Questionnaire:
    """All questions, in the order they are asked."""

    questions: tuple[Question, ...]
    path: str = ""
    _by_id: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)
    # question id → its compiled ``ask_when`` predicate (compiled once, when the file is loaded)
    ask_tests: Mapping[str, Callable[[Mapping[str, Answer]], bool]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def __getitem__(self, question_id: str) -> Question:
        return self._by_id[question_id]

    @property
    def ids(self) -> tuple[str, ...]:
        """Question ids in order."""
        return tuple(q.id for q in self.questions)

    def defaults(self) -> dict[str, Answer]:
        """Every question's default answer."""
        return {q.id: q.default for q in self.questions}

    def applies(self, question: Question, earlier: Mapping[str, Answer]) -> bool:
        """Whether ``question`` is worth asking given the answers so far (its ``ask_when``)."""
        test = self.ask_tests.get(question.id)
        return test is None or test({**self.defaults(), **earlier})


def _require(entry: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind):
        raise TypeError(key)
    return value


def _parse_question(entry: Any, index: int, path: Path) -> Question:
    where = ("questions", index)
    if not isinstance(entry, dict):
        raise InputError(
            yaml_source.locate(path, where, error_codes.SCHEMA, "a question must be a mapping")
        )
    try:
        qid = _require(entry, "id", str)
        qtype = _require(entry, "type", str)
        prompt = _require(entry, "prompt", str)
        help_text = _require(entry, "help", str)
    except TypeError as missing:
        raise InputError(
            yaml_source.locate(
                path, where, error_codes.SCHEMA, f"question needs a text field '{missing.args[0]}'"
            )
        ) from None
    if qtype not in QUESTION_TYPES:
        raise InputError(
            yaml_source.locate(
                path,
                (*where, "type"),
                error_codes.SCHEMA,
                f"question '{qid}': type {brief(qtype)} is not one of {', '.join(QUESTION_TYPES)}",
            )
        )
    choices: tuple[Choice, ...] = ()
    if qtype == "choice":
        raw = entry.get("choices")
        if not isinstance(raw, list) or not raw:
            raise InputError(
                yaml_source.locate(
                    path, where, error_codes.SCHEMA, f"question '{qid}' needs choices"
                )
            )
        choices = tuple(
            Choice(str(c["value"]), str(c.get("label", c["value"])), str(c.get("help", "")))
            for c in raw
            if isinstance(c, dict) and "value" in c
        )
    never_helps, never_hurts = _monotone(entry.get("monotone"), qid, path, where)
    minimum, maximum = _bounds(entry, qid, qtype, path, where)
    question = Question(
        id=qid,
        type=qtype,
        prompt=prompt,
        help=help_text,
        default=entry.get("default"),  # type: ignore[arg-type]  # checked just below
        choices=choices,
        minimum=minimum,
        maximum=maximum,
        ask_when=entry.get("ask_when"),
        skipped_value=entry.get("skipped_value", entry.get("default")),
        never_helps=never_helps,
        never_hurts=never_hurts,
    )
    for key, value in (("default", question.default), ("skipped_value", question.skipped_value)):
        problem = question.problem_with(value)
        if problem:
            raise InputError(
                yaml_source.locate(
                    path,
                    (*where, key),
                    error_codes.INVALID_VALUE,
                    f"question '{qid}': {key} {problem}",
                )
            )
    return question


def _bounds(
    entry: Mapping[str, Any], qid: str, qtype: str, path: Path, where: tuple[str | int, ...]
) -> tuple[int | None, int | None]:
    """An int question's ``min`` and ``max``: both required, so no answer is unbounded.

    Without an upper bound an answers file could say ``runs_per_day: 10**44`` and every
    figure computed from it would be nonsense; the bound is data, next to the question.
    """
    low, high = entry.get("min"), entry.get("max")
    if qtype != "int":
        if low is not None or high is not None:
            raise InputError(
                yaml_source.locate(
                    path, where, error_codes.SCHEMA,
                    f"question '{qid}': min and max apply only to int questions",
                )
            )  # fmt: skip
        return None, None
    bounds = []
    for key, bound in (("min", low), ("max", high)):
        if isinstance(bound, bool) or not isinstance(bound, int):
            raise InputError(
                yaml_source.locate(
                    path, (*where, key) if key in entry else where, error_codes.SCHEMA,
                    f"question '{qid}': an int question needs an integer '{key}', "
                    f"found {brief(bound)}",
                )
            )  # fmt: skip
        bounds.append(bound)
    low, high = bounds
    if low > high:
        raise InputError(
            yaml_source.locate(
                path, (*where, "max"), error_codes.INVALID_VALUE,
                f"question '{qid}': max {high} is below min {low}",
            )
        )  # fmt: skip
    return low, high


def _monotone(
    raw: Any, qid: str, path: Path, where: tuple[str | int, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parse ``monotone: {never_helps: [...], never_hurts: [...]}`` (architecture lists)."""
    if raw is None:
        return (), ()
    at = (*where, "monotone")
    if not isinstance(raw, dict) or set(raw) - {"never_helps", "never_hurts"}:
        raise InputError(
            yaml_source.locate(
                path, at, error_codes.SCHEMA,
                f"question '{qid}': monotone takes never_helps and/or never_hurts lists",
            )
        )  # fmt: skip
    parsed: list[tuple[str, ...]] = []
    for key in ("never_helps", "never_hurts"):
        archs = raw.get(key, [])
        if not isinstance(archs, list) or any(a not in ARCHITECTURES for a in archs):
            raise InputError(
                yaml_source.locate(
                    path, (*at, key), error_codes.INVALID_VALUE,
                    f"question '{qid}': {key} is a list of {', '.join(ARCHITECTURES)}",
                )
            )  # fmt: skip
        parsed.append(tuple(archs))
    return parsed[0], parsed[1]


def load_questionnaire(path: Path, read: Callable[[Path], Any] = yaml_source.load) -> Questionnaire:
    """Load and validate ``questions.yaml``; ``read`` parses it (see :func:`load_facts`)."""
    data = read(path)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise InputError(
            yaml_source.locate(
                path, (), error_codes.SCHEMA, "expected a mapping with a 'questions' list"
            )
        )
    questions = tuple(_parse_question(e, i, path) for i, e in enumerate(data["questions"]))
    seen: set[str] = set()
    for i, q in enumerate(questions):
        if q.id in seen:
            raise InputError(
                yaml_source.locate(
                    path, ("questions", i), error_codes.DUPLICATE, f"duplicate question '{q.id}'"
                )
            )
        seen.add(q.id)
    questionnaire = Questionnaire(questions, str(path))
    return replace(questionnaire, ask_tests=_compile_ask_when(questionnaire, path))


def _compile_ask_when(
    questionnaire: Questionnaire, path: Path
) -> dict[str, Callable[[Mapping[str, Answer]], bool]]:
    """Each ``ask_when`` compiled; it must read only questions asked before its own."""
    from advisor.questions.conditions import compile_condition  # conditions imports this module

    tests = {}
    for i, question in enumerate(questionnaire.questions):
        if question.ask_when is None:
            continue
        at: tuple[str | int, ...] = ("questions", i, "ask_when")
        condition, problems = compile_condition(question.ask_when, questionnaire, at)
        if problems:
            first = problems[0]
            raise InputError(yaml_source.locate(path, first.key_path, first.code, first.message))
        earlier = set(questionnaire.ids[:i])
        if not condition.questions <= earlier:
            later = ", ".join(sorted(condition.questions - earlier))
            raise InputError(
                yaml_source.locate(
                    path, at, error_codes.INVALID_VALUE,
                    f"question '{question.id}': ask_when reads {later}, asked later",
                )
            )  # fmt: skip
        tests[question.id] = condition.test
    return tests
