"""Causes of FBSS: filtering by timing, procedure and symptom, their onset timeline, and a
teaching model of adjacent segment disease. Pure functions of the knowledge base."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .knowledge import KnowledgeBase

LUMBAR_SEGMENTS = ("L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")


def filter_causes(kb: KnowledgeBase, timing: str = "", procedure: str = "",
                  symptom: str = "") -> list[Mapping[str, Any]]:
    """Causes that arise at `timing`, can follow `procedure` and mention `symptom` in their
    name, mechanism or clues; an empty criterion matches everything."""
    words = symptom.lower().split()

    def matches(cause) -> bool:
        text = " ".join([cause["name"], cause["mechanism"], *cause["clues"]]).lower()
        procedures = cause.get("procedures", ["any"])
        return ((not timing or timing in cause["timing"])
                and (not procedure or procedure in procedures or "any" in procedures)
                and all(w in text for w in words))

    return [c for c in kb.causes.values() if matches(c)]


@dataclass(frozen=True)
class Onset:
    name: str
    start: float         # months after the operation
    end: float
    approximate: bool    # the course's reading of words such as "months", not a sourced range


def timeline(kb: KnowledgeBase) -> list[Onset]:
    """The window in which each cause with a known onset usually first shows, earliest first."""
    rows = [Onset(c["name"], *c["onset_months"], c.get("onset_approximate", False))
            for c in kb.causes.values() if "onset_months" in c]
    return sorted(rows, key=lambda r: (r.start, r.end))


@dataclass(frozen=True)
class SegmentMotion:
    segment: str
    fused: bool
    adjacent: bool
    percent_of_normal: float   # the share of bending this segment must now provide


def adjacent_segment_model(fused: int, lowest: str = "L5-S1",
                           neighbour_weight: float = 2.0) -> list[SegmentMotion]:
    """A teaching model, not a biomechanical one. Assumptions: the patient keeps the same
    total lumbar bending; the motion the fused segments lose is taken up by the segments that
    still move; each segment next to the fusion takes `neighbour_weight` times the share of
    the others. Fusing `fused` segments ending at `lowest`."""
    if not 0 <= fused < len(LUMBAR_SEGMENTS):
        raise ValueError(f"fuse between 0 and {len(LUMBAR_SEGMENTS) - 1} segments")
    end = LUMBAR_SEGMENTS.index(lowest)
    if end + 1 < fused:
        raise ValueError(f"only {end + 1} segments lie at or above {lowest}")
    fused_set = set(LUMBAR_SEGMENTS[end + 1 - fused:end + 1]) if fused else set()

    def is_adjacent(i: int) -> bool:
        return LUMBAR_SEGMENTS[i] not in fused_set and any(
            LUMBAR_SEGMENTS[j] in fused_set for j in (i - 1, i + 1) if 0 <= j < 5)

    weights = [0.0 if seg in fused_set else (neighbour_weight if is_adjacent(i) else 1.0)
               for i, seg in enumerate(LUMBAR_SEGMENTS)]
    lost = 100.0 * len(fused_set)
    return [SegmentMotion(seg, seg in fused_set, is_adjacent(i),
                          0.0 if seg in fused_set else 100.0 + lost * w / sum(weights))
            for i, (seg, w) in enumerate(zip(LUMBAR_SEGMENTS, weights))]
