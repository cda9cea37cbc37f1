"""Widgets of the anatomy notebook: the spine explorer and the lesion localizer.
They only wire controls to course_lib.anatomy and render its results."""
from __future__ import annotations

import ipywidgets as w

from .anatomy import compressed_root, disc_below, localize, neural_content, region_of
from .knowledge import KnowledgeBase, load_knowledge
from .spine_figures import spine_svg
from .style import choice, stylesheet
from .views import WEB_STATIC, StaticFallback, cite, esc, figure_html, table_html

# Where the table of every root is: notebook 01's section 5. The localizer links to it rather
# than printing it again.
ROOT_TABLE_LINK = ('the root table of <a href="01_spine_anatomy.ipynb">notebook 01</a> '
                   "(section 5)")

_WHOLE = "whole region"
_NONE = "none"


def explorer_facts(kb: KnowledgeBase, region_id: str, level: str | None) -> str:
    """HTML facts for a region, or for one vertebra within it."""
    r = kb.regions[region_id]
    parts = [f"<h4>{esc(r.name)} spine</h4>",
             f"<p>{r.vertebrae} vertebrae{', fused' if r.fused else ''}; curve: "
             f"<b>{r.curve}</b>. {esc(r.summary)} {cite(r.sources)}</p>"]
    if r.clinical:
        parts.append(f"<p><i>After surgery:</i> {esc(r.clinical)} {cite(r.sources)}</p>")
    if level:
        parts.append(f"<h4>{esc(level)}</h4>")
        content = neural_content(kb, level)
        if content:
            parts.append(f"<p>In the canal behind {level}: {content}. "
                         f"{cite(kb.cord['sources'])}</p>")
        disc = disc_below(kb, level)
        if disc:
            hits = [compressed_root(kb, disc.id, z) for z in kb.herniation_zones]
            parts.append(
                f"<p>The {level} root leaves below the {level} pedicle, through the {disc.id} "
                "foramen. A herniated disc at " + esc(disc.id) + " compresses: " +
                "; ".join(f"{esc(kb.herniation_zones[h.zone].label.lower())} → the "
                          f"{h.role} <b>{h.root}</b> root" for h in hits) +
                f". {cite(hits[0].sources)}</p>")
            if disc.id == kb.cord["conus_level"]:
                parts.append(f"<p>Caution: the conus usually lies level with {disc.id}, so a "
                             "large herniation here can press on the end of the cord as well "
                             f"as on roots. {cite(kb.cord['sources'])}</p>")
    return "".join(parts)


class SpineExplorer(StaticFallback, w.HBox):
    """Choose a region or a level: the column highlights it and its facts appear."""

    def __init__(self, kb: KnowledgeBase | None = None, region: str = "lumbar"):
        self.kb = kb or load_knowledge()
        self.region = choice("Region", [(r.name, r.id) for r in self.kb.regions.values()],
                             region)
        self.level = choice("Level", self._levels())
        self.figure, self.facts = w.HTML(layout=w.Layout(flex="0 1 auto")), w.HTML()
        self.region.observe(self._on_region, names="value")
        self.level.observe(lambda _: self.render(), names="value")
        self.render()
        # Side by side where there is room, the panel under the figure where there is not.
        panel = w.VBox([stylesheet(), self.region, self.level, self.facts],
                       layout=w.Layout(flex="1 1 18em", min_width="0"))
        super().__init__([self.figure, panel], layout=w.Layout(flex_flow="row wrap",
                                                               align_items="flex-start"))
        self.add_class("fbss-spine-explorer")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def _levels(self) -> list[tuple[str, str]]:
        return [(level, level) for level in (_WHOLE, *self.kb.regions[self.region.value].levels)]

    def _set_levels(self) -> None:
        self.level.options = self._levels()
        self.level.value = _WHOLE

    def _on_region(self, _change) -> None:
        with self.hold_trait_notifications():
            self._set_levels()
        self.render()

    def selection(self) -> tuple[str, str | None]:
        level = self.level.value
        if level not in (None, _WHOLE) and region_of(self.kb, level).id == self.region.value:
            return self.region.value, level
        return self.region.value, None

    def render(self) -> None:
        region_id, level = self.selection()
        chosen = {level} if level else set(self.kb.regions[region_id].levels)
        label = f"Selected: {level or self.kb.regions[region_id].name + ' region'}"
        self.figure.value = figure_html(spine_svg(self.kb, frozenset(chosen), label),
                                        "Figure: the spine from the side; the selection is "
                                        "hatched and outlined in black.")
        self.facts.value = explorer_facts(self.kb, region_id, level)

    def static_html(self) -> str:
        """The figure and the selection's facts, then every region's facts to open."""
        regions = "".join(f'<details class="fbss-card"><summary>{esc(r.name)}</summary>'
                          f"{explorer_facts(self.kb, r.id, None)}</details>"
                          for r in self.kb.regions.values())
        return (self.figure.value + self.facts.value
                + f"<p><b>Every region:</b></p>{regions}")

    def static_text(self) -> str:
        region_id, level = self.selection()
        return f"Spine explorer: {level or region_id} selected"


class LesionLocalizer(StaticFallback, w.VBox):
    """Choose the examination findings: the most likely root, and why."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        f = self.kb.findings

        def finding(kind, description):
            return choice(description, [(_NONE, ""), *[(label, i) for i, label in f[kind].items()]])

        self.sensory = finding("sensory", "Numb or tingling area")
        self.weakness = finding("movements", "Weak movement")
        self.reflex = finding("reflexes", "Reduced reflex")
        self.result = w.HTML()
        for control in (self.sensory, self.weakness, self.reflex):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.sensory, self.weakness, self.reflex, self.result])
        self.add_class("fbss-lesion-localizer")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def localization(self):
        return localize(self.kb, self.sensory.value, self.weakness.value, self.reflex.value)

    def render(self) -> None:
        loc = self.localization()
        if loc.root:
            verdict = f"<p>Most likely root: <b>{loc.root}</b>.</p>"
        elif loc.candidates:
            verdict = ("<p>No single root. Roots that fit: "
                       + ", ".join(f"<b>{c}</b>" for c in loc.candidates) + ".</p>")
        else:
            verdict = "<p>No single root.</p>" if self._any_finding() else ""
        self.result.value = (f'<div role="status" aria-live="polite">{verdict}'
                             f"<p>{esc(loc.message)} {cite(loc.sources)}</p></div>"
                             "<p><i>A teaching tool, not a diagnosis: real findings overlap "
                             "between roots and can come from outside the spine. Every root's "
                             f"findings side by side: {ROOT_TABLE_LINK}.</i></p>")

    def _any_finding(self) -> bool:
        return any(c.value for c in (self.sensory, self.weakness, self.reflex))

    def static_html(self) -> str:
        return ("<p>The lesion localizer names the root that fits the findings you choose; it "
                f"needs a running notebook. Every root's findings are in {ROOT_TABLE_LINK}.</p>")

    def static_text(self) -> str:
        return f"Lesion localizer: {self.localization().message}"


def root_table(kb: KnowledgeBase) -> str:
    """The L2-S1 root table, shown once in the course (notebook 01); the rest link to it."""
    f = kb.findings
    return table_html(["Root", "Sensory area", "Key movements", "Reflex", "Note"], [
        [f"<b>{r.id}</b>",
         esc(", ".join(f["sensory"][s] for s in r.sensory)),
         esc("; ".join(f["movements"][m] for m in r.movements)),
         esc(" or ".join(f["reflexes"][x] for x in r.reflexes) or "none standard"),
         esc(r.note or "") + " " + cite(r.sources)]
        for r in kb.roots.values()])


def region_table(kb: KnowledgeBase) -> str:
    total = sum(r.vertebrae for r in kb.regions.values())
    return table_html(["Region", "Levels", "Vertebrae", "Curve", "Sources"], [
        *([f"<b>{esc(r.name)}</b>", f"{r.prefix}1-{r.prefix}{r.vertebrae}",
           f"{r.vertebrae}{' (fused)' if r.fused else ''}", r.curve, cite(r.sources)]
          for r in kb.regions.values()),
        ["<b>Total</b>", "", str(total), "", ""]])


def structures_table(kb: KnowledgeBase) -> str:
    return table_html(["Structure", "What it is", "What surgery does to it", "Sources"], [
        [f"<b>{esc(s.name)}</b>", esc(s.description), esc(s.surgery or ""), cite(s.sources)]
        for s in kb.structures.values()])


def herniation_table(kb: KnowledgeBase) -> str:
    """Every lumbar disc level against every herniation zone: the root compressed."""
    zones = list(kb.herniation_zones.values())
    rows = [[f"<b>{d.id}</b>", *(f"{c.root} ({c.role})" for c in
                                 (compressed_root(kb, d.id, z.id) for z in zones))]
            for d in kb.disc_levels.values()]
    return (table_html(["Disc level", *(esc(z.label) for z in zones)], rows) +
            f"<p>{cite(zones[0].sources)}</p>")
