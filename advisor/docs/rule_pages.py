"""Reference pages generated from the rule files: one Markdown page per rule, plus an index.

``advisor rules docs`` writes them; ``advisor rules docs --check`` fails when the committed
pages differ from what the rule files say (CI runs it, so docs never go stale).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from advisor.report.labels import architecture, category, signed
from advisor.rules.model import ARCHITECTURES, Rule, RuleSet

INDEX = "index.md"
RULE_PAGE = re.compile(r"^[A-Z]{3}[0-9]{3}\.md$")


def _condition(when: object) -> str:
    return "```json\n" + json.dumps(when, indent=2, ensure_ascii=False, default=str) + "\n```"


def _example(answers: dict[str, object]) -> str:
    return "`" + json.dumps(answers, ensure_ascii=False, sort_keys=True) + "`"


def rule_page(rule: Rule, ruleset: RuleSet) -> str:
    """The Markdown page for one rule (also what ``advisor rules show`` prints)."""
    defaults = ruleset.questionnaire.defaults()
    lines = [
        f"# {rule.id}: {rule.title}",
        "",
        f"- **Family:** {rule.family}  ",
        f"- **Pack:** {rule.pack}  ",
        f"- **Status:** {rule.status}  ",
        f"- **File:** `{Path(rule.path).as_posix()}`",
        "",
        "## When it fires",
        "",
        _condition(rule.when),
        "",
        "## Effects",
        "",
        "| architecture | points |",
        "|---|---|",
        *[f"| {architecture(a)} | {signed(rule.effects.get(a, 0))} |" for a in ARCHITECTURES],
        "",
    ]
    if rule.veto:
        fact = ruleset.facts[rule.veto.fact]
        lines += [
            "## Veto",
            "",
            f"**{architecture(rule.veto.architecture)}** is ruled out: {rule.veto.reason}",
            "",
            f"Fact `{fact.id}`: {fact.title} — {fact.value} {fact.unit} "
            f"(as of {fact.as_of}; {fact.source})",
            "",
        ]
    if rule.risk:
        applies = ", ".join(architecture(a) for a in rule.risk.applies_to)
        lines += [
            f"## Risk ({category(rule.risk.category)})",
            "",
            f"Applies to: {applies}.",
            "",
            rule.risk.text,
            "",
            f"**Mitigation:** {rule.mitigation}",
            "",
        ]
    lines += ["## Why", "", rule.why, "", "## Source", ""]
    if rule.source.section:
        lines.append(f"> \u201c{rule.source.quote}\u201d — *{rule.source.section}*")
        lines.append("")
    for fid in rule.source.facts:
        fact = ruleset.facts[fid]
        lines.append(
            f"- `{fid}`: {fact.title} — {fact.value} {fact.unit} "
            f"(as of {fact.as_of}; {fact.source})"
        )
    lines += ["", "## Examples", "", "Fires for (other answers take their defaults):", ""]
    for ex in rule.examples_fire:
        lines.append(f"- {_example(_diff(ex, defaults))}")
    lines += ["", "Does not fire for:", ""]
    for ex in rule.examples_ok:
        lines.append(f"- {_example(_diff(ex, defaults))}")
    return "\n".join(lines).rstrip() + "\n"


def _diff(answers: Mapping[str, object], defaults: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in answers.items() if defaults.get(k) != v or k not in defaults}


def index_page(ruleset: RuleSet) -> str:
    """The index: every rule by family, with its effects at a glance."""
    lines = [
        f"# Rules: {ruleset.name} {ruleset.version}",
        "",
        "Generated from the rule files by `advisor rules docs`; do not edit by hand.",
        "",
    ]
    families = sorted({r.family for r in ruleset.rules})
    for family in families:
        lines += [
            f"## {family}",
            "",
            "| rule | title | serverless | long_running | hybrid | veto |",
            "|---|---|---|---|---|---|",
        ]
        for rule in sorted((r for r in ruleset.rules if r.family == family), key=lambda r: r.id):
            eff = [signed(rule.effects.get(a, 0)) for a in ARCHITECTURES]
            veto = rule.veto.architecture if rule.veto else ""
            lines.append(
                f"| [{rule.id}]({rule.id}.md) | {rule.title} | {' | '.join(eff)} | {veto} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def pages(ruleset: RuleSet) -> dict[str, str]:
    """File name → content for every page."""
    result = {f"{r.id}.md": rule_page(r, ruleset) for r in ruleset.rules}
    result[INDEX] = index_page(ruleset)
    return result


def generated_page(path: Path) -> bool:
    """Whether ``path`` is a rule page this module wrote: ``ABC123.md`` headed ``# ABC123: ``.

    Only such pages are ever deleted, so other files in the folder (a README, a changelog,
    notes) are never touched, whatever their names.
    """
    if not (RULE_PAGE.match(path.name) and path.is_file() and not path.is_symlink()):
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline(200)
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith(f"# {path.stem}: ")


def _left_over(out: Path, wanted: Mapping[str, str]) -> list[Path]:
    """Generated pages of rules that no longer exist."""
    if not out.is_dir():
        return []
    return sorted(p for p in out.glob("*.md") if p.name not in wanted and generated_page(p))


def write_docs(ruleset: RuleSet, out: Path) -> int:
    """Write every page (removing pages of rules that no longer exist); returns the count."""
    from advisor.docs.reference_pages import write_pages

    wanted = pages(ruleset)
    write_pages(wanted, out)
    for stale in _left_over(out, wanted):
        stale.unlink()
    return len(wanted)


def check_docs(ruleset: RuleSet, out: Path) -> list[str]:
    """Names of pages that are missing, different, or left over."""
    from advisor.docs.reference_pages import stale_pages

    wanted = pages(ruleset)
    return stale_pages(wanted, out) + [p.name for p in _left_over(out, wanted)]
