"""Views of the diagnosis notebook: symptom, red-flag and test tables, the triage board, the
Oswestry Disability Index calculator and the pain-relief calculator. They wire controls to
course_lib.diagnosis and render its results."""
from __future__ import annotations

from typing import Mapping

import ipywidgets as w

from .diagnosis import (odi_answers, odi_band, odi_score, pain_relief, red_flags,
                        relief_category, triage_queue)
from .knowledge import KnowledgeBase, load_knowledge
from .style import choice, number, stylesheet
from .views import (WEB_STATIC, StaticFallback, bullets, cite, esc, offline_result_html,
                    status_line, table_html)

# Urgency in words; a badge only where it distinguishes (routine is the plain case).
LEVEL_LABEL = {"emergency": "‼ EMERGENCY", "urgent": "⚠ URGENT", "routine": "routine"}
_SKIPPED = "skipped"  # an ODI section left blank


def urgency_badge(level: str) -> str:
    label = esc(LEVEL_LABEL[level])
    return label if level == "routine" else \
        f'<span class="fbss-badge fbss-badge-urgent"><b>{label}</b></span>'


def _names(ids, collection) -> str:
    return esc(", ".join(collection[i]["name"] for i in ids))


def symptoms_table(kb: KnowledgeBase) -> str:
    """One card per pattern: the pattern and what it suggests on its line, the reasoning and
    the sources inside."""
    cards = "".join(
        f'<details class="fbss-card"><summary><b>{esc(s["symptom"])}</b><br>'
        f'<span style="font-weight:normal">Suggests: {_names(s["suggests"], kb.causes)}</span>'
        f'</summary><p>{esc(s["explanation"])}</p><p>Sources: {cite(s["sources"])}</p></details>'
        for s in kb.diagnosis["symptoms"])
    return ("<p><i>Open a pattern to read why it suggests those causes.</i></p>"
            f'<div class="fbss-symptoms">{cards}</div>')


def red_flags_table(kb: KnowledgeBase) -> str:
    return table_html(["Red flag", "Features (any of)", "Suspect, then act", "Sources"], [
        [f"<b>{esc(f['name'])}</b><br>{urgency_badge(f['urgency'])}", bullets(map(esc, f["features"])),
         f"<p><b>Suspect:</b> {esc(f['suspect'])}</p><p><b>Act:</b> {esc(f['action'])}</p>",
         cite(f["sources"])]
        for f in kb.diagnosis["red_flags"]])


def tests_table(kb: KnowledgeBase) -> str:
    """Each test with the question it answers, and what is debated about it."""
    return table_html(["Question", "Test", "What it shows", "Limits", "Sources"], [
        [f"<b>{esc(t['question'])}</b>", esc(t["name"]), esc(t["shows"]),
         esc(t["limits"]) + (f"<p><b>Debated:</b> {esc(t['contested'])}</p>"
                             if t.get("contested") else ""),
         cite(t["sources"])] for t in kb.diagnosis["tests"]])


def mimics_table(kb: KnowledgeBase) -> str:
    """Conditions outside the spine that mimic it: what they share with a spinal cause, and
    the features and tests that tell them apart."""
    return table_html(["Condition", "Looks like the spine because", "Its own features",
                       "Tells it apart", "Sources"], [
        [f"<b>{esc(m['name'])}</b>", esc(m["spine_look_alike"]), bullets(map(esc, m["features"])),
         bullets(map(esc, m["tell_apart"])) + f"<p><b>Test:</b> {esc(m['tests'])}</p>",
         cite(m["sources"])]
        for m in kb.diagnosis.get("mimics", [])])


class TriageBoard(StaticFallback, w.VBox):
    """A waiting list that always shows the most urgent patients first. Tick the features of
    a new patient and add them to see where they land: the form comes first, the list under
    it, so what changes is in sight."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        self.patients = list(self.kb.diagnosis["triage_patients"])
        self.features, groups = [], []
        for flag in self.kb.diagnosis["red_flags"]:
            boxes = [w.Checkbox(description=feature, indent=False,
                                layout=w.Layout(width="auto", max_width="100%"))
                     for feature in flag["features"]]
            self.features += [(box, flag["id"]) for box in boxes]
            groups.append(w.VBox([w.HTML(f"<b>{esc(flag['name'])}</b>"), *boxes],
                                 layout=w.Layout(min_width="0")))
        # as many columns of red flags as fit, each at least 18em wide
        grid = w.GridBox(groups, layout=w.Layout(
            grid_template_columns="repeat(auto-fill, minmax(min(18em, 100%), 1fr))",
            grid_gap="0.2em 1.5em", width="100%"))
        self.summary = w.Text(placeholder="e.g. Man, 50, two weeks after discectomy",
                              description="New patient", style={"description_width": "initial"},
                              layout=w.Layout(width="100%", max_width="40em"))
        self.add_button = w.Button(description="Add to the list", button_style="primary",
                                   layout=w.Layout(width="auto"))
        self.add_button.add_class("fbss-button")
        self.add_button.add_class("fbss-primary")
        self.add_button.on_click(lambda _: self.add())
        self.added, self.result = w.HTML(), w.HTML()
        self.render()
        super().__init__([stylesheet(), w.HTML("<b>Features of the new patient</b> "
                                               "(tick any that apply):"), grid, self.summary,
                          w.HBox([self.add_button, self.added],
                                 layout=w.Layout(flex_flow="row wrap", align_items="center")),
                          self.result])
        self.add_class("fbss-triage-board")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def add(self) -> None:
        flags = sorted({flag for box, flag in self.features if box.value})
        summary = self.summary.value.strip() or f"New patient {len(self.patients) + 1}"
        patient = {"id": f"new-{len(self.patients)}", "summary": summary, "flags": flags}
        self.patients.append(patient)
        for box, _ in self.features:
            box.value = False
        self.summary.value = ""
        self.render()
        place = next(n for n, (p, _) in enumerate(self.queue(), 1) if p is patient)
        self.added.value = (f'<span role="status">Added <b>{esc(summary)}</b>: number {place} '
                            f"of {len(self.patients)} in the list below.</span>")

    def queue(self):
        return triage_queue(self.kb, self.patients)

    def render(self) -> None:
        rows = []
        for n, (patient, t) in enumerate(self.queue(), 1):
            why = "; ".join(esc(f["name"]) for f in t.flags)
            rows.append([str(n), urgency_badge(t.level), esc(patient["summary"]),
                         why or "no red flag: assess in turn"])
        self.result.value = ("<p><b>See them in this order</b> (what to suspect and do for each "
                             "red flag: the table above):</p>"
                             + table_html(["#", "Urgency", "Patient", "Red flags"], rows)
                             + f"<p>Sources: {cite(self._sources())}</p>")

    def _sources(self):
        return dict.fromkeys(s for f in red_flags(self.kb).values() for s in f["sources"])

    def static_html(self) -> str:
        return ("<p>Adding a patient needs a running notebook; here is the list as it "
                "starts.</p>" + self.result.value)

    def static_text(self) -> str:
        return "Triage order: " + "; ".join(f"{n}. {t.level}: {p['summary']}"
                                            for n, (p, t) in enumerate(self.queue(), 1))


class OdiCalculator(StaticFallback, w.VBox):
    """The Oswestry Disability Index: a score of 0-5 per section, or skipped."""

    def __init__(self, kb: KnowledgeBase | None = None,
                 example: Mapping[str, int | None] | None = None):
        self.kb = kb or load_knowledge()
        odi = self.kb.diagnosis["odi"]
        top = odi["max_per_section"]
        options = [("skipped", _SKIPPED), *[(str(i), i) for i in range(top + 1)]]
        self.sections = {s["id"]: choice(s["label"], options, (example or {}).get(s["id"]))
                         for s in odi["sections"]}
        self.result = w.HTML()
        for control in self.sections.values():
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(),
                          w.HTML(f"<i>Each section scores 0 (no problem) to {top} (worst); "
                                 "choose <b>skipped</b> for a section left blank.</i>"),
                          *self.sections.values(), self.result])
        self.add_class("fbss-odi-calculator")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def answers(self):
        return odi_answers(self.kb, {k: None if c.value in (None, _SKIPPED) else c.value
                                     for k, c in self.sections.items()})

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
        self.result.value = status_line(self.message(), self.kb.diagnosis["odi"]["sources"])

    def static_html(self) -> str:
        scores = "".join(f"<li>{esc(c.description)}: {esc(c.label or 'skipped')}</li>"
                         for c in self.sections.values())
        return offline_result_html("calculator", "With these answers", self.result.value,
                                   f"<ul>{scores}</ul>")

    def static_text(self) -> str:
        return f"ODI: {self.message()}"


class PainReliefCalculator(StaticFallback, w.VBox):
    """Pain before and after treatment on a 0-10 numeric rating scale, and the relief."""

    def __init__(self, kb: KnowledgeBase | None = None, before: int = 8, after: int = 4):
        self.kb = kb or load_knowledge()
        self.before = number("Pain before (0-10)", before, 1, 10)
        self.after = number("Pain after (0-10)", after, 0, 10)
        self.result = w.HTML()
        for control in (self.before, self.after):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.before, self.after, self.result])
        self.add_class("fbss-pain-relief")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def message(self) -> str:
        relief = pain_relief(self.before.value, self.after.value)
        if relief < 0:
            return f"The pain is {-relief:.0f}% worse than before."
        category = relief_category(self.kb, relief)
        verdict = (f"{category['label']} relief: {category['meaning']}" if category
                   else "Below the smallest threshold: no meaningful relief.")
        return f"Relief: {relief:.0f}% of the starting pain. {verdict}"

    def render(self) -> None:
        self.result.value = status_line(self.message(),
                                         self.kb.diagnosis["pain_relief"]["sources"])

    def static_html(self) -> str:
        return offline_result_html(
            "calculator", f"From a pain of {self.before.value} to {self.after.value}",
            self.result.value)

    def static_text(self) -> str:
        return f"Pain relief: {self.message()}"
