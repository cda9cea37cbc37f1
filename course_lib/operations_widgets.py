"""Views of notebook 03_operations_and_prevention: the operation explorer (each operation drawn
on the motion segment), the overview table, the selection checklist, the risk factors one can
act on, and the check that pain, examination and scan point to one lesion."""
from __future__ import annotations

import ipywidgets as w

from .knowledge import KnowledgeBase, load_knowledge
from .operations import FAMILY_LABELS, changes, concordance, ng59_items, operation
from .spine_figures import operation_svg
from .style import badge, choice, stylesheet
from .treatment_views import ng59_badge
from .treatments import NG59_SCOPE
from .views import WEB_STATIC, StaticFallback, cite, esc, figure_html, table_html


def _ng59_line(kb: KnowledgeBase, op) -> str:
    items = ng59_items(kb, op)
    if not items:
        return "<p><b>NICE NG59:</b> makes no recommendation on this operation.</p>"
    return "".join(f"<p>{ng59_badge(i['position'])} - {esc(i['covers'])}. <i>{esc(i['says'])}"
                   "</i> [nice-ng59]</p>" for i in items)


def operation_card(kb: KnowledgeBase, op) -> str:
    """One operation: its route, what it changes, what it is and is not for, its results, its
    complications and NICE's position, with sources."""
    c = changes(op)
    rows = [("Route", op["approach"]), ("What it does", op["what"]),
            ("Removes", ", ".join(c.removed) or "nothing"), ("Adds", ", ".join(c.added) or "nothing"),
            ("Movement at the level", c.motion), ("Levels next to it", c.neighbours),
            ("Good for", op["good_for"]), ("Not for", op["not_for"]),
            ("Results", op["outcomes"]), ("Complications", op["complications"])]
    return (f"<h4>{esc(op['name'])} {badge(FAMILY_LABELS[op['family']])}</h4>"
            + "".join(f"<p><b>{k}:</b> {esc(v)}</p>" for k, v in rows)
            + _ng59_line(kb, op) + f"<p>Sources: {cite(op['sources'])}</p>")


def operation_figure(kb: KnowledgeBase, op) -> str:
    c = changes(op)
    return figure_html(operation_svg(op, c), f"{op['name']} on the motion segment, front on the "
                       "left: removed parts hatched with a dashed outline and labelled, implants "
                       "labelled; the operated level is the lower disc.")


def operations_table(kb: KnowledgeBase) -> str:
    """Every operation in one table: family, what it removes and adds, and NICE's position."""
    rows = []
    for op in kb.operations["operations"]:
        c = changes(op)
        nice = " ".join(f"{ng59_badge(i['position'])}<br>{esc(i['covers'])}"
                        for i in ng59_items(kb, op)) or "none"
        rows.append([f"<b>{esc(op['name'])}</b>", FAMILY_LABELS[op["family"]],
                     esc(", ".join(c.removed) or "nothing"), esc(", ".join(c.added) or "nothing"),
                     esc(c.motion), nice])
    return (table_html(["Operation", "Family", "Removes", "Adds", "Movement at the level",
                        "NICE NG59"], rows)
            + f"<p><i>{esc(NG59_SCOPE)} Under each position, what it covers: "
              "the decompression position is written for sciatica, not for stenosis.</i> "
              "[nice-ng59]</p>")


class OperationExplorer(StaticFallback, w.VBox):
    """Choose an operation: see it drawn on the motion segment, and its card."""

    def __init__(self, kb: KnowledgeBase | None = None, start: str = "microdiscectomy"):
        self.kb = kb or load_knowledge()
        ops = self.kb.operations["operations"]
        self.choice = choice("Operation", [(op["name"], op["id"]) for op in ops], start)
        self.result = w.HTML()
        self.choice.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.choice, self.result])
        self.add_class("fbss-wrap")
        self.add_class("fbss-operation-explorer")
        self.add_class(WEB_STATIC)

    def render(self) -> None:
        op = operation(self.kb, self.choice.value)
        # a screen reader announces the choice, not the whole figure and card below it
        self.result.value = (f'<p role="status" aria-live="polite" class="fbss-screen-reader-only">'
                             f"Showing {esc(op['name'])}.</p>{operation_figure(self.kb, op)}"
                             f"{operation_card(self.kb, op)}")

    def static_html(self) -> str:
        """Every operation, figure and card, where no kernel runs."""
        return "".join(operation_figure(self.kb, op) + operation_card(self.kb, op)
                       for op in self.kb.operations["operations"])

    def static_text(self) -> str:
        return f"Operation explorer: {operation(self.kb, self.choice.value)['name']}."


def selection_html(kb: KnowledgeBase) -> str:
    """The checks before an operation, in order, each with its sources."""
    return "<ol>" + "".join(f"<li><b>{esc(s['point'])}.</b> {esc(s['detail'])} "
                            f"{cite(s['sources'])}</li>"
                            for s in kb.operations["selection"]) + "</ol>"


def risk_factors_table(kb: KnowledgeBase) -> str:
    """The risk factors a patient and clinician can act on, with the strength of the evidence."""
    rows = [[f"<b>{esc(r['factor'])}</b>", f"{esc(r['evidence'])} {cite(r['sources'])}",
             esc(r["action"]), f"<i>{esc(r['strength'])}</i>"]
            for r in kb.operations["risk_factors"]]
    return table_html(["Factor", "Evidence", "What to do", "Kind of evidence"], rows)


def cervical_html(kb: KnowledgeBase) -> str:
    c = kb.operations["cervical"]
    return f"<p>{esc(c['text'])}</p><p>Sources: {cite(c['sources'])}</p>"


_NOT_CLEAR = "not clear"


class OneLesionCheck(StaticFallback, w.VBox):
    """Choose the root the pain follows, the root the examination points to, and the herniation
    on the scan: do they name one lesion?"""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        roots = [(_NOT_CLEAR, ""), *[(f"{r} root", r) for r in self.kb.roots]]
        self.pain = choice("The leg pain follows the dermatome of the", roots, "L5")
        self.signs = choice("The examination points to the", roots, "L5")
        self.level = choice("The scan shows a herniation at", [("no herniation", ""), *[
            (lv, lv) for lv in self.kb.disc_levels]], "L4-L5")
        self.zone = choice("The herniation lies", [(z.label, z.id) for z in
                                                   self.kb.herniation_zones.values()])
        self.result = w.HTML()
        for control in (self.pain, self.signs, self.level, self.zone):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.pain, self.signs, self.level, self.zone,
                          self.result])
        self.add_class("fbss-wrap")
        self.add_class("fbss-one-lesion-check")
        self.add_class(WEB_STATIC)

    def check(self):
        return concordance(self.kb, self.pain.value or None, self.signs.value or None,
                           self.level.value or None, self.zone.value)

    def render(self) -> None:
        c = self.check()
        self.result.value = (f'<p role="status" aria-live="polite">'
                             f"{badge('one lesion' if c.agree else 'no single lesion')} "
                             f"{esc(c.verdict)}</p>")

    def static_html(self) -> str:
        return ("<p>The one-lesion check compares the root the pain, the examination and the "
                "scan point to; it needs a running notebook. Its rule for which root a "
                "herniation compresses is in notebook 01.</p>")

    def static_text(self) -> str:
        return f"One-lesion check: {self.check().verdict}"
