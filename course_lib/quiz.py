"""Quiz logic: check a response to a question and track a learner's tries.

Responses by question type:
  multiple_choice  the index of the chosen answer
  many_choice      the indices of the chosen answers
  numeric          a number, or text holding one
  matching         a mapping from each left item to the chosen right item
"""
from __future__ import annotations

import hashlib

import math
from dataclasses import dataclass
from typing import Any

from .knowledge import Question


@dataclass(frozen=True)
class Feedback:
    valid: bool          # False: the response could not be judged and costs no try
    correct: bool
    score: float         # 0 to 1
    message: str         # one sentence, in words
    details: tuple[str, ...] = ()


def _invalid(message: str) -> Feedback:
    return Feedback(False, False, 0.0, message)


def _choice(q: Question, response: Any) -> Feedback:
    chosen = {response} if q.type == "multiple_choice" else set(response or ())
    chosen.discard(None)
    if not chosen:
        return _invalid("Choose an answer first.")
    if not all(isinstance(i, int) and 0 <= i < len(q.answers) for i in chosen):
        return _invalid("That choice is not one of the answers.")
    right = {i for i, a in enumerate(q.answers) if a["correct"]}
    details = tuple(q.answers[i]["feedback"] for i in sorted(chosen))
    if chosen == right:
        return Feedback(True, True, 1.0, "Correct.", details)
    agree = sum((i in chosen) == (i in right) for i in range(len(q.answers)))
    score = agree / len(q.answers) if q.type == "many_choice" else 0.0
    message = "Not quite."
    if q.type == "many_choice" and chosen < right:
        message = "Not quite: some correct answers are still unselected."
    return Feedback(True, False, score, message, details)


def _matches(answer: dict, value: float) -> bool:
    if answer["type"] == "value":
        return math.isclose(value, answer["value"], rel_tol=1e-9, abs_tol=1e-9)
    low, high = answer["range"]
    return low <= value <= high


def _numeric(q: Question, response: Any) -> Feedback:
    try:
        value = float(str(response).strip().replace(",", "."))
    except ValueError:
        return _invalid(f"Enter a number (in {q.unit}).")
    if not math.isfinite(value):
        return _invalid(f"Enter a finite number (in {q.unit}).")
    for answer in q.answers:
        if _matches(answer, value):
            return Feedback(True, answer["correct"], float(answer["correct"]),
                            "Correct." if answer["correct"] else "Not quite.",
                            (answer["feedback"],))
    targets = [a.get("value", sum(a.get("range", (0, 0))) / 2) for a in q.answers if a["correct"]]
    nearest = min(targets, key=lambda t: abs(t - value))
    hint = "too high" if value > nearest else "too low"
    return Feedback(True, False, 0.0, f"Not quite: {value:g} {q.unit} is {hint}.")


def _matching(q: Question, response: Any) -> Feedback:
    response = dict(response or {})
    if any(response.get(p["left"]) in (None, "") for p in q.pairs):
        return _invalid("Make a choice for every item first.")
    details, right = [], 0
    for pair in q.pairs:
        chosen = response[pair["left"]]
        if chosen == pair["right"]:
            right += 1
            details.append(f"✔ {pair['left']} → {chosen}: {pair['feedback']}")
        else:
            details.append(f"✘ {pair['left']} → {chosen}: not this one.")
    correct = right == len(q.pairs)
    message = "Correct." if correct else f"Not quite: {right} of {len(q.pairs)} matches are right."
    return Feedback(True, correct, right / len(q.pairs), message, tuple(details))


def check(q: Question, response: Any) -> Feedback:
    """Judge one response to a question."""
    if q.type in ("multiple_choice", "many_choice"):
        return _choice(q, response)
    if q.type == "numeric":
        return _numeric(q, response)
    return _matching(q, response)


def answer_text(q: Question) -> str:
    """The correct answer in words."""
    if q.type == "matching":
        return "; ".join(f"{p['left']} → {p['right']}" for p in q.pairs)
    correct = [a for a in q.answers if a["correct"]]
    if q.type == "numeric":
        return " or ".join(f"{a['value']:g} {q.unit}" if a["type"] == "value"
                           else f"{a['range'][0]:g} to {a['range'][1]:g} {q.unit}"
                           for a in correct)
    return "; ".join(a["answer"] for a in correct)


def display_order(q: Question) -> list[int]:
    """The answers' indices in the order shown: fixed per question (so outputs are
    reproducible) but not the order written, where the correct answer often comes first."""
    return sorted(range(len(q.answers)),
                  key=lambda i: hashlib.sha256(f"{q.id}:{i}".encode()).hexdigest())


def matching_choices(q: Question) -> list[str]:
    """The right-hand items, once each, in a fixed order that does not give away the pairs."""
    return sorted({p["right"] for p in q.pairs})


def choice_letter(index: int) -> str:
    """A matching question's choices are lettered A, B, ... (a list above the items), so that
    each item's control holds a letter, never a long text cut to its width."""
    return chr(ord("A") + index)


@dataclass
class Attempt:
    """One learner's tries at one question: retries until solved, the answer shown after
    max_tries wrong tries or on request."""

    question: Question
    tries: int = 0
    solved: bool = False
    revealed: bool = False
    best_score: float = 0.0

    @property
    def finished(self) -> bool:
        return self.solved or self.revealed

    def submit(self, response: Any) -> Feedback:
        if self.finished:
            return _invalid("This question is finished; the answer is shown above.")
        feedback = check(self.question, response)
        if feedback.valid:
            self.tries += 1
            self.solved = feedback.correct
            self.best_score = max(self.best_score, feedback.score)
            if not self.solved and self.tries >= self.question.max_tries:
                self.revealed = True
        return feedback

    def reveal(self) -> None:
        self.revealed = True
