"""Case studies: feedback on a learner's reading of a case, and the case run through the
decision flow. Pure functions of the knowledge base (course_lib/data/cases.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .decision import Step, walk
from .knowledge import KnowledgeBase


@dataclass(frozen=True)
class CaseFeedback:
    cause_right: bool
    tests_missed: tuple[str, ...]     # test ids the case needs that were not chosen
    tests_extra: tuple[str, ...]      # test ids chosen that do not answer its question
    step_right: bool

    @property
    def all_right(self) -> bool:
        return (self.cause_right and self.step_right and not self.tests_missed
                and not self.tests_extra)


def case_feedback(case: Mapping[str, Any], cause: str, tests: Iterable[str],
                  next_step: str) -> CaseFeedback:
    """Compare the learner's cause, tests and next step with the case's."""
    chosen, needed = set(tests), set(case["tests"])
    return CaseFeedback(cause == case["cause"],
                        tuple(t for t in case["tests"] if t not in chosen),
                        tuple(t for t in case["test_choices"] if t in chosen - needed),
                        next_step == case["next_step"])


def engine_path(kb: KnowledgeBase, case: Mapping[str, Any]) -> list[Step]:
    """The case run through the decision flow with its answers."""
    return walk(kb.flow, case["flow_answers"])
