"""Human labels shared by every renderer, so the formats never disagree on wording."""

from __future__ import annotations

ARCHITECTURE_LABELS = {
    "serverless": "Serverless functions",
    "long_running": "Long-running workers behind a queue",
    "hybrid": "Hybrid: serverless ingress → queue → workers",
    "durable_functions": "Durable functions: serverless steps under a durable execution engine",
}

# For narrow places: table columns, chart legends.
ARCHITECTURE_SHORT_LABELS = {
    "serverless": "Serverless",
    "long_running": "Long-running",
    "hybrid": "Hybrid",
    "durable_functions": "Durable functions",
}

# The article groups long-running challenges as State Management, Failure Handling,
# Resource Management and Observability, and has a section on cost; latency and operations
# come from its performance comparison and its "long-running requires" list.
CATEGORY_LABELS = {
    "latency": "Latency",
    "state": "State management",
    "failure_handling": "Failure handling",
    "resources": "Resource management",
    "observability": "Observability",
    "cost": "Cost",
    "operations": "Operations",
}


def architecture(name: str) -> str:
    """The label of an architecture id."""
    return ARCHITECTURE_LABELS.get(name, name)


def short(name: str) -> str:
    """The short label of an architecture id (Serverless, Long-running, Hybrid, …)."""
    return ARCHITECTURE_SHORT_LABELS.get(name, name)


def money(usd: float) -> str:
    """A monthly figure in USD: $1,234 from $100 on, cents below ($0.42, $12.50)."""
    return f"${usd:,.0f}" if usd >= 100 else f"${usd:,.2f}"


def quantity(value: float) -> str:
    """A billed quantity, thousands separated, at most two decimals (600,000; 6.87)."""
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"


def category(name: str) -> str:
    """The label of a risk category id."""
    return CATEGORY_LABELS.get(name, name)


def signed(points: int) -> str:
    """Points with an explicit sign: +8, -15, 0."""
    return f"{points:+d}" if points else "0"


# Short names of the questions for tables and decision drivers; the full prompts live in
# rules/questions.yaml, which the Assessment does not carry. Unknown ids (an organisation's
# own questions) fall back to the id itself.
QUESTION_LABELS = {
    "workflow_duration": "Duration of one run",
    "steps_per_run": "LLM and tool calls per run",
    "state": "What the agent must remember",
    "streaming": "Token streaming",
    "latency_tolerance": "Latency tolerance",
    "tool_calls": "Tool calls",
    "trigger": "What starts a run",
    "traffic": "Traffic shape",
    "runs_per_day": "Runs per day",
    "resume_needed": "Resume after a crash",
    "context_kb": "State carried between steps (KB)",
    "ops_maturity": "Team's ability to run services",
    "cost_priority": "Cost priority",
    "observability": "Observability needed",
    "dependency_weight": "Dependency weight (cold start)",
    "compute_seconds_per_run": "Active compute per run (s; 0 = estimate)",
    "memory_mb": "Function memory (MB)",
    "input_tokens_per_step": "Model input tokens per step",
    "waits": "Waiting on people or events",
    "loop_shape": "Agent loop in one invocation",
    "state_location": "Where state lives between steps",
    "platform": "Platform",
    "runtime_language": "Language of the agent",
}

CONFIDENCE_LABELS = {
    "high": "High",
    "medium": "Medium",
    "low": "Low",
}


def question(qid: str) -> str:
    """The short label of a question id."""
    return QUESTION_LABELS.get(qid, qid)


def answer(value: object) -> str:
    """An answer as it is written in an answers file (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def clause(text: str) -> str:
    """Text that continues a sentence ("Good, because …").

    The first letter is lowered unless the first word is an acronym such as "AWS" or "SSE".
    """
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text
