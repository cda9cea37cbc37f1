"""Views of notebook 06: an explorer of the drawn images (switch sequence, timing, finding and
see what changes) and the metal artefact comparison. They wire controls to course_lib.imaging
and show what imaging_figures draws."""
from __future__ import annotations

import ipywidgets as w

from .imaging import STUDIES, changes, choices, scene, words
from .imaging_figures import COLOURS, image_html, metal_comparison
from .knowledge import KnowledgeBase, load_knowledge
from .style import choice, stylesheet
from .views import WEB_STATIC, StaticFallback, chart_html, cite, esc

HEADINGS = {"sequence": "Sequence", "timing": "Time since surgery", "finding": "Finding",
            "reconstruction": "Reconstruction", "case": "Films"}
START = {"mri": {"sequence": "t1-pre", "timing": "6-months", "finding": "disc"},
         "ct": {"finding": "solid", "reconstruction": "standard"},
         "flexion_extension": {"case": "stable"}}


def _label(item) -> str:
    return item.get("label") or item["name"]


class ImagingExplorer(StaticFallback, w.VBox):
    """One kind of drawn image ("mri", "ct" or "flexion_extension"): choose, look, read what
    changed and how to read it."""

    def __init__(self, kb: KnowledgeBase | None = None, study: str = "mri"):
        if study not in START:
            raise ValueError(f"unknown study {study!r}; one of {', '.join(START)}")
        self.kb, self.study = kb or load_knowledge(), study
        self.controls = {}
        for name in STUDIES[study]:
            options = [(_label(item), key) for key, item in choices(self.kb, study, name).items()]
            radio = choice(HEADINGS[name], options, START[study][name])
            radio.add_class("fbss-column")              # the choices side by side, each a column
            radio.layout.flex = "1 1 16em"
            radio.observe(lambda _: self.render(), names="value")
            self.controls[name] = radio
        self.image, self.changed, self.reading = w.HTML(), w.HTML(), w.HTML()
        self._shown = None
        self.render()
        super().__init__([stylesheet(), w.HBox(list(self.controls.values()),
                                               layout=w.Layout(flex_flow="row wrap",
                                                               max_width="100%")),
                          self.changed, self.image, self.reading])
        self.add_class("fbss-imaging-explorer")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    @property
    def view(self) -> dict:
        return {"study": self.study, **{k: c.value for k, c in self.controls.items()}}

    def render(self) -> None:
        now = scene(self.kb, self.view)
        lines = changes(self._shown, now) if self._shown else []
        self.changed.value = (
            '<div role="status" aria-live="polite"><p><b>What changed:</b> '
            + ("; ".join(esc(line) for line in lines) if lines else
               "nothing a reader would see" if self._shown else
               "change a choice above and compare") + ".</p></div>")
        self.image.value = image_html(self.kb, self.view, now.title)
        notes = "".join(f"<li>{esc(n)}</li>" for n in now.notes)
        self.reading.value = (f"<p><b>How to read it:</b> {esc(now.reading)}</p>"
                              f"<ul>{notes}</ul><p>Sources: {cite(now.sources)}</p>")
        self._shown = now

    def static_html(self) -> str:
        return self.image.value + self.reading.value

    def static_text(self) -> str:
        return words(self.kb, scene(self.kb, self.view))


def show_metal_comparison(kb: KnowledgeBase) -> str:
    """The same screws imaged each way the data lists, with each method's words (HTML)."""
    metal = kb.imaging["metal"]
    text = " ".join(f"{m['label']}: {m['shows']}" for m in metal["methods"])
    figure = chart_html(metal_comparison(kb),
                        f"{kb.imaging['notice']}: titanium pedicle screws at {metal['level']}, "
                        "imaged five ways; the drawn artefact sizes are teaching values, in the "
                        "order the sources give.", f"{kb.imaging['notice']}. {text}",
                        colours=COLOURS)
    rows = "".join(f"<li><b>{esc(m['label'])}.</b> {esc(m['shows'])} {cite(m['sources'])}</li>"
                   for m in metal["methods"])
    return (f"{figure}<ul>{rows}</ul><p>{esc(metal['material_note'])} "
            f"{cite(metal['material_sources'])}</p>")

