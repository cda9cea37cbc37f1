"""Presentation and diagnosis: red-flag triage, the Oswestry Disability Index and pain relief.
Pure functions of the knowledge base (course_lib/data/diagnosis.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from .knowledge import KnowledgeBase

URGENCY_ORDER = ("emergency", "urgent", "routine")


@dataclass(frozen=True)
class Triage:
    level: str                            # emergency, urgent or routine
    flags: tuple[Mapping[str, Any], ...]  # the red flags present, most urgent first

    @property
    def rank(self) -> int:
        return URGENCY_ORDER.index(self.level)


def red_flags(kb: KnowledgeBase) -> dict[str, Mapping[str, Any]]:
    return {f["id"]: f for f in kb.diagnosis["red_flags"]}


def diagnostic_tests(kb: KnowledgeBase) -> dict[str, Mapping[str, Any]]:
    return {t["id"]: t for t in kb.diagnosis["tests"]}


def triage(kb: KnowledgeBase, flag_ids: Iterable[str]) -> Triage:
    """A patient's urgency: that of their most urgent red flag, routine when there is none,
    and an emergency when a flag appears with one it lists as 'emergency_with' (for example
    infection with a worsening deficit)."""
    flag_ids = list(flag_ids)
    known = red_flags(kb)
    unknown = [f for f in flag_ids if f not in known]
    if unknown:
        raise ValueError(f"unknown red flag(s): {', '.join(unknown)}")
    flags = sorted((known[f] for f in dict.fromkeys(flag_ids)),
                   key=lambda f: URGENCY_ORDER.index(f["urgency"]))
    level = flags[0]["urgency"] if flags else "routine"
    if any(set(f.get("emergency_with", ())) & set(flag_ids) for f in flags):
        level = "emergency"
    return Triage(level, tuple(flags))


def triage_queue(kb: KnowledgeBase, patients: Sequence[Mapping[str, Any]]
                 ) -> list[tuple[Mapping[str, Any], Triage]]:
    """Patients (each with 'flags') in the order to see them: most urgent first, and in their
    order of arrival within a level."""
    assessed = [(p, triage(kb, p["flags"])) for p in patients]
    return sorted(assessed, key=lambda pair: pair[1].rank)


def odi_score(answers: Sequence[int | None], max_per_section: int = 5) -> float:
    """Oswestry Disability Index in percent: the points scored over the points possible in the
    sections answered. A skipped section (None) is left out of both, so it is not scored 0."""
    answered = [a for a in answers if a is not None]
    bad = [a for a in answered if not (isinstance(a, int) and 0 <= a <= max_per_section)]
    if bad:
        raise ValueError(f"each section scores a whole number from 0 to {max_per_section}, "
                         f"not {bad[0]!r}")
    if not answered:
        raise ValueError("no section answered: the index cannot be scored")
    return 100 * sum(answered) / (max_per_section * len(answered))


def odi_band(kb: KnowledgeBase, score: float) -> Mapping[str, Any]:
    """The interpretation band of an ODI percentage (bands hold scores up to their 'up_to')."""
    if not 0 <= score <= 100:
        raise ValueError(f"an ODI score lies between 0 and 100, not {score}")
    return next(b for b in kb.diagnosis["odi"]["bands"] if score <= b["up_to"])


def odi_answers(kb: KnowledgeBase, by_section: Mapping[str, int | None]) -> list[int | None]:
    """Answers in the questionnaire's section order; a section not given is skipped."""
    sections = [s["id"] for s in kb.diagnosis["odi"]["sections"]]
    unknown = set(by_section) - set(sections)
    if unknown:
        raise ValueError(f"unknown ODI section(s): {', '.join(sorted(unknown))}")
    return [by_section.get(s) for s in sections]


def pain_relief(before: float, after: float) -> float:
    """Relief in percent of the starting pain (negative when the pain got worse)."""
    if before <= 0:
        raise ValueError("relief is measured from a pain above 0")
    if after < 0:
        raise ValueError("a pain score cannot be below 0")
    return 100 * (before - after) / before


def relief_category(kb: KnowledgeBase, percent: float) -> Mapping[str, Any] | None:
    """The highest threshold the relief reaches, or None below the lowest."""
    reached = [t for t in kb.diagnosis["pain_relief"]["thresholds"] if percent >= t["at_least"]]
    return max(reached, key=lambda t: t["at_least"]) if reached else None
