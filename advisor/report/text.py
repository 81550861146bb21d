"""Text for the terminal, laid out with rich (colour only when asked)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from advisor.report.labels import architecture, category, money, short, signed
from advisor.report.view import cost_notes, cost_outlook
from advisor.rules.model import ARCHITECTURES, RISK_CATEGORIES
from advisor.scoring.assessment import Assessment

if TYPE_CHECKING:
    from rich.console import RenderableType

    from advisor.report import RenderOptions

BAR_WIDTH = 30


def _scores(a: Assessment) -> Table:
    table = Table(title="Scores (0–100, 50 is neutral)", title_justify="left", expand=False)
    table.add_column("architecture")
    table.add_column("score", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("status")
    for arch in a.ranking:
        value = a.scores[arch]
        bar = "█" * round(value / 100 * BAR_WIDTH)
        if arch in a.vetoed:
            status = Text("vetoed", style="red")
        elif arch == a.recommendation:
            status = Text("recommended", style="bold green")
        else:
            status = Text("")
        table.add_row(architecture(arch), f"{value:.1f}", bar, status)
    return table


def _reasons(a: Assessment) -> Table:
    table = Table(title="Rules that fired", title_justify="left")
    table.add_column("rule", no_wrap=True)
    table.add_column("title")
    for arch in ARCHITECTURES:
        table.add_column(short(arch), justify="right")
    for rule in sorted(a.fired, key=lambda r: -abs(r.effects.get(a.recommendation, 0))):
        points = [signed(rule.effects.get(arch, 0)) for arch in ARCHITECTURES]
        table.add_row(rule.id, rule.title, *points)
    return table


def _cost(a: Assessment) -> Table:
    table = Table(title="Estimated cost (USD a month)", title_justify="left")
    table.add_column("architecture")
    table.add_column("per month", justify="right")
    table.add_column("largest items (price as of)")
    for arch in a.ranking:
        if arch not in a.cost:
            continue
        estimate = a.cost[arch]
        items = "\n".join(f"{li.item}: {money(li.usd)} ({li.as_of})" for li in estimate.largest())
        table.add_row(short(arch), money(estimate.monthly_usd), items)
    return table


def _risks(a: Assessment) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for cat in RISK_CATEGORIES:
        items = [r for r in a.risks if r.category == cat]
        if not items:
            continue
        text = Text()
        text.append(f"{category(cat)}\n", style="bold")
        for item in items:
            marker = "▶" if item.applies_to_recommendation else "·"
            who = ", ".join(item.applies_to)
            text.append(f" {marker} [{item.rule}] ({who}) {item.text}\n")
            text.append(f"     mitigation: {item.mitigation}\n", style="dim")
        parts.append(text)
    return parts


def _what_if(a: Assessment) -> Text:
    text = Text()
    if not a.sensitivity:
        text.append("No single answer change would change the recommendation.\n")
    for change in a.sensitivity:
        text.append(
            f" • {change.question}: {change.current} → {change.alternative}"
            f"  ⇒ {architecture(change.recommendation)}\n"
        )
    return text


def render(a: Assessment, options: RenderOptions) -> str:
    """The terminal report as a string (ANSI colours only when ``options.color``)."""
    out = io.StringIO()
    console = Console(
        file=out, width=options.width, force_terminal=options.color, no_color=not options.color,
        highlight=False, markup=False,  # "[...]" in a pack's text is text, never rich markup
    )  # fmt: skip
    headline = Text()
    headline.append("Recommendation: ", style="bold")
    headline.append(architecture(a.recommendation), style="bold green")
    headline.append(
        f"\nConfidence: {a.confidence} "
        f"(margin {a.margin:.1f} points over {architecture(a.ranking[1]).lower()})"
    )
    for note in a.notes:
        headline.append(f"\n{note}", style="yellow")
    console.print(Panel(headline, title=options.title, expand=False))
    console.print(_scores(a))
    console.print(_reasons(a))
    if a.cost:
        console.print(_cost(a))
        # a grid gives the notes a hanging indent when they wrap
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column(style="dim")
        for note in cost_notes(a.cost_assumptions):
            notes.add_row(" •", note)
        console.print(notes)
        outlook = Table.grid(padding=(0, 1))
        outlook.add_column(no_wrap=True)
        outlook.add_column()
        for line in cost_outlook(a):
            outlook.add_row(" •", line)
        console.print(Text("Cost against volume", style="bold"))
        console.print(outlook)
    if a.vetoes:
        console.print(Text("Vetoes", style="bold"))
        for veto in a.vetoes:
            fact = veto.fact
            console.print(
                f" ✗ {architecture(veto.architecture)} [{veto.rule}]: {veto.reason}\n"
                f"   fact {fact['id']}: {fact['value']} {fact['unit']} "
                f"(as of {fact['as_of']}; {fact['source']})"
            )
    if a.risks:
        console.print(
            Text("\nRisks and mitigations (▶ = applies to the recommendation)", style="bold")
        )
        console.print(Group(*_risks(a)))
    console.print(Text("What would change the recommendation", style="bold"))
    console.print(_what_if(a))
    if a.facts:
        console.print(Text("Platform facts used", style="bold"))
        for fact in a.facts:
            console.print(
                f" • {fact['title']}: {fact['value']} {fact['unit']} (as of {fact['as_of']})"
            )
    console.print(f"\nRule set: {a.ruleset['name']} {a.ruleset['version']}", style="dim")
    return out.getvalue()
