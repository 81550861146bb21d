"""The interactive questionnaire (the only module that imports questionary)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import questionary

from advisor.errors import Cancelled
from advisor.questions.questionnaire import Answer, Question, Questionnaire
from advisor.scoring.assessment import Assessment


def _ask_one(question: Question, default: Answer) -> Answer:
    questionary.print(f"\n{question.help}", style="italic fg:ansibrightblack")
    if question.type == "choice":
        choices = [questionary.Choice(title=c.label, value=c.value) for c in question.choices]
        value = questionary.select(question.prompt, choices=choices, default=str(default)).ask()
    elif question.type == "bool":
        value = questionary.confirm(question.prompt, default=bool(default)).ask()
    else:

        def valid(text: str) -> bool | str:
            try:
                parsed = question.parse_text(text)
            except ValueError as exc:
                return str(exc)
            return question.problem_with(parsed) or True

        text = questionary.text(
            f"{question.prompt} ({question.allowed()})", default=str(default), validate=valid
        ).ask()
        value = None if text is None else question.parse_text(text)
    if value is None:
        raise Cancelled("cancelled at a prompt; nothing was written")
    return value  # type: ignore[no-any-return]


def ask_all(questionnaire: Questionnaire, defaults: Mapping[str, Answer]) -> dict[str, Answer]:
    """Ask every question in order, offering ``defaults`` (earlier answers or the defaults).

    A question whose ``ask_when`` does not hold for the answers so far is moot and not asked;
    it is recorded with its ``skipped_value`` (where state lives, when there is no state).
    Ctrl-C at a prompt raises :class:`Cancelled`; between two prompts (while help text prints,
    before a prompt takes the terminal) it is a SIGINT, a KeyboardInterrupt that the command
    turns into the same outcome.
    """
    total = len(questionnaire.questions)
    answers: dict[str, Answer] = {}
    for number, question in enumerate(questionnaire.questions, start=1):
        if not questionnaire.applies(question, answers):
            skipped = question.skipped_value
            answers[question.id] = question.default if skipped is None else skipped
            continue
        questionary.print(f"\n[{number}/{total}] {question.id}", style="bold")
        answers[question.id] = _ask_one(question, defaults.get(question.id, question.default))
    return answers


def pick_architecture(
    assessment: Assessment, offered: Sequence[str] | None = None
) -> tuple[str, bool]:
    """Let the person accept the recommendation or pick another; True if a veto was overridden.

    Architectures the template does not offer are listed but cannot be picked.
    """
    can = list(assessment.ranking if offered is None else offered)
    choices = []
    for arch in assessment.ranking:
        label = f"{arch}  (score {assessment.scores[arch]:.0f})"
        if arch == assessment.recommendation:
            label += "  ← recommended"
        if arch in assessment.vetoed:
            label += "  ✗ vetoed"
        disabled = None if arch in can else "the starter template does not offer it yet"
        choices.append(questionary.Choice(title=label, value=arch, disabled=disabled))
    default = next((a for a in (assessment.recommendation, *assessment.ranking) if a in can), None)
    if default is None:
        raise Cancelled("the starter template offers none of these architectures")
    picked = questionary.select(
        "Generate which architecture?", choices=choices, default=default
    ).ask()
    if picked is None:
        raise Cancelled("cancelled at a prompt; nothing was written")
    if picked in assessment.vetoed:
        sure = questionary.confirm(
            f"{picked} is vetoed for this workload; generate it anyway?", default=False
        ).ask()
        if not sure:
            raise Cancelled(
                "cancelled: a vetoed architecture was not confirmed; nothing was written"
            )
        return str(picked), True
    return str(picked), False
