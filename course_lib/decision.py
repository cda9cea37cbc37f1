"""The treatment decision flow (course_lib/data/decision_flow.yaml) as pure functions: walk it
with a patient's answers, list every path, check its shape, and draw it as a Mermaid diagram.

A question leads on through the answer given. A recommendation ends a path, unless it has a
follow-up (`then`): a question asked once the recommendation has been carried out (the result of
a stimulation trial, say). The walk goes on through it only when that question is answered."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping


@dataclass(frozen=True)
class Answer:
    label: str
    next: str


@dataclass(frozen=True)
class FollowUp:
    when: str                      # when the follow-up is asked, e.g. "When the trial is over"
    next: str                      # the question asked then


@dataclass(frozen=True)
class Node:
    id: str
    kind: str                      # "question" or "recommendation"
    title: str
    text: str
    rationale: str
    certainty: str                 # how sure we are, in one line
    sources: tuple[str, ...]
    answers: tuple[Answer, ...] = ()
    treatments: tuple[str, ...] = ()
    urgent: bool = False
    then: FollowUp | None = None   # a recommendation's follow-up question

    @property
    def links(self) -> tuple[tuple[str | None, str], ...]:
        """Where the node leads: (answer label, next id) for each answer, (None, next id) for
        a recommendation's follow-up."""
        return (tuple((a.label, a.next) for a in self.answers)
                + (((None, self.then.next),) if self.then else ()))

    def answer(self, label: str) -> Answer:
        for a in self.answers:
            if a.label == label:
                return a
        raise ValueError(f"'{label}' is not an answer to '{self.id}'; the answers are: "
                         + "; ".join(a.label for a in self.answers))


@dataclass(frozen=True)
class Step:
    node: Node
    answer: str | None = None      # None at a recommendation


@dataclass(frozen=True)
class Flow:
    start: str
    nodes: Mapping[str, Node]

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "Flow":
        nodes = {n["id"]: Node(
            id=n["id"], kind=n["kind"], title=n["title"], text=n["text"],
            rationale=n["rationale"], certainty=n["certainty"], sources=tuple(n["sources"]),
            answers=tuple(Answer(a["label"], a["next"]) for a in n.get("answers", [])),
            treatments=tuple(n.get("treatments", [])), urgent=n.get("urgent", False),
            then=FollowUp(n["then"]["when"], n["then"]["next"]) if "then" in n else None)
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


def follow(node: Node, answers: Mapping[str, str]) -> Step | None:
    """The step the answers take at `node` and where it leads, or None if the path stops there:
    a question not answered, or a recommendation whose follow-up is not answered (or absent)."""
    if node.kind == "question":
        return Step(node, answers[node.id]) if node.id in answers else None
    return Step(node) if node.then and node.then.next in answers else None


def next_node(flow: Flow, step: Step) -> Node:
    """The node a step leads to: its answer's target, or its recommendation's follow-up."""
    node = step.node
    return flow.nodes[node.answer(step.answer).next if node.kind == "question" else node.then.next]


def walk_until(flow: Flow, answers: Mapping[str, str]) -> list[Step]:
    """The path from the start, taking answers[node id] at each question, up to the first
    question not answered or to the recommendation that ends it (the last step, unanswered)."""
    steps, node = [], flow.nodes[flow.start]
    while (step := follow(node, answers)) is not None:
        if any(s.node.id == node.id for s in steps):
            raise ValueError(f"the flow loops back to '{node.id}'")
        steps.append(step)
        node = next_node(flow, step)
    return steps + [Step(node)]


def current_question(flow: Flow, path: list[Step]) -> Node | None:
    """The question to answer next at the end of a path: the last node if it is a question,
    a recommendation's follow-up, or None where the path has really ended."""
    last = path[-1].node
    if last.kind == "question":
        return last
    return flow.nodes[last.then.next] if last.then else None


def answers_of(path: list[Step]) -> dict[str, str]:
    """The answers that retrace a path."""
    return {s.node.id: s.answer for s in path if s.answer is not None}


def walk(flow: Flow, answers: Mapping[str, str]) -> list[Step]:
    """The whole path from the start to a recommendation; MissingAnswer if it stops short."""
    steps = walk_until(flow, answers)
    if steps[-1].node.kind == "question":
        raise MissingAnswer(steps[-1].node)
    return steps


def path_text(path: list[Step]) -> str:
    """A path in words, one numbered line per step."""
    def tail(i: int, s: Step) -> str:
        if s.answer:
            return f" → {s.answer}"
        return f" → then: {s.node.then.when}" if i < len(path) else ""
    return "\n".join(f"{i}. {s.node.title}{tail(i, s)}" for i, s in enumerate(path, 1))


def all_paths(flow: Flow) -> Iterator[list[Step]]:
    """Every path from the start, depth first; raises ValueError on a cycle. A recommendation
    with a follow-up ends one path and goes on into the follow-up in the others."""
    def extend(path: list[Step], node: Node) -> Iterator[list[Step]]:
        if any(s.node.id == node.id for s in path):
            raise ValueError("the flow has a cycle: "
                             + " → ".join([s.node.id for s in path] + [node.id]))
        if node.kind == "recommendation":
            yield path + [Step(node)]
            if node.then:
                yield from extend(path + [Step(node)], flow.nodes[node.then.next])
            return
        for a in node.answers:
            yield from extend(path + [Step(node, a.label)], flow.nodes[a.next])

    yield from extend([], flow.nodes[flow.start])


def flow_problems(flow: Flow) -> list[str]:
    """What is wrong with the flow's shape: unknown targets, cycles, unreachable nodes."""
    unknown = [f"'{n.id}' leads to unknown node '{target}'" for n in flow.nodes.values()
               for _, target in n.links if target not in flow.nodes]
    unknown += [f"the follow-up of '{n.id}' is '{n.then.next}', which is not a question"
                for n in flow.nodes.values() if n.then and n.then.next in flow.nodes
                and flow.nodes[n.then.next].kind != "question"]
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
    taken_links = {(s.node.id, s.answer) for s in path[:-1]}

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
        for answer, target in node.links:
            links.append((node.id, answer) in taken_links)
            if answer is None:          # a follow-up: a dotted link
                lines.append(f'    {key[node.id]} -.->|"then"| {key[target]}')
            else:
                lines.append(f'    {key[node.id]} -->|"{label(_short(answer))}"| {key[target]}')
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
