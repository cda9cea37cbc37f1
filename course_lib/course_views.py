"""Course-level views: the course map and the learner's progress (notebook 00), and the
header, glossary and references every notebook shows."""
from __future__ import annotations

import re

import ipywidgets as w
import matplotlib.pyplot as plt

from .anatomy import anatomy_sources
from .imaging import imaging_sources
from .knowledge import KnowledgeBase
from .progress import ProgressStore
from .schema import REFERENCE_KINDS
from .views import (WEB_STATIC, PALETTE, StaticFallback, chart_html, cite, esc, reference_link,
                    table_html)

_STATES = [("solved", "answered correctly (at least once)", PALETTE["blue"], ""),
           ("revealed", "answer shown", PALETTE["orange"], "//"),
           ("open", "not finished", "#DDDDDD", "")]


# A white patch behind a number written on a bar, so that hatching does not cross it
LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "linewidth": 0}


def course_map(kb: KnowledgeBase) -> str:
    """An HTML table of the notebooks in order, with their time and status."""
    return table_html(["Notebook", "What it teaches", "Time", "Status"], [
        [f"<code>{esc(nb.id)}.ipynb</code>", f"<b>{esc(nb.title)}</b>: {esc(nb.summary)}",
         f"{nb.minutes} min", "available" if nb.status == "ready" else "coming soon"]
        for nb in kb.notebooks.values()])


def progress_counts(kb: KnowledgeBase, store: ProgressStore) -> dict[str, dict[str, int]]:
    """Per notebook with questions: how many are solved, revealed (not solved) and open."""
    recorded = store.load()["questions"]  # by question id: survives a renumbering of notebooks
    counts = {}
    for nb in kb.notebooks.values():
        questions = kb.questions_for(nb.id)
        if not questions:
            continue
        solved = sum(recorded.get(q.id, {}).get("solved", False) for q in questions)
        revealed = sum(recorded.get(q.id, {}).get("revealed", False)
                       and not recorded[q.id].get("solved", False) for q in questions)
        counts[nb.id] = {"solved": solved, "revealed": revealed,
                         "open": len(questions) - solved - revealed}
    return counts


def progress_text(kb: KnowledgeBase, counts: dict[str, dict[str, int]]) -> str:
    """The progress in words, one line per notebook: the figure's text alternative."""
    lines = [f"{kb.notebooks[nb].title}: {c['solved']} of {sum(c.values())} questions answered "
             f"correctly at least once, {c['revealed']} with the answer shown, {c['open']} "
             "not finished." for nb, c in counts.items()]
    return "\n".join(lines) or "No quizzes yet."


def progress_figure(kb: KnowledgeBase, store: ProgressStore | None = None) -> str:
    """The learner's progress as a figure, its text alternative as the image's description."""
    counts = progress_counts(kb, store or ProgressStore())
    return chart_html(plot_progress(kb, counts), "Figure 1. Your quiz progress, notebook by "
                      "notebook: answered correctly, answer shown, not finished.",
                      progress_text(kb, counts))


def mastery_figure(kb: KnowledgeBase, store: ProgressStore | None = None,
                   caption: str = "Your mastery per learning objective") -> str:
    """The learner's mastery per objective as a figure, with its text alternative."""
    from .review import mastery, mastery_text, plot_mastery  # review uses this module

    counts = mastery(kb, (store or ProgressStore()).load()["questions"])
    return chart_html(plot_mastery(kb, counts), caption, mastery_text(kb, counts))


def course_test_summary(kb: KnowledgeBase, store: ProgressStore | None = None) -> str:
    """The pre-test against the post-test, objective by objective (HTML)."""
    from .review import course_test_table  # review uses this module

    return course_test_table(kb, (store or ProgressStore()).load()["questions"])


def plot_progress(kb: KnowledgeBase, counts: dict[str, dict[str, int]]):
    """A horizontal stacked bar per notebook; states told apart by hatching and labels too."""
    fig, ax = plt.subplots(figsize=(7, 1.8 + 0.45 * max(len(counts), 1)))
    names = [kb.notebooks[nb].title for nb in counts]
    left = [0] * len(counts)
    for key, label, colour, hatch in _STATES:
        values = [c[key] for c in counts.values()]
        bars = ax.barh(names, values, left=left, color=colour, hatch=hatch, label=label,
                       edgecolor="black", linewidth=0.6)
        for text in ax.bar_label(bars, labels=[str(v) if v else "" for v in values],
                                 label_type="center"):
            text.set_bbox(LABEL_BOX)
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_xlabel("Quiz questions")
    ax.set_title("Your quiz progress")
    ax.xaxis.get_major_locator().set_params(integer=True)
    legend_below(fig, ax)
    return fig


def legend_below(fig, ax) -> None:
    """The legend in one row centred under the whole figure, and the plot laid out above it
    (a legend placed from the axes sits off-centre and is cut at the edge)."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    fig.tight_layout(rect=(0, 0.45 / fig.get_figheight(), 1, 1))


def header(kb: KnowledgeBase, notebook: str) -> str:
    """Objectives, time and prerequisites of a notebook, from the course map."""
    nb = kb.notebooks[notebook]
    order = list(kb.notebooks)
    before = order[:order.index(notebook)]
    prereq = (f"notebook{'s' if len(before) > 1 else ''} " +
              ", ".join(f"<code>{b}</code>" for b in before)) if before else "none"
    goals = "".join(f"<li>{esc(o.text)}</li>" for o in nb.objectives)
    return (f"<p><b>Time:</b> about {nb.minutes} minutes. <b>Prerequisites:</b> {prereq}.</p>"
            + (f"<p><b>By the end you can:</b></p><ol>{goals}</ol>" if goals else ""))


def glossary_html(kb: KnowledgeBase, search: str = "") -> str:
    """The glossary, alphabetically, with sources; only terms whose name or definition holds
    every word of `search`."""
    words = search.lower().split()
    terms = sorted((t for t in kb.terms.values()
                    if all(w_ in f"{t.term} {t.definition}".lower() for w_ in words)),
                   key=lambda t: t.term.lower())
    if not terms:
        return f"<p>No term matches “{esc(search)}”.</p>"
    items = "".join(f"<dt><b>{esc(t.term)}</b></dt><dd>{esc(t.definition)} "
                    f"{cite(t.sources)}</dd>" for t in terms)
    return f"<dl>{items}</dl>"


def _entries_sources(entries) -> list[str]:
    return [s for e in entries for s in e["sources"]]


# The sources of the data each notebook shows, besides those of its questions.
_DATA_SOURCES = {
    "01_spine_anatomy": lambda kb: list(anatomy_sources(kb)),
    "02_what_is_fbss": lambda kb: _entries_sources(
        [*kb.fbss["names"], *kb.fbss["codes"], *kb.fbss["estimates"]]),
    "03_operations_and_prevention": lambda kb: _entries_sources(
        [*kb.operations["operations"], *kb.operations["selection"],
         *kb.operations["risk_factors"], kb.operations["cervical"]]),
    "04_causes": lambda kb: _entries_sources(kb.causes.values()),
    "05_presentation_and_diagnosis": lambda kb: _entries_sources(
        [*kb.diagnosis["symptoms"], *kb.diagnosis["red_flags"], *kb.diagnosis["tests"],
         *kb.diagnosis.get("mimics", []),
         kb.diagnosis["odi"], kb.diagnosis["pain_relief"]]),
    "06_reading_postoperative_images": lambda kb: imaging_sources(kb),
    "07_treatments": lambda kb: _entries_sources([*kb.treatments.values(), *kb.trials.values()]),
    "08_treatment_decision_flow": lambda kb: [s for n in kb.flow.nodes.values()
                                              for s in n.sources],
    "09_living_with_persistent_pain": lambda kb: [*(s for key in (
        "formula_sources", "table_sources", "threshold_sources") for s in kb.opioids.get(key, [])), *(
        _entries_sources([*kb.instruments, *(e for key in ("drugs", "cautions", "thresholds",
                                                            "tapers", "taper_rules")
                                              for e in kb.opioids.get(key, []))]))],
    "10_case_studies": lambda kb: _entries_sources(kb.cases.values()),
}


def notebook_sources(kb: KnowledgeBase, notebook: str, also: tuple[str, ...] = ()) -> list[str]:
    """The sources a notebook uses, sorted: those of its data and its questions, and `also`
    (the sources its text cites)."""
    ids = [*also, *_DATA_SOURCES.get(notebook, lambda kb: [])(kb),
           *(s for q in kb.questions_for(notebook) for s in q.sources)]
    return sorted(dict.fromkeys(ids))


def _citation(ref) -> str:
    """A reference's citation, its DOI or web address a link."""
    text = esc(ref.citation)
    text = _DOI.sub(lambda m: f'<a href="https://doi.org/{m.group(1)}">doi:{m.group(1)}</a>',
                    text)
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', text)


_END = r"(?=[.,;)]?(\s|$))"  # a trailing full stop or comma is the sentence's, not the link's
_DOI = re.compile(r"doi:\s*(10\.\d{4,}/\S+?)" + _END)
_URL = re.compile(r"https?://[^\s<>\"]+?" + _END)


def references_html(kb: KnowledgeBase, notebook: str, also: tuple[str, ...] = ()) -> str:
    """The sources a notebook uses (see notebook_sources), kind shown, each id a link to its
    entry in the course's references."""
    items = "".join(f'<li><a href="{reference_link(r)}"><code>{esc(r)}</code></a> '
                    f"({_kind(kb.references[r])}): {_citation(kb.references[r])}</li>"
                    for r in notebook_sources(kb, notebook, also))
    return f"<ul>{items}</ul>"


def _kind(ref) -> str:
    return ref.kind + (f", {ref.caution}" if ref.caution else "")


def all_references_html(kb: KnowledgeBase) -> str:
    """Every source of the course, grouped by kind, each with its note, under the anchor that
    citations link to."""
    parts = []
    for kind in REFERENCE_KINDS:
        refs = sorted((r for r in kb.references.values() if r.kind == kind), key=lambda r: r.id)
        items = "".join(f'<li id="ref-{esc(r.id)}"><code>{esc(r.id)}</code>'
                        + (f" ({esc(r.caution)})" if r.caution else "") + f": {_citation(r)}"
                        + (f" <i>{esc(r.note)}</i>" if r.note else "") + "</li>" for r in refs)
        if refs:
            parts.append(f"<h4>{kind.capitalize()} ({len(refs)})</h4><ul>{items}</ul>")
    return "".join(parts)


class GlossarySearch(StaticFallback, w.VBox):
    """The glossary, narrowed to the terms that hold the words typed."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.search = w.Text(placeholder="a word, e.g. root, scar, stimulation",
                             description="Search")
        self.result = w.HTML(glossary_html(kb))
        self.search.observe(lambda _: self.render(), names="value")
        super().__init__([self.search, self.result])
        self.add_class("fbss-glossary-search")
        self.add_class(WEB_STATIC)  # the website shows the whole list (site/build.py)

    def render(self) -> None:
        self.result.value = glossary_html(self.kb, self.search.value)

    def static_text(self) -> str:
        return f"Glossary: {len(self.kb.terms)} terms."
