"""Human labels shared by every renderer, so the formats never disagree on wording."""

from __future__ import annotations

ARCHITECTURE_LABELS = {
    "serverless": "Serverless functions",
    "long_running": "Long-running workers behind a queue",
    "hybrid": "Hybrid: serverless ingress → queue → workers",
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


def category(name: str) -> str:
    """The label of a risk category id."""
    return CATEGORY_LABELS.get(name, name)


def signed(points: int) -> str:
    """Points with an explicit sign: +8, -15, 0."""
    return f"{points:+d}" if points else "0"
