"""Review what you missed: the questions due again, grouped by learning objective, and the
learner's mastery per objective (notebooks 00 and 12). Logic first, the figure after.

Records of questions the course no longer has are ignored, so an old progress file still works.
"""
from __future__ import annotations

import textwrap
from datetime import datetime
from typing import Any, Mapping

import matplotlib.pyplot as plt

from . import leitner
from .course_views import LABEL_BOX, legend_below
from .knowledge import KnowledgeBase, Objective, Question
from .views import PALETTE, esc, table_html

# Mastery states of a question, from its Leitner box: (key, label, colour, hatch). Hatching and
# the order of the bars tell them apart as well as the colour does.
STATES = [("secure", f"secure (box 4-{leitner.BOXES})", PALETTE["blue"], ""),
          ("learning", "learning (box 2-3)", PALETTE["sky"], ".."),
          ("missed", "to review (box 1)", PALETTE["orange"], "//"),
          ("unseen", "not tried yet", "#DDDDDD", "")]
REVIEW_SIZE = 10  # questions per review session: enough to be worth it, few enough to finish

Records = Mapping[str, Mapping[str, Any]]


def state(record: Mapping[str, Any] | None) -> str:
    """A question's mastery state from its progress record (None: never tried)."""
    if not record or not (record.get("tries") or record.get("revealed")):
        return "unseen"
    box = leitner.box(record)
    return "missed" if box == 1 else "learning" if box <= 3 else "secure"


def objectives_with_questions(kb: KnowledgeBase) -> dict[str, list[Question]]:
    """Each objective that has quiz questions, in course order, with its questions."""
    grouped: dict[str, list[Question]] = {o: [] for o in kb.objectives}
    for q in kb.questions.values():
        grouped[q.objective].append(q)
    return {o: qs for o, qs in grouped.items() if qs}


def mastery(kb: KnowledgeBase, records: Records) -> dict[str, dict[str, int]]:
    """Per objective: how many of its questions are in each mastery state."""
    result = {}
    for objective, questions in objectives_with_questions(kb).items():
        counts = dict.fromkeys((key for key, *_ in STATES), 0)
        for q in questions:
            counts[state(records.get(q.id))] += 1
        result[objective] = counts
    return result


def due_by_objective(kb: KnowledgeBase, records: Records, now: datetime,
                     limit: int = REVIEW_SIZE) -> dict[str, list[Question]]:
    """The first `limit` questions due at `now` (missed first, then the least known), grouped
    by objective in course order. Only questions the learner has met are brought back."""
    chosen = set(leitner.due_now(_met(kb, records), now)[:limit])
    return {o: picked for o, qs in objectives_with_questions(kb).items()
            if (picked := [q for q in qs if q.id in chosen])}


def due_count(kb: KnowledgeBase, records: Records, now: datetime) -> int:
    """How many of the questions the learner has met are due at `now`."""
    return len(leitner.due_now(_met(kb, records), now))


def review_intro(due: int, shown: int) -> str:
    """One line on what the review holds now (HTML)."""
    if not due:
        return ("<p><b>Nothing is due for review now.</b> Questions come back here once you "
                "have answered them in a notebook's quiz: at once if you missed them, after "
                "growing gaps if you got them right.</p>")
    rest = (f" Answer these, then run the cell again for the other {due - shown}."
            if due > shown else "")
    return f"<p><b>{due} question{'s' * (due != 1)} due for review.</b>{rest}</p>"


def _met(kb: KnowledgeBase, records: Records) -> Records:
    """The records of the course's questions that the learner has tried or seen answered."""
    return {q: r for q, r in records.items() if q in kb.questions and state(r) != "unseen"}


def objective_label(kb: KnowledgeBase, objective: Objective) -> str:
    """A label: the notebook's number and the objective's whole text."""
    notebook = next(nb for nb in kb.notebooks.values() if objective in nb.objectives)
    return f"{notebook.id[:2]} · {objective.text.rstrip('.')}"


def _mastery_entries(kb: KnowledgeBase, counts: dict[str, dict[str, int]]) -> list[str]:
    labels = {key: label for key, label, *_ in STATES}
    return [f"{objective_label(kb, kb.objectives[o])}: "
            + ", ".join(f"{n} {labels[key]}" for key, n in c.items() if n)
            for o, c in counts.items()]


def mastery_text(kb: KnowledgeBase, counts: dict[str, dict[str, int]]) -> str:
    """The mastery in words: the figure's text alternative, one entry per objective (wrapped)."""
    return "\n".join(textwrap.fill(entry, width=90, subsequent_indent="     ")
                     for entry in _mastery_entries(kb, counts))


LABEL_WIDTH = 55  # characters per line of an objective's label: wrapped whole, never cut


def plot_mastery(kb: KnowledgeBase, counts: dict[str, dict[str, int]]):
    """One bar per objective: the share of its questions in each state, counts written in.
    Each objective's label is whole, wrapped over as many lines as it needs."""
    names = [textwrap.fill(objective_label(kb, kb.objectives[o]), LABEL_WIDTH,
                           break_on_hyphens=False)
             for o in counts]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.15 * lines + 0.15 * len(counts)))
    left = [0.0] * len(counts)
    for key, label, colour, hatch in STATES:
        values = [c[key] for c in counts.values()]
        shares = [100 * v / sum(c.values()) for v, c in zip(values, counts.values())]
        bars = ax.barh(names, shares, left=left, color=colour, hatch=hatch, label=label,
                       edgecolor="black", linewidth=0.5)
        for text in ax.bar_label(bars, labels=[str(v) if v else "" for v in values],
                                 label_type="center", fontsize=8):
            text.set_bbox(LABEL_BOX)
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()
    ax.margins(y=0.01)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the objective's quiz questions (%); the numbers are questions")
    ax.set_title("Your mastery per learning objective")
    ax.tick_params(axis="y", labelsize=8)
    legend_below(fig, ax)
    return fig


# ---------------------------------------------------------------- the course's pre- and post-test

def first_try(record: Mapping[str, Any] | None) -> float | None:
    """The score of a question's first try (an answer shown before any try counts 0); None:
    never tried."""
    return None if not record else record.get("first_score")


def course_test_results(kb: KnowledgeBase, records: Records
                        ) -> dict[str, dict[str, float | None]]:
    """Per objective of the course test: the first-try score of its pre-test and of its
    post-test question (None where not tried yet)."""
    tests = {kind: {q.objective: q.id for q in kb.course_test(kind)} for kind in ("pre", "post")}
    return {objective: {kind: first_try(records.get(tests[kind].get(objective)))
                        for kind in tests}
            for objective in tests["pre"]}


def _result_words(score: float | None) -> str:
    if score is None:
        return "not tried yet"
    return ("right first time" if score == 1 else "wrong at first" if score == 0
            else f"{score:.0%} right at first")


def course_test_table(kb: KnowledgeBase, records: Records) -> str:
    """What the course changed, objective by objective: the pre-test against the post-test,
    with the totals in words above (HTML)."""
    results = course_test_results(kb, records)
    def total(kind):
        tried = [r[kind] for r in results.values() if r[kind] is not None]
        return (f"{sum(s == 1 for s in tried)} of {len(results)} right first time"
                if tried else "not taken yet")
    rows = [[esc(objective_label(kb, kb.objectives[o])), _result_words(r["pre"]),
             _result_words(r["post"])] for o, r in results.items()]
    return (f"<p><b>Pre-test:</b> {total('pre')}. <b>Post-test:</b> {total('post')}.</p>"
            + table_html(["Learning objective", "Pre-test",
                          "Post-test"], rows))
