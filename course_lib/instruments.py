"""Screening and outcome tools (course_lib/data/instruments.yaml): band a total against a tool's
cut-offs, score a tool whose licence lets the course reproduce it, and the STarT Back rule.
Pure functions of the knowledge base; for learning, not for assessing a patient."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .knowledge import KnowledgeBase


@dataclass(frozen=True)
class Result:
    total: int
    band: Mapping[str, Any]                 # the band the total falls in
    flags: tuple[str, ...] = ()             # item answers that need action whatever the total


def instrument(kb: KnowledgeBase, tool_id: str) -> Mapping[str, Any]:
    tools = {t["id"]: t for t in kb.instruments}
    if tool_id not in tools:
        raise ValueError(f"unknown tool {tool_id!r}; known: {', '.join(tools)}")
    return tools[tool_id]


def band(kb: KnowledgeBase, tool_id: str, total: float) -> Mapping[str, Any]:
    """The band of `tool_id` that a total falls in; an error outside the tool's range."""
    tool = instrument(kb, tool_id)
    low, high = tool["range"]
    if isinstance(total, bool) or not isinstance(total, (int, float)) or not low <= total <= high:
        raise ValueError(f"a {tool['name']} total runs from {low} to {high}, got {total!r}")
    return next(b for b in tool["bands"] if total <= b["up_to"])


def _points(tool: Mapping[str, Any], answers: Sequence[int]) -> list[int]:
    low, high = tool["points"]
    if len(answers) != tool["items"]:
        raise ValueError(f"{tool['name']} has {tool['items']} items, got {len(answers)} answers")
    for number, a in enumerate(answers, start=1):
        if isinstance(a, bool) or not isinstance(a, int) or not low <= a <= high:
            raise ValueError(f"item {number}: each answer scores {low} to {high}, got {a!r}")
    return list(answers)


def score(kb: KnowledgeBase, tool_id: str, answers: Sequence[int]) -> Result:
    """Total, band and flags of a tool the course may reproduce (reproduce: true)."""
    tool = instrument(kb, tool_id)
    if not tool["reproduce"]:
        raise ValueError(f"{tool['name']} is not reproduced in the course (its licence): "
                         f"score it with the owner's form, {tool['link']}")
    points = _points(tool, answers)
    flags = tuple(f["text"] for f in tool.get("flags", ()) if points[f["item"] - 1] >= f["at_least"])
    return Result(sum(points), band(kb, tool_id, sum(points)), flags)


def start_back_group(kb: KnowledgeBase, total: int, psychosocial: int) -> str:
    """STarT Back risk group from the total (0-9) and the psychosocial subscale (0-5):
    low when the total is in the first band (0-3); otherwise high when the subscale reaches
    its high_at_least (4), else medium (Hill 2008)."""
    tool = instrument(kb, "start-back")
    band(kb, "start-back", total)
    low, high = tool["subscale"]["range"]
    if isinstance(psychosocial, bool) or not isinstance(psychosocial, int) \
            or not low <= psychosocial <= high or psychosocial > total:
        raise ValueError(f"the psychosocial subscale runs from {low} to {high} and cannot exceed "
                         f"the total ({total}), got {psychosocial!r}")
    if total <= tool["bands"][0]["up_to"]:
        return "low"
    return "high" if psychosocial >= tool["subscale"]["high_at_least"] else "medium"
