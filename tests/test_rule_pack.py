"""The default pack is clean, complete and faithful to its own format."""

from __future__ import annotations

import re
from pathlib import Path

from advisor import api, resources
from advisor.rules.model import ARCHITECTURES, RuleSet

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed-article.md"


def test_default_pack_lints_clean() -> None:
    assert [str(p) for p in api.lint([resources.default_pack()])] == []


def test_ids_unique_and_match_file_names(ruleset: RuleSet) -> None:
    ids = [r.id for r in ruleset.rules]
    assert len(ids) == len(set(ids))
    for rule in ruleset.rules:
        assert Path(rule.path).name.startswith(f"{rule.id}-")
        assert re.fullmatch(r"[A-Z]{3}\d{3}", rule.id)


def test_every_rule_has_source_examples_and_all_effects(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        assert (rule.source.section and rule.source.quote) or rule.source.facts, rule.id
        assert rule.examples_fire and rule.examples_ok, rule.id
        assert set(rule.effects) == set(ARCHITECTURES), rule.id
        assert rule.why, rule.id


def test_every_when_key_is_a_known_question(ruleset: RuleSet) -> None:
    known = set(ruleset.questionnaire.ids)
    for rule in ruleset.rules:
        assert rule.condition.questions <= known, rule.id


def test_vetoes_name_dated_facts(ruleset: RuleSet) -> None:
    vetoing = [r for r in ruleset.rules if r.veto]
    assert vetoing, "the pack must veto at least serverless for runs of hours"
    for rule in vetoing:
        assert rule.veto is not None
        fact = ruleset.facts[rule.veto.fact]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact.as_of)


def test_quotes_are_the_articles_words(ruleset: RuleSet) -> None:
    """A quote in a source must appear in the article (normalising quotes and case)."""
    if not ARTICLE.is_file():  # the article lives beside the checkout, in shared/
        import pytest

        pytest.skip(f"article not found at {ARTICLE}")

    def norm(text: str) -> str:
        text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
        return re.sub(r"\s+", " ", text).strip().lower()

    article = norm(ARTICLE.read_text(encoding="utf-8"))
    for rule in ruleset.rules:
        if rule.source.quote:
            quote = norm(rule.source.quote).strip(" .\"'…")
            assert quote in article, f"{rule.id}: quote not in the article: {rule.source.quote!r}"


def test_contract_questions_present(ruleset: RuleSet) -> None:
    contract = {
        "workflow_duration", "steps_per_run", "state", "streaming", "latency_tolerance",
        "tool_calls", "trigger", "traffic", "runs_per_day", "resume_needed", "context_kb",
        "ops_maturity", "cost_priority", "observability",
    }  # fmt: skip
    assert contract <= set(ruleset.questionnaire.ids)
    q = ruleset.questionnaire
    assert q["workflow_duration"].values == ("seconds", "minutes", "hours")
    assert q["state"].values == ("none", "per_run", "conversation", "long_term")
    assert q["steps_per_run"].minimum == 1
    assert q["resume_needed"].type == "bool"
    for question in q.questions:
        assert question.help and question.prompt


def test_required_facts_present(ruleset: RuleSet) -> None:
    text = " ".join(
        f"{f.id} {f.title} {f.value} {f.unit} {f.note}".lower() for f in ruleset.facts.values()
    )
    for needle in ("15", "6 mb", "1 mb", "stream", "durable", "29", "256", "60", "230", "cold"):
        assert needle in text, needle
