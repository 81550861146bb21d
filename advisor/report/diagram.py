"""The recommended architecture as a small graph: components, arrows, and a grid layout.

One model feeds both pictures: Mermaid text for Markdown (GitHub and GitLab draw it) and inline
SVG for HTML (drawn in Python, so the HTML report needs no script and no network). Which
components appear follows the answers: a state store only when something must be remembered,
a stream arrow only when tokens must reach the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.questions.questionnaire import Answer

# Node kinds decide the shape: actor (stadium), ingress/compute (box), queue, store (cylinder),
# external (hexagon), wait (rounded, dashed: a run suspended until a callback).
KINDS = ("actor", "ingress", "queue", "compute", "store", "external", "wait")

_TRIGGERS = {
    "user_chat": "Users (chat)",
    "api_request": "API clients",
    "event": "Events (webhook, queue, schedule)",
    "mixed": "Users, API clients and events",
}


@dataclass(frozen=True)
class Node:
    """A component at a grid position (column left to right, row top to bottom)."""

    id: str
    label: str
    kind: str
    col: int
    row: int


@dataclass(frozen=True)
class Edge:
    """An arrow between two components; ``dashed`` for streams that flow back to the user."""

    src: str
    dst: str
    label: str
    dashed: bool = False


@dataclass(frozen=True)
class Diagram:
    """The components and arrows of one architecture."""

    architecture: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        return next(n for n in self.nodes if n.id == node_id)

    @property
    def columns(self) -> int:
        """How many grid columns the layout uses."""
        return max(n.col for n in self.nodes) + 1

    @property
    def rows(self) -> int:
        """How many grid rows the layout uses."""
        return max(n.row for n in self.nodes) + 1


def _needs_store(answers: Mapping[str, Answer]) -> bool:
    return answers.get("state", "none") != "none" or bool(answers.get("resume_needed", False))


def _durable(client: Node, tools: str, answers: Mapping[str, Answer]) -> Diagram:
    """A durable function: checkpointed steps, a suspended wait, state in the history."""
    trigger = str(answers.get("trigger", "user_chat"))
    ingress = "Event trigger" if trigger == "event" else "HTTP endpoint (API gateway / URL)"
    nodes = [
        client,
        Node("ingress", ingress, "ingress", 1, 0),
        Node("compute", "Durable function (checkpointed steps: LLM step, tool step)",
             "compute", 2, 0),
        Node("llm", tools, "external", 3, 0),
        Node("history", "Execution history (checkpoints)", "store", 3, 1),
    ]  # fmt: skip
    edges = [
        Edge("client", "ingress", "request"),
        Edge("ingress", "compute", "start"),
        Edge("compute", "llm", "step calls"),
        Edge("compute", "history", "checkpoint each step"),
    ]
    if answers.get("streaming", "none") != "none":
        edges.append(Edge("compute", "client", "token stream", dashed=True))
    if answers.get("waits", "none") != "none":
        nodes.append(Node("wait", "Wait for callback (approval)", "wait", 2, 1))
        edges += [Edge("compute", "wait", "suspend"), Edge("wait", "compute", "resume")]
    # memory across runs outlives one execution's history: it lives in a store the code reads
    memory = answers.get("state") in ("conversation", "long_term")
    if memory and answers.get("state_location", "external_store") in (
        "external_store",
        "process_memory",
    ):
        nodes.append(Node("store", "State store (memory across runs)", "store", 1, 1))
        edges.append(Edge("compute", "store", "load / save memory"))
    return Diagram("durable_functions", tuple(nodes), tuple(edges))


def diagram_for(architecture: str, answers: Mapping[str, Answer]) -> Diagram:
    """The components of ``architecture`` that this workload needs."""
    trigger = str(answers.get("trigger", "user_chat"))
    client = Node("client", _TRIGGERS.get(trigger, trigger), "actor", 0, 0)
    tools = "LLM API" if answers.get("tool_calls", "none") == "none" else "LLM API and tools"
    if architecture == "durable_functions":
        return _durable(client, tools, answers)
    streaming = answers.get("streaming", "none") != "none"
    steps = answers.get("steps_per_run", 1)
    multi_step = isinstance(steps, int) and not isinstance(steps, bool) and steps > 1
    nodes = [client]
    edges: list[Edge] = []
    if architecture == "serverless":
        ingress_label = "Event trigger" if trigger == "event" else "API gateway / function URL"
        compute_label = "Agent functions (one per step)" if multi_step else "Agent function"
        nodes += [
            Node("ingress", ingress_label, "ingress", 1, 0),
            Node("compute", compute_label, "compute", 2, 0),
            Node("llm", tools, "external", 3, 0),
        ]
        edges += [
            Edge("client", "ingress", "request"),
            Edge("ingress", "compute", "invoke"),
            Edge("compute", "llm", "calls"),
        ]
        if streaming:
            edges.append(Edge("compute", "client", "token stream", dashed=True))
    else:
        if architecture == "hybrid":
            ingress = Node("ingress", "Ingress functions (validate, enqueue)", "ingress", 1, 0)
        else:
            ingress = Node("ingress", "API service (accepts runs)", "ingress", 1, 0)
        nodes += [
            ingress,
            Node("queue", "Run queue", "queue", 2, 0),
            Node("compute", "Agent workers", "compute", 3, 0),
            Node("llm", tools, "external", 4, 0),
        ]
        edges += [
            Edge("client", "ingress", "request"),
            Edge("ingress", "queue", "enqueue run"),
            Edge("queue", "compute", "pull"),
            Edge("compute", "llm", "calls"),
        ]
        if streaming:
            edges.append(Edge("compute", "client", "token stream (SSE)", dashed=True))
    if _needs_store(answers):
        # under the compute node that reads and writes it
        col = next(n.col for n in nodes if n.id == "compute")
        nodes.append(Node("store", "State store (memory, checkpoints)", "store", col, 1))
        edges.append(Edge("compute", "store", "load / save state"))
    return Diagram(architecture, tuple(nodes), tuple(edges))


_MERMAID_SHAPES = {
    "actor": ('(["', '"])'),
    "ingress": ('["', '"]'),
    "queue": ('[["', '"]]'),
    "compute": ('["', '"]'),
    "store": ('[("', '")]'),
    "external": ('{{"', '"}}'),
    "wait": ('("', '")'),
}


def _mermaid_text(text: str) -> str:
    # Inside a quoted Mermaid label only the double quote needs escaping (as an entity).
    return text.replace('"', "#quot;")


def mermaid(diagram: Diagram) -> str:
    """A Mermaid flowchart (left to right) of the diagram, without the code fence."""
    lines = ["flowchart LR"]
    for node in diagram.nodes:
        start, end = _MERMAID_SHAPES[node.kind]
        lines.append(f"    {node.id}{start}{_mermaid_text(node.label)}{end}")
    for edge in diagram.edges:
        arrow = "-.->" if edge.dashed else "-->"
        lines.append(f'    {edge.src} {arrow}|"{_mermaid_text(edge.label)}"| {edge.dst}')
    return "\n".join(lines)
