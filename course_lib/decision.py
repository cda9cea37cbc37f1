"""The treatment decision flow (course_lib/data/decision_flow.yaml) as pure functions: walk it
with a patient's answers, list every path, check its shape, and draw it as a Mermaid diagram."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping


@dataclass(frozen=True)
class Answer:
    label: str
    next: str


@dataclass(frozen=True)
class Node:
    id: str
    kind: str                      # "question" or "recommendation"
    title: str
    text: str
    rationale: str
    sources: tuple[str, ...]
    answers: tuple[Answer, ...] = ()
    treatments: tuple[str, ...] = ()
    urgent: bool = False

    def answer(self, label: str) -> Answer:
        for a in self.answers:
            if a.label == label:
                return a
        raise ValueError(f"'{label}' is not an answer to '{self.id}'; the answers are: "
                         + "; ".join(a.label for a in self.answers))


@dataclass(frozen=True)
class Step:
    node: Node
    answer: str | None = None      # None at the recommendation that ends a path


@dataclass(frozen=True)
class Flow:
    start: str
    nodes: Mapping[str, Node]

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "Flow":
        nodes = {n["id"]: Node(
            id=n["id"], kind=n["kind"], title=n["title"], text=n["text"],
            rationale=n["rationale"], sources=tuple(n["sources"]),
            answers=tuple(Answer(a["label"], a["next"]) for a in n.get("answers", [])),
            treatments=tuple(n.get("treatments", [])), urgent=n.get("urgent", False))
            for n in doc["nodes"]}
        return cls(doc["start"], nodes)

    @property
    def recommendations(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "recommendation"]


class MissingAnswer(LookupError):
    """The walk reached a question that the answers given do not answer."""

    def __init__(self, node: Node):
        super().__init__(f"no answer given to '{node.id}': {node.text}")
        self.node = node


def walk_until(flow: Flow, answers: Mapping[str, str]) -> list[Step]:
    """The path from the start, taking answers[node id] at each question, up to the first
    question not answered or to the recommendation that ends it (the last step, unanswered)."""
    steps, node = [], flow.nodes[flow.start]
    while node.kind == "question" and node.id in answers:
        if any(s.node.id == node.id for s in steps):
            raise ValueError(f"the flow loops back to '{node.id}'")
        steps.append(Step(node, answers[node.id]))
        node = flow.nodes[node.answer(answers[node.id]).next]
    return steps + [Step(node)]


def walk(flow: Flow, answers: Mapping[str, str]) -> list[Step]:
    """The whole path from the start to a recommendation; MissingAnswer if it stops short."""
    steps = walk_until(flow, answers)
    if steps[-1].node.kind == "question":
        raise MissingAnswer(steps[-1].node)
    return steps


def path_text(path: list[Step]) -> str:
    """A path in words, one numbered line per step."""
    return "\n".join(f"{i}. {s.node.title}" + (f" → {s.answer}" if s.answer else "")
                     for i, s in enumerate(path, 1))


def all_paths(flow: Flow) -> Iterator[list[Step]]:
    """Every path from the start, depth first; raises ValueError on a cycle."""
    def extend(path: list[Step], node: Node) -> Iterator[list[Step]]:
        if any(s.node.id == node.id for s in path):
            raise ValueError("the flow has a cycle: "
                             + " → ".join([s.node.id for s in path] + [node.id]))
        if node.kind == "recommendation":
            yield path + [Step(node)]
            return
        for a in node.answers:
            yield from extend(path + [Step(node, a.label)], flow.nodes[a.next])

    yield from extend([], flow.nodes[flow.start])


def flow_problems(flow: Flow) -> list[str]:
    """What is wrong with the flow's shape: unknown targets, cycles, unreachable nodes."""
    unknown = [f"'{n.id}' leads to unknown node '{a.next}'" for n in flow.nodes.values()
               for a in n.answers if a.next not in flow.nodes]
    if flow.start not in flow.nodes:
        unknown.append(f"the start '{flow.start}' is not a node")
    if unknown:
        return unknown
    try:
        reached = {s.node.id for path in all_paths(flow) for s in path}
    except ValueError as exc:
        return [str(exc)]
    return [f"'{n}' cannot be reached from the start" for n in flow.nodes if n not in reached]


def mermaid(flow: Flow, path: list[Step] = (), description: str = "") -> str:
    """The flow as a Mermaid flowchart; the nodes and links of `path` are bold and ticked.
    The description becomes the diagram's accessible text (JupyterLab shows it as a caption)."""
    key = {node_id: f"n{i}" for i, node_id in enumerate(flow.nodes)}
    taken_nodes = {s.node.id for s in path}
    taken_links = {(s.node.id, s.answer) for s in path if s.answer is not None}

    def label(text: str) -> str:
        return text.replace('"', "#quot;")

    lines, links = ["flowchart TD", "    accTitle: The treatment decision flow"], []
    if description:
        lines.append("    accDescr: " + " ".join(description.split()))
    for node in flow.nodes.values():
        tick = "✔ " if node.id in taken_nodes else ""
        shape = '{{"%s"}}' if node.kind == "question" else '["%s"]'
        lines.append(f"    {key[node.id]}" + shape % label(tick + node.title))
    for node in flow.nodes.values():
        for a in node.answers:
            links.append((node.id, a.label) in taken_links)
            lines.append(f'    {key[node.id]} -->|"{label(_short(a.label))}"| {key[a.next]}')
    lines.append("    classDef taken stroke:#000,stroke-width:4px,font-weight:bold")
    lines.append("    classDef urgent stroke-dasharray:6 3")
    for node in flow.nodes.values():
        if node.id in taken_nodes:
            lines.append(f"    class {key[node.id]} taken")
        if node.urgent:
            lines.append(f"    class {key[node.id]} urgent")
    bold = ",".join(str(i) for i, taken in enumerate(links) if taken)
    if bold:
        lines.append(f"    linkStyle {bold} stroke:#000,stroke-width:4px")
    return "\n".join(lines)


def _short(label: str) -> str:
    """An answer's label on a diagram link: the part before its colon."""
    return label.split(":")[0]
