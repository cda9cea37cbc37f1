"""Views of the causes notebook: the causes explorer, the onset timeline and the adjacent
segment model. They wire controls to course_lib.causes and render its results."""
from __future__ import annotations

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import HTML

from .causes import LUMBAR_SEGMENTS, adjacent_segment_model, filter_causes, timeline
from .knowledge import KnowledgeBase, load_knowledge
from .schema import PROCEDURES, TIMINGS
from .style import choice, number, stylesheet
from .views import WEB_STATIC, PALETTE, StaticFallback, chart_html, cite, esc, figure_html


def cause_card(kb: KnowledgeBase, cause) -> str:
    treatments = "; ".join(f"{kb.treatments[t]['name']} (evidence: "
                           f"{kb.treatments[t]['evidence']['level']})"
                           for t in cause.get("treatments", []))
    parts = [f"<p><b>When:</b> {esc(', '.join(cause['timing']))}; {esc(cause['onset'])}</p>",
             f"<p><b>Mechanism:</b> {esc(cause['mechanism'])}</p>",
             "<p><b>Clues:</b></p><ul>" + "".join(f"<li>{esc(c)}</li>" for c in cause["clues"])
             + "</ul>",
             "<p><b>Tests:</b></p><ul>" + "".join(f"<li>{esc(t)}</li>" for t in cause["tests"])
             + "</ul>"]
    if treatments:
        parts.append(f"<p><b>Treatments that address it:</b> {esc(treatments)}</p>")
    if cause.get("contested"):  # every cause has a debated point: no mark that says nothing
        parts.append(f"<p><b>What is debated:</b> {esc(cause['contested'])}</p>")
    parts.append(f"<p>Sources: {cite(cause['sources'])}</p>")
    summary = (f"<summary><b>{esc(cause['name'])}</b> ({esc(', '.join(cause['timing']))})"
               "</summary>")
    return ('<details class="fbss-card" style="border-left:4px solid #999;padding-left:0.8em;'
            'margin:0.4em 0">' + summary + "".join(parts) + "</details>")


class CausesExplorer(StaticFallback, w.VBox):
    """Filter the causes by timing, by operation and by a symptom word."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        style = {"description_width": "initial"}   # the label as wide as its words
        self.timing = choice("Arises", [("any time", ""), *[(t, t) for t in TIMINGS]])
        self.procedure = choice("After", [("any operation", ""), *[
            (p.replace("-", " "), p) for p in PROCEDURES if p != "any"]])
        self.symptom = w.Text(placeholder="a word, e.g. fever, leg, years",
                              description="Symptom or clue", style=style,
                              layout=w.Layout(width="100%", max_width="36em"))
        self.result = w.HTML()
        for control in (self.timing, self.procedure, self.symptom):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.timing, self.procedure, self.symptom, self.result])
        self.add_class("fbss-causes-explorer")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def matches(self):
        return filter_causes(self.kb, self.timing.value, self.procedure.value, self.symptom.value)

    def render(self) -> None:
        found = self.matches()
        head = (f"<p><b>{len(found)} of {len(self.kb.causes)} causes match.</b> Open a cause "
                "to read its mechanism, clues, tests and treatments.</p>" if found
                else "<p><b>No cause matches.</b> Try a shorter word or fewer filters.</p>")
        self.result.value = f'<div role="status" aria-live="polite">{head}</div>' + "".join(
            cause_card(self.kb, c) for c in found)

    def static_html(self) -> str:
        return "".join(cause_card(self.kb, c) for c in self.kb.causes.values())

    def static_text(self) -> str:
        return f"Causes explorer: {len(self.matches())} causes shown"


_TICKS = [(0.25, "1 wk"), (1, "1 mo"), (3, "3 mo"), (12, "1 yr"), (60, "5 yr"), (120, "10 yr")]


def plot_timeline(kb: KnowledgeBase):
    """The window in which each cause usually first shows after surgery (log time axis);
    approximate windows hatched and grey, sourced ones solid blue."""
    rows = timeline(kb)
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
    for y, row in enumerate(rows):
        start, end = max(row.start, 0.1), max(row.end, max(row.start, 0.1) * 1.15)
        style = (dict(color="#BBBBBB", hatch="///", label="approximate (course's reading)")
                 if row.approximate else dict(color=PALETTE["blue"], label="from a source"))
        ax.barh(y, end - start, left=start, edgecolor="black", linewidth=0.5, **style)
        ax.text(end * 1.08, y, row.name + (" (approx.)" if row.approximate else ""),
                va="center", fontsize=8)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncol=2, fontsize=8, frameon=False)
    ax.set_xscale("log")
    ax.set_xlim(0.1, 1000)
    ax.set_xticks([t for t, _ in _TICKS], [label for _, label in _TICKS])
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlabel("Months after the operation (log scale); a bar from the left edge means "
                  "from day one")
    ax.set_title("When each cause usually first shows itself")
    fig.tight_layout()
    return fig


def _plural(n: float, unit: str) -> str:
    return f"{n:g} {unit}{'' if n == 1 else 's'}"


def _months(m: float) -> str:
    if m >= 12:
        return _plural(m / 12, "year")
    if m >= 1:
        return _plural(m, "month")
    return _plural(round(m * 4.3), "week") if m > 0 else "day one"


def timeline_text(kb: KnowledgeBase) -> str:
    """The timeline in words: the figure's text alternative."""
    return "; ".join(f"{r.name}: {_months(r.start)} to {_months(r.end)}"
                     + (" (approximate)" if r.approximate else "")
                     for r in timeline(kb)) + "."


def show_timeline(kb: KnowledgeBase) -> HTML:
    """The timeline figure with its caption, and its words as the image's text alternative."""
    return HTML(chart_html(plot_timeline(kb), "When each cause usually first shows after the "
                           "operation: solid bars from a source, hatched grey bars the course's "
                           "reading of words such as 'months'.", timeline_text(kb)))


def asd_svg(fused: int, lowest: str, neighbour_weight: float) -> str:
    """Bars of each lumbar segment's share of bending under the adjacent segment model."""
    model = adjacent_segment_model(fused, lowest, neighbour_weight)
    top = max(200.0, max(s.percent_of_normal for s in model))
    width, height, base = 600, 250, 200   # the bars end at 480: the 100% label right of them
    desc = "; ".join(f"{s.segment}: {'fused' if s.fused else f'{s.percent_of_normal:.0f}%'}"
                     + (" (next to the fusion)" if s.adjacent else "") for s in model)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="asd-t asd-d" '
           'style="font-family:sans-serif;font-size:12px;background:white;max-width:100%;'
           'height:auto"><title id="asd-t">Adjacent segment model</title>'
           f'<desc id="asd-d">Share of bending each segment provides, normal = 100%: {esc(desc)}'
           '</desc>']
    y100 = base - 100 / top * 170
    out.append(f'<line x1="40" x2="{width - 10}" y1="{y100:.0f}" y2="{y100:.0f}" '
               f'stroke="#555" stroke-dasharray="4 3"/><text x="{width - 10}" y="{y100 - 4:.0f}"'
               ' text-anchor="end">normal = 100%</text>')
    for i, s in enumerate(model):
        x, h = 60 + i * 90, s.percent_of_normal / top * 170
        colour = PALETTE["vermillion"] if s.adjacent else PALETTE["sky"]
        if s.fused:
            out.append(f'<rect x="{x}" y="{base - 12}" width="60" height="12" fill="#bbb" '
                       f'stroke="black"/><text x="{x + 30}" y="{base - 16}" '
                       'text-anchor="middle">fused</text>')
        else:
            out.append(f'<rect x="{x}" y="{base - h:.0f}" width="60" height="{h:.0f}" '
                       f'fill="{colour}" stroke="black"/><text x="{x + 30}" y="{base - h - 4:.0f}"'
                       f' text-anchor="middle">{s.percent_of_normal:.0f}%'
                       f'{" ▲" if s.adjacent else ""}</text>')
        out.append(f'<text x="{x + 30}" y="{base + 16}" text-anchor="middle">{s.segment}</text>')
    out.append(f'<text x="60" y="{base + 40}">▲ = next to the fusion (orange): takes '
               f'{neighbour_weight:g}× the share of the others</text></svg>')
    return "".join(out)


class AdjacentSegmentModel(StaticFallback, w.VBox):
    """Fuse 0-2 lumbar segments and see how the model shares out the lost bending."""

    def __init__(self):
        self.fused = number("Fused segments (0-2)", 1, 0, 2)
        self.lowest = choice("Lowest fused segment", [(s, s) for s in LUMBAR_SEGMENTS], "L5-S1")
        self.figure = w.HTML()
        self.fused.observe(lambda _: self.render(), names="value")
        self.lowest.observe(self._on_lowest, names="value")
        self.render()
        super().__init__([stylesheet(), self.fused, self.lowest, self.figure])
        self.add_class("fbss-asd-model")
        self.add_class(WEB_STATIC)

    def _on_lowest(self, _change) -> None:
        # No more segments can be fused than lie at or above the lowest one.
        self.fused.max = min(2, LUMBAR_SEGMENTS.index(self.lowest.value) + 1)
        self.render()

    def render(self) -> None:
        fused, lowest = self.fused.value, self.lowest.value
        caption = ("Teaching model, not measured data: the numbers are arbitrary and show the "
                   "direction only. It assumes the same total bending, lost motion shared by the "
                   "moving segments and a double share for the neighbours of the fusion; real "
                   "patients lose some total motion, segments do not move equally, and none of "
                   "the course's sources measures motion at adjacent segments.")
        self.figure.value = figure_html(asd_svg(fused, lowest, 2.0), caption)

    def static_html(self) -> str:
        return self.figure.value

    def static_text(self) -> str:
        return f"Adjacent segment model: {self.fused.value} fused, lowest {self.lowest.value}"
