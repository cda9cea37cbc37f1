"""Treatments and trials: grouping and filtering the treatments, reading trial results and
the number needed to treat. Pure functions of the knowledge base."""
from __future__ import annotations

from typing import Any, Mapping

from .knowledge import KnowledgeBase
from .schema import EVIDENCE_LEVELS, NG59_POSITIONS, TREATMENT_GROUPS

GROUP_LABELS = dict(zip(TREATMENT_GROUPS, [
    "Self-care and lifestyle", "Physical therapy and exercise", "Complementary therapies",
    "Medications (by class)", "Psychological therapies", "Interventional procedures",
    "Neuromodulation", "Intrathecal drug delivery", "Revision surgery"]))
# The course's invasiveness scale (treatments.yaml, field invasiveness).
INVASIVENESS = ("none: self-care", "non-invasive: therapy or medicine", "needle procedure",
                "implanted device", "open surgery")


# NICE NG59's positions as words (treatments.yaml, field ng59).
NG59_LABELS = dict(zip(NG59_POSITIONS, ["recommend", "consider", "do not offer",
                                        "only in a randomised trial"]))
NG59_SCOPE = ("NICE NG59 is written for low back pain and sciatica in general, not for pain after "
              "spine surgery.")


def ng59_positions(kb: KnowledgeBase) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """Every (treatment, NG59 item) pair, in the treatments' group order."""
    return [(t, item) for t in filter_treatments(kb) for item in t.get("ng59", ())]


def filter_treatments(kb: KnowledgeBase, group: str = "", max_invasiveness: int = 4,
                      min_evidence: str = "claim") -> list[Mapping[str, Any]]:
    """Treatments in `group` (all when empty), no more invasive than `max_invasiveness` and
    with evidence at least `min_evidence`; in group order, then least invasive first."""
    floor = EVIDENCE_LEVELS.index(min_evidence)
    found = [t for t in kb.treatments.values()
             if (not group or t["group"] == group) and t["invasiveness"] <= max_invasiveness
             and EVIDENCE_LEVELS.index(t["evidence"]["level"]) <= floor]
    return sorted(found, key=lambda t: (TREATMENT_GROUPS.index(t["group"]), t["invasiveness"]))


def results(trial: Mapping[str, Any], outcome: str) -> dict[str, list[Mapping[str, Any]]]:
    """A trial's results for one outcome, by arm, in time order."""
    by_arm = {a["id"]: [] for a in trial["arms"]}
    for r in sorted(trial["results"], key=lambda r: r["months"]):
        if r["outcome"] == outcome:
            by_arm[r["arm"]].append(r)
    return by_arm


def number_needed_to_treat(treated_percent: float, control_percent: float) -> float:
    """How many patients must be treated for one more to respond than in the control arm:
    1 / (absolute difference in response rates)."""
    difference = (treated_percent - control_percent) / 100
    if difference <= 0:
        raise ValueError("the treatment helps no more patients than the control: no NNT")
    return 1 / difference
