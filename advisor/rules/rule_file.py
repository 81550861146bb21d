"""Reading one rule file into a :class:`~advisor.rules.model.Rule`, collecting every problem.

Each problem is a Diagnostic at the line of the offending key (``path:line: CODE: message``),
so a pack author sees all mistakes in one run of ``advisor rules check``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from advisor import error_codes, yaml_source
from advisor.errors import Diagnostic, InputError, brief, display_path
from advisor.questions.conditions import compile_condition
from advisor.questions.questionnaire import Answer, Questionnaire
from advisor.rules.facts import Fact
from advisor.rules.model import (
    ARCHITECTURES,
    RISK_CATEGORIES,
    STATUSES,
    Pack,
    RiskSpec,
    Rule,
    Source,
    Veto,
)

RULE_ID = re.compile(r"^[A-Z]{3}\d{3}$")
EFFECT_RANGE = range(-50, 51)


class ReadContext:
    """What every rule in a load shares: the questionnaire, the known facts, the parser."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        facts: Mapping[str, Fact],
        read: Callable[[Path], Any] = yaml_source.load,
    ) -> None:
        self.questionnaire = questionnaire
        self.defaults = questionnaire.defaults()  # every example starts from these; copied
        self.facts = facts
        self.read = read  # yaml_source.load, or a cached reader for the shipped pack


class RuleReader:
    """Parses one rule file, collecting diagnostics instead of stopping at the first."""

    def __init__(
        self, path: Path, pack: Pack, families: Mapping[str, str], ctx: ReadContext
    ) -> None:
        self.path, self.pack, self.families, self.ctx = path, pack, families, ctx
        self.problems: list[Diagnostic] = []

    def problem(self, key_path: Sequence[str | int], code: str, message: str) -> None:
        self.problems.append(yaml_source.locate(self.path, key_path, code, message))

    def text(self, data: Mapping[str, Any], key: str, required: bool = True) -> str:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if required or value is not None:
            self.problem(
                (key,) if key in data else (), error_codes.SCHEMA, f"'{key}' must be non-empty text"
            )
        return ""

    def read(self) -> Rule | None:
        try:
            data = self.ctx.read(self.path)
        except InputError as exc:
            self.problems.extend(exc.diagnostics)
            return None
        if not isinstance(data, dict):
            self.problem(
                (),
                error_codes.SCHEMA,
                "a rule file holds one mapping (id, title, when, effects, …)",
            )
            return None
        allowed_keys = {
            "id", "title", "status", "when", "effects", "veto", "risk", "mitigation",
            "why", "source", "examples",
        }  # fmt: skip
        for key in data:
            if key not in allowed_keys:
                self.problem(
                    (key,),
                    error_codes.SCHEMA,
                    f"unknown field {brief(key)}; allowed: {sorted(allowed_keys)}",
                )
        rule_id = self.text(data, "id")
        if rule_id and not RULE_ID.match(rule_id):
            self.problem(
                ("id",),
                error_codes.NAMING,
                f"id {brief(rule_id)} must be 3 capital letters + 3 digits",
            )
        self.check_location(rule_id)
        status = data.get("status", "stable")
        if status not in STATUSES:
            self.problem(
                ("status",),
                error_codes.SCHEMA,
                f"status {brief(status)}; allowed: {', '.join(STATUSES)}",
            )
        condition, problems = compile_condition(data.get("when"), self.ctx.questionnaire)
        for p in problems:
            self.problem(p.key_path if "when" in data else (), p.code, p.message)
        effects = self.effects(data.get("effects"))
        veto = self.veto(data.get("veto"))
        risk = self.risk(data.get("risk"))
        mitigation = self.text(data, "mitigation", required=risk is not None)
        source = self.source(data.get("source"))
        fires, ok = self.examples(data.get("examples"))
        rule = Rule(
            id=rule_id,
            title=self.text(data, "title"),
            status=str(status),
            family=self.path.parent.name,
            pack=self.pack.name,
            path=display_path(self.path),
            condition=condition,
            when=data.get("when"),
            effects=effects,
            why=self.text(data, "why"),
            source=source,
            veto=veto,
            risk=risk,
            mitigation=mitigation,
            examples_fire=fires,
            examples_ok=ok,
        )
        return None if self.problems else rule

    def check_location(self, rule_id: str) -> None:
        if rule_id and not self.path.stem.startswith(rule_id):
            self.problem(
                ("id",),
                error_codes.NAMING,
                f"file name must start with the id: {rule_id}-<slug>.yaml",
            )
        prefix = self.families.get(self.path.parent.name)
        if self.families and prefix is None:
            families = ", ".join(f"{k} ({v})" for k, v in self.families.items())
            self.problem(
                (),
                error_codes.NAMING,
                f"folder {brief(self.path.parent.name)} is not a family: {families}",
            )
        elif prefix and rule_id and not rule_id.startswith(prefix):
            self.problem(
                ("id",),
                error_codes.NAMING,
                f"rules in {self.path.parent.name}/ use codes {prefix}NNN",
            )

    def effects(self, raw: Any) -> dict[str, int]:
        if not isinstance(raw, dict) or not raw:
            self.problem(
                ("effects",),
                error_codes.SCHEMA,
                f"'effects' maps architectures {ARCHITECTURES} to points",
            )
            return {}
        effects: dict[str, int] = {}
        for arch, points in raw.items():
            if arch not in ARCHITECTURES:
                self.problem(
                    ("effects", arch),
                    error_codes.INVALID_VALUE,
                    f"unknown architecture {brief(arch)}; allowed: {', '.join(ARCHITECTURES)}",
                )
            elif (
                isinstance(points, bool)
                or not isinstance(points, int)
                or points not in EFFECT_RANGE
            ):
                self.problem(
                    ("effects", arch),
                    error_codes.INVALID_VALUE,
                    f"{arch}: {brief(points)}; allowed: an integer from -50 to 50",
                )
            else:
                effects[arch] = points
        return effects

    def veto(self, raw: Any) -> Veto | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problem(
                ("veto",), error_codes.SCHEMA, "'veto' is a mapping: architecture, fact, reason"
            )
            return None
        arch, fact = raw.get("architecture"), raw.get("fact")
        if arch not in ARCHITECTURES:
            self.problem(
                ("veto", "architecture"),
                error_codes.INVALID_VALUE,
                f"veto architecture {brief(arch)}; allowed: {', '.join(ARCHITECTURES)}",
            )
        if not isinstance(fact, str) or fact not in self.ctx.facts:
            self.problem(
                ("veto", "fact"),
                error_codes.UNKNOWN_FACT,
                f"veto must name a known fact; {brief(fact)} is not in facts.yaml",
            )
        reason = self.text(raw, "reason")
        return Veto(str(arch), str(fact), reason)

    def risk(self, raw: Any) -> RiskSpec | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problem(
                ("risk",), error_codes.SCHEMA, "'risk' is a mapping: category, applies_to, text"
            )
            return None
        category = raw.get("category")
        if category not in RISK_CATEGORIES:
            self.problem(
                ("risk", "category"),
                error_codes.INVALID_VALUE,
                f"risk category {brief(category)}; allowed: {', '.join(RISK_CATEGORIES)}",
            )
        applies = raw.get("applies_to", list(ARCHITECTURES))
        if (
            not isinstance(applies, list)
            or not applies
            or any(a not in ARCHITECTURES for a in applies)
        ):
            self.problem(
                ("risk", "applies_to"),
                error_codes.INVALID_VALUE,
                f"applies_to is a list of {', '.join(ARCHITECTURES)}",
            )
            applies = []
        return RiskSpec(str(category), tuple(applies), self.text(raw, "text"))

    def source(self, raw: Any) -> Source:
        if not isinstance(raw, dict):
            self.problem(
                ("source",) if raw is not None else (),
                error_codes.NO_SOURCE,
                "every rule needs a 'source': section + quote from the article, and/or facts",
            )
            return Source()
        section, quote = raw.get("section", ""), raw.get("quote", "")
        facts = raw.get("facts", [])
        if not isinstance(facts, list):
            self.problem(
                ("source", "facts"), error_codes.SCHEMA, "source.facts is a list of fact ids"
            )
            facts = []
        for i, fid in enumerate(facts):
            if fid not in self.ctx.facts:
                self.problem(
                    ("source", "facts", i),
                    error_codes.UNKNOWN_FACT,
                    f"unknown fact {brief(fid)}; known: {', '.join(sorted(self.ctx.facts))}",
                )
        if not (section and quote) and not facts:
            self.problem(
                ("source",), error_codes.NO_SOURCE, "source needs a section and a quote, or facts"
            )
        return Source(str(section), str(quote), tuple(str(f) for f in facts))

    def examples(
        self, raw: Any
    ) -> tuple[tuple[dict[str, Answer], ...], tuple[dict[str, Answer], ...]]:
        if not isinstance(raw, dict):
            self.problem(
                ("examples",) if raw is not None else (),
                error_codes.NO_EXAMPLES,
                "every rule needs 'examples' with 'fires' and 'ok' answer sets",
            )
            return (), ()
        result: list[tuple[dict[str, Answer], ...]] = []
        for kind in ("fires", "ok"):
            sets = raw.get(kind)
            if not isinstance(sets, list) or not sets:
                self.problem(
                    ("examples",),
                    error_codes.NO_EXAMPLES,
                    f"examples need at least one '{kind}' answer set",
                )
                result.append(())
                continue
            checked = []
            for i, answers in enumerate(sets):
                checked.append(self.example(answers, ("examples", kind, i)))
            result.append(tuple(checked))
        return result[0], result[1]

    def example(self, raw: Any, at: tuple[str | int, ...]) -> dict[str, Answer]:
        questionnaire = self.ctx.questionnaire
        if not isinstance(raw, dict):
            self.problem(at, error_codes.SCHEMA, "an example is a mapping of question id → answer")
            return dict(self.ctx.defaults)
        for qid, value in raw.items():
            if qid not in questionnaire:
                self.problem(
                    (*at, qid),
                    error_codes.UNKNOWN_QUESTION,
                    f"unknown question {brief(qid)} in example",
                )
            elif problem := questionnaire[qid].problem_with(value):
                self.problem((*at, qid), error_codes.INVALID_VALUE, f"example {qid}: {problem}")
        return {**self.ctx.defaults, **raw}
