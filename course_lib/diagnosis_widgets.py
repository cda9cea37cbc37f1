"""Views of the diagnosis notebook: symptom, red-flag and test tables, the triage board, the
Oswestry Disability Index calculator and the pain-relief calculator. They wire controls to
course_lib.diagnosis and render its results."""
from __future__ import annotations

from typing import Mapping

import ipywidgets as w

from .diagnosis import (odi_answers, odi_band, odi_score, pain_relief, red_flags,
                        relief_category, triage_queue)
from .knowledge import KnowledgeBase, load_knowledge
from .views import StaticFallback, cite, esc, table_html

LEVEL_LABEL = {"emergency": "‼ EMERGENCY", "urgent": "⚠ URGENT", "routine": "routine"}
_STYLE = {"description_width": "14em"}


def _names(ids, collection) -> str:
    return esc(", ".join(collection[i]["name"] for i in ids))


def symptoms_table(kb: KnowledgeBase) -> str:
    return table_html(["Symptom or pattern", "Suggests", "Why", "Sources"], [
        [f"<b>{esc(s['symptom'])}</b>", _names(s["suggests"], kb.causes),
         esc(s["explanation"]), cite(s["sources"])] for s in kb.diagnosis["symptoms"]])


def red_flags_table(kb: KnowledgeBase) -> str:
    return table_html(["Red flag", "Features", "Suspect", "Urgency", "Act", "Sources"], [
        [f"<b>{esc(f['name'])}</b>", "<br>".join(esc(x) for x in f["features"]),
         esc(f["suspect"]), LEVEL_LABEL[f["urgency"]], esc(f["action"]), cite(f["sources"])]
        for f in kb.diagnosis["red_flags"]])


def tests_table(kb: KnowledgeBase) -> str:
    """Each test with the question it answers; ⚠ marks what is contested."""
    return table_html(["Question", "Test", "What it shows", "Limits", "Sources"], [
        [f"<b>{esc(t['question'])}</b>", esc(t["name"]), esc(t["shows"]),
         esc(t["limits"]) + (f"<br>⚠ {esc(t['contested'])}" if t.get("contested") else ""),
         cite(t["sources"])] for t in kb.diagnosis["tests"]])


class TriageBoard(StaticFallback, w.VBox):
    """A waiting list that always shows the most urgent patients first. Tick the features of
    a new patient and add them to see where they land."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        self.patients = list(self.kb.diagnosis["triage_patients"])
        self.features = [(w.Checkbox(description=feature, indent=False), flag["id"])
                         for flag in self.kb.diagnosis["red_flags"] for feature in flag["features"]]
        self.summary = w.Text(placeholder="e.g. Man, 50, two weeks after discectomy",
                              description="New patient", style=_STYLE,
                              layout=w.Layout(width="40em"))
        self.add_button = w.Button(description="Add to the list", button_style="primary")
        self.add_button.on_click(lambda _: self.add())
        self.result = w.HTML()
        self.render()
        box = w.VBox([c for c, _ in self.features])
        super().__init__([self.result, w.HTML("<b>Features of the new patient:</b>"), box,
                          self.summary, self.add_button])
        self.add_class("fbss-triage-board")

    def add(self) -> None:
        flags = sorted({flag for box, flag in self.features if box.value})
        summary = self.summary.value.strip() or f"New patient {len(self.patients) + 1}"
        self.patients.append({"id": f"new-{len(self.patients)}", "summary": summary,
                              "flags": flags})
        for box, _ in self.features:
            box.value = False
        self.summary.value = ""
        self.render()

    def queue(self):
        return triage_queue(self.kb, self.patients)

    def render(self) -> None:
        rows = []
        for n, (patient, t) in enumerate(self.queue(), 1):
            why = "".join(f"<p><b>Suspect:</b> {esc(f['suspect'])} <b>Act:</b> "
                          f"{esc(f['action'])}</p>" for f in t.flags)
            rows.append([str(n), f"<b>{LEVEL_LABEL[t.level]}</b>", esc(patient["summary"]),
                         why or "no red flag: assess in turn"])
        self.result.value = ('<div role="status" aria-live="polite"><b>See them in this '
                             "order:</b>" + table_html(["#", "Urgency", "Patient", "Why"], rows)
                             + f"<p>Sources: {cite(self._sources())}</p></div>")

    def _sources(self):
        return dict.fromkeys(s for f in red_flags(self.kb).values() for s in f["sources"])

    def static_text(self) -> str:
        return "Triage order: " + "; ".join(f"{n}. {t.level}: {p['summary']}"
                                            for n, (p, t) in enumerate(self.queue(), 1))

def _status_html(message: str, sources) -> str:
    """A calculator's result, announced to screen readers, with its sources."""
    return (f'<p role="status" aria-live="polite"><b>{esc(message)}</b></p>'
            f"<p>Sources: {cite(sources)}</p>")


class OdiCalculator(StaticFallback, w.VBox):
    """The Oswestry Disability Index: a score of 0-5 per section, or skipped."""

    def __init__(self, kb: KnowledgeBase | None = None,
                 example: Mapping[str, int | None] | None = None):
        self.kb = kb or load_knowledge()
        odi = self.kb.diagnosis["odi"]
        top = odi["max_per_section"]
        options = [("skipped", None), *[(str(i), i) for i in range(top + 1)]]
        self.sections = {s["id"]: w.Dropdown(options=options, value=(example or {}).get(s["id"]),
                                             description=s["label"], style=_STYLE)
                         for s in odi["sections"]}
        self.result = w.HTML()
        for control in self.sections.values():
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([w.HTML(f"<i>Each section scores 0 (no problem) to {top} (worst); "
                                 "choose <b>skipped</b> for a section left blank.</i>"),
                          *self.sections.values(), self.result])
        self.add_class("fbss-odi-calculator")

    def answers(self):
        return odi_answers(self.kb, {k: c.value for k, c in self.sections.items()})

    def message(self) -> str:
        answers = self.answers()
        answered = [a for a in answers if a is not None]
        if not answered:
            return "Score at least one section to calculate the index."
        score, top = odi_score(answers), self.kb.diagnosis["odi"]["max_per_section"]
        band = odi_band(self.kb, score)
        return (f"{sum(answered)} of {top * len(answered)} possible points "
                f"({len(answered)} sections answered, {len(answers) - len(answered)} skipped) "
                f"= {score:.1f}%: {band['label']}. {band['meaning']}")

    def render(self) -> None:
        self.result.value = _status_html(self.message(), self.kb.diagnosis["odi"]["sources"])

    def static_text(self) -> str:
        return f"ODI: {self.message()}"


class PainReliefCalculator(StaticFallback, w.VBox):
    """Pain before and after treatment on a 0-10 numeric rating scale, and the relief."""

    def __init__(self, kb: KnowledgeBase | None = None, before: int = 8, after: int = 4):
        self.kb = kb or load_knowledge()
        self.before = w.IntSlider(value=before, min=1, max=10, description="Pain before (0-10)",
                                  style=_STYLE)
        self.after = w.IntSlider(value=after, min=0, max=10, description="Pain after (0-10)",
                                 style=_STYLE)
        self.result = w.HTML()
        for control in (self.before, self.after):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([self.before, self.after, self.result])
        self.add_class("fbss-pain-relief")

    def message(self) -> str:
        relief = pain_relief(self.before.value, self.after.value)
        if relief < 0:
            return f"The pain is {-relief:.0f}% worse than before."
        category = relief_category(self.kb, relief)
        verdict = (f"{category['label']} relief: {category['meaning']}" if category
                   else "Below the smallest threshold: no meaningful relief.")
        return f"Relief: {relief:.0f}% of the starting pain. {verdict}"

    def render(self) -> None:
        self.result.value = _status_html(self.message(),
                                         self.kb.diagnosis["pain_relief"]["sources"])

    def static_text(self) -> str:
        return f"Pain relief: {self.message()}"
