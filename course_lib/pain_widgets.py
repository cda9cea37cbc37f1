"""Views of notebook 09_living_with_persistent_pain: NICE NG59's positions on rehabilitation, the
MME calculator and the taper planner (course_lib.opioids), and the screening tools with the
PHQ-9 scorer and the STarT Back groups (course_lib.instruments). For learning only."""
from __future__ import annotations

import ipywidgets as w

from .instruments import band, instrument, score, start_back_group
from .knowledge import KnowledgeBase, load_knowledge
from .opioids import (TaperStep, large_steps, mme_per_day, taper_pattern, taper_plan,
                      thresholds_reached)
from .style import badge, choice, number, stylesheet
from .treatments import NG59_LABELS, NG59_SCOPE, ng59_positions
from .views import (WEB_STATIC, StaticFallback, cite, esc, offline_result_html, status_html,
                    status_line, table_html)

_STYLE = {"description_width": "initial"}
# The treatments (treatments.yaml, owned by notebook 07) whose NG59 positions are about
# rehabilitation and living with pain.
REHABILITATION = ("patient-education", "exercise-therapy", "multidisciplinary-rehabilitation",
                  "cognitive-behavioural-therapy", "pain-management-programme")


def for_learning_only(kb: KnowledgeBase) -> str:
    return f'<p>{badge("Not for dosing a patient", "urgent")} <b>{esc(kb.opioids["disclaimer"])}</b></p>'


def rehabilitation_positions(kb: KnowledgeBase) -> str:
    """NICE NG59's positions on the rehabilitation treatments, in NICE's own strength."""
    names: dict[tuple, list[str]] = {}   # one row per NG59 position, naming every treatment
    for t, i in ng59_positions(kb):
        if t["id"] in REHABILITATION:
            names.setdefault((i["position"], i["covers"], i["says"]), []).append(
                t["name"].split(" (")[0])
    rows = [[esc("; ".join(n)), badge(NG59_LABELS[position], "evidence"), esc(covers), esc(says)]
            for (position, covers, says), n in names.items()]
    return (f"<p><i>{esc(NG59_SCOPE)}</i> {cite(['nice-ng59'])}</p>"
            + table_html(["Treatment", "NICE NG59", "What the position covers", "What NICE says"],
                         rows))


def conversion_table(kb: KnowledgeBase) -> str:
    """The CDC 2022 conversion factors, with each opioid's caution."""
    o = kb.opioids
    rows = [[esc(d["name"]), esc(d["unit"] if d["unit"] == "mcg/hr" else "mg per day"),
             f"<b>{d['factor']:g}</b>" if "factor" in d else badge("not counted", "contested"),
             esc(" ".join(filter(None, [d.get("no_factor"), d.get("caution"), d.get("note")])))]
            for d in o["drugs"]]
    cautions = "".join(f"<li>{esc(c['text'])}</li>" for c in o["cautions"])
    return (f"<p>{esc(o['formula'])} {cite(o['formula_sources'])}</p>"
            + table_html(["Opioid", "Dose in", "Factor", "Cautions and notes"], rows)
            + f"<p>The table's own sources: {cite(o['table_sources'])}.</p>"
            + f"<p><b>Cautions for every conversion</b></p><ul>{cautions}</ul>")


def dose_thresholds(kb: KnowledgeBase) -> str:
    o = kb.opioids
    items = "".join(f"<li><b>{esc(t['label'])}</b>: {esc(t['meaning'])}</li>"
                    for t in o["thresholds"])
    return (f"<ul>{items}</ul><p><i>{esc(o['threshold_note'])}</i> "
            f"{cite(o['threshold_sources'])}</p>")


def taper_rules(kb: KnowledgeBase) -> str:
    rules = "".join(f"<li>{esc(r['text'])} {cite(r['sources'])}</li>"
                    for r in kb.opioids["taper_rules"])
    patterns = "".join(f"<li><b>{esc(t['label'])}</b>: {esc(t['when'])} {cite(t['sources'])}</li>"
                       for t in kb.opioids["tapers"])
    return f"<ul>{patterns}</ul><ul>{rules}</ul>"


def _amount(description: str, value: float, top: float, step: float, layout) -> w.BoundedFloatText:
    """A dose or a count in a named field, from 0 to `top`, followed as it is typed."""
    return w.BoundedFloatText(value=value, min=0, max=top, step=step, description=description,
                              continuous_update=True, style=_STYLE, layout=layout)


class MmeCalculator(StaticFallback, w.VBox):
    """Up to three opioids: dose per administration and administrations per day, to MME/day."""

    def __init__(self, kb: KnowledgeBase | None = None,
                 example=(("oxycodone", 20, 2), ("tramadol", 50, 4))):
        self.kb = kb or load_knowledge()
        drugs = [(d["name"], d["id"]) for d in self.kb.opioids["drugs"]]
        room = w.Layout(width="auto", flex="1 1 11em", max_width="16em")
        self.rows = []
        for number in range(3):
            drug, dose, per_day = (list(example) + [("", 0, 1)] * 3)[number]
            self.rows.append((   # each field named with its opioid, for a screen reader
                choice(f"Opioid {number + 1}", [("none", ""), *drugs], drug),
                _amount(f"Dose (opioid {number + 1})", dose, 10000, 5, room),
                _amount(f"Times a day (opioid {number + 1})", per_day, 24, 1, room)))
        self.result = w.HTML()
        for row in self.rows:
            for control in row:
                control.observe(lambda _: self.render(), names="value")
        self.render()
        hint = ("<p class='fbss-hint'>Dose: milligrams per administration; for a fentanyl patch, "
                "its strength in micrograms per hour, with 1 time a day.</p>")
        super().__init__([stylesheet(), w.HTML(for_learning_only(self.kb)), w.HTML(hint),
                          *[w.VBox([drug, w.HBox(amounts, layout=w.Layout(flex_flow="row wrap"))])
                            for drug, *amounts in self.rows],
                          self.result])
        self.add_class("fbss-mme-calculator")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def message(self) -> str:
        """The calculation in words, or the reason it cannot be done."""
        parts, total = [], 0.0
        try:
            for drug, dose, per_day in self.rows:
                if not drug.value:
                    continue
                mme = mme_per_day(self.kb, drug.value, dose.value, per_day.value)
                total += mme
                parts.append(f"{drug.label} {dose.value:g} x {per_day.value:g} a day = "
                             f"{mme:g} MME")
        except ValueError as error:
            return f"Cannot calculate: {str(error).rstrip('.')}."
        if not parts:
            return "Choose at least one opioid."
        reached = thresholds_reached(self.kb, total)
        where = (f" This is at or above {reached[-1]['label'].replace(' or more', '')}: a point "
                 "to pause and reassess benefits and harms, and to offer naloxone, not a limit "
                 "or a reason to cut the dose quickly." if reached
                 else f" This is below {self.kb.opioids['thresholds'][0]['label']}.".replace(
                     " or more", ""))
        return f"{'; '.join(parts)}. Total: {total:g} MME per day.{where}"

    def render(self) -> None:
        self.result.value = status_line(self.message(), self.kb.opioids["formula_sources"])

    def static_html(self) -> str:
        return for_learning_only(self.kb) + offline_result_html("calculator", "With its example",
                                                                self.result.value)

    def static_text(self) -> str:
        return f"MME calculator (for learning only): {self.message()}"


def _note(step: TaperStep, large: bool) -> str:
    notes = ["start" if step.period == 0 else "stop" if step.dose == 0 else "",
             "pause: dose held" if step.paused else "",
             "smallest dose, interval between doses lengthened (less often than daily)"
             if step.lengthened and not step.paused else "",
             "⚠ larger step than the pattern (see below the table)" if large else ""]
    return esc("; ".join(n for n in notes if n))


def taper_table(kb: KnowledgeBase, steps: list[TaperStep], pattern: str) -> str:
    interval = taper_pattern(kb, pattern)["interval"]
    start, large = steps[0].dose, large_steps(kb, steps, pattern)
    rows = [[f"{interval} {s.period}", f"{s.dose:g}", f"{100 * s.dose / start:.0f}%",
             _note(s, s.period in large and not s.paused)] for s in steps]
    note = f"<p>⚠ {esc(kb.opioids['large_step_note'])}</p>" if large else ""
    return table_html([interval.capitalize(), "Dose (mg a day)", "Of the start", "Note"], rows) + note


class TaperPlanner(StaticFallback, w.VBox):
    """A taper plan from a starting daily dose, the smallest dispensable dose and a pattern."""

    def __init__(self, kb: KnowledgeBase | None = None, start: float = 90, smallest: float = 5,
                 pauses: str = "4"):
        self.kb = kb or load_knowledge()
        room = w.Layout(width="auto", flex="1 1 14em", max_width="24em")
        self.start = _amount("Starting daily dose (mg of the opioid, not MME)", start, 10000, 5,
                             room)
        self.smallest = _amount("Smallest dose that can be dispensed (mg)", smallest, 1000, 1, room)
        self.pattern = choice("Pattern", [(t["label"], t["id"]) for t in self.kb.opioids["tapers"]])
        # in the column itself, so no flex: a flex basis there would be a height
        self.pauses = w.Text(value=pauses, description="Pause before reductions (e.g. 4, 7)",
                             style=_STYLE, layout=w.Layout(width="auto", max_width="24em"))
        self.result = w.HTML()
        for control in (self.start, self.smallest, self.pattern, self.pauses):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), w.HTML(for_learning_only(self.kb)),
                          w.HBox([self.start, self.smallest], layout=w.Layout(flex_flow="row wrap")),
                          self.pattern, self.pauses, self.result])
        self.add_class("fbss-taper-planner")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def plan(self) -> list[TaperStep]:
        words = [p.strip() for p in self.pauses.value.replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in words):
            raise ValueError(f"pauses are whole numbers separated by commas, got "
                             f"{self.pauses.value!r}")
        return taper_plan(self.kb, self.start.value, self.smallest.value, self.pattern.value,
                          [int(p) for p in words])

    def render(self) -> None:
        p = taper_pattern(self.kb, self.pattern.value)
        try:
            steps = self.plan()
        except ValueError as error:
            self.result.value = status_line(f"Cannot plan: {error}.", p["sources"])
            return
        summary = (f"<p><b>{steps[-1].period} {p['interval']}s from {steps[0].dose:g} mg to "
                   f"stopping, with {sum(s.paused for s in steps)} paused "
                   f"{p['interval']}(s).</b></p>")
        self.result.value = status_html(summary + taper_table(self.kb, steps, p["id"]), p["sources"])

    def static_html(self) -> str:
        return for_learning_only(self.kb) + offline_result_html("planner", "With its example",
                                                                self.result.value)

    def static_text(self) -> str:
        try:
            return f"Taper plan (for learning only): {[s.dose for s in self.plan()]}"
        except ValueError as error:
            return f"Taper plan: cannot plan: {error}"


def instruments_table(kb: KnowledgeBase) -> str:
    """Each screening or outcome tool: what it measures, its range and cut-offs, its licence."""
    rows = []
    for t in kb.instruments:
        cut_offs = "".join(f"<li><b>{esc(b['label'])}</b> (up to {b['up_to']:g}): "
                           f"{esc(b['meaning'])}</li>" for b in t["bands"])
        licence = badge("items reproduced here" if t["reproduce"] else "items not reproduced:"
                        " use the owner's form", "evidence" if t["reproduce"] else "neutral")
        rows.append([f"<b>{esc(t['name'])}</b> {cite(t['sources'])}",
                     f"{esc(t['measures'])} <i>{esc(t['use'])}</i>",
                     f"{t['items']} items, {t['range'][0]} to {t['range'][1]}"
                     f"<ul style='margin:0;padding-left:1.2em'>{cut_offs}</ul>",
                     f"{licence} {esc(t['licence'])} "
                     f'<a href="{esc(t["link"])}">{esc(t["link"])}</a>'])
    return table_html(["Tool", "What it measures, and its use", "Range and cut-offs",
                       "Licence"], rows)


class Phq9Scorer(StaticFallback, w.VBox):
    """The PHQ-9, item by item (its licence allows reproducing it), scored as Kroenke 2001."""

    def __init__(self, kb: KnowledgeBase | None = None, example=(1, 2, 2, 2, 1, 1, 1, 0, 0)):
        self.kb = kb or load_knowledge()
        self.tool = instrument(self.kb, "phq-9")
        options = list(zip(self.tool["answers"], range(len(self.tool["answers"]))))
        # The item's words wrap in an HTML line; the choice's own label stays short.
        self.items = [choice(f"Item {n}", options, value) for n, value in enumerate(example, 1)]
        self.result = w.HTML()
        for item in self.items:
            item.observe(lambda _: self.render(), names="value")
        self.render()
        rows = [w.VBox([w.HTML(f"<b>{n}.</b> {esc(text)}"), item])
                for n, (text, item) in enumerate(zip(self.tool["item_texts"], self.items), 1)]
        super().__init__([stylesheet(), w.HTML(f"<p><i>{esc(self.tool['question'])}</i></p>"),
                          *rows, self.result])
        self.add_class("fbss-phq9")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def message(self) -> str:
        r = score(self.kb, "phq-9", [i.value for i in self.items])
        return " ".join([f"Total {r.total} of 27: {r.band['label']}. {r.band['meaning']}",
                         *r.flags])

    def render(self) -> None:
        self.result.value = status_line(self.message(), self.tool["sources"])

    def static_html(self) -> str:
        answers = "".join(f"<li>{esc(text)}: {esc(i.label)}</li>"
                          for text, i in zip(self.tool["item_texts"], self.items))
        return offline_result_html("scorer", "With these answers", self.result.value,
                                   f"<ol>{answers}</ol>")

    def static_text(self) -> str:
        return f"PHQ-9: {self.message()}"


class StartBackGroups(StaticFallback, w.VBox):
    """The STarT Back risk group from a total and a psychosocial subscale score."""

    def __init__(self, kb: KnowledgeBase | None = None, total: int = 6, psychosocial: int = 4):
        self.kb = kb or load_knowledge()
        self.tool = instrument(self.kb, "start-back")
        top, sub = self.tool["range"][1], self.tool["subscale"]["range"][1]
        self.total = number(f"Total score (0-{top})", total, 0, top)
        self.psychosocial = number(f"{self.tool['subscale']['label'].capitalize()} (0-{sub})",
                                   psychosocial, 0, sub)
        self.result = w.HTML()
        for control in (self.total, self.psychosocial):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.total, self.psychosocial, self.result])
        self.add_class("fbss-start-back")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def message(self) -> str:
        try:
            group = start_back_group(self.kb, self.total.value, self.psychosocial.value)
        except ValueError as error:
            return f"Not a possible score: {error}."
        meaning = band(self.kb, "start-back", self.total.value)["meaning"]
        return f"{group.capitalize()} risk. {meaning}"

    def render(self) -> None:
        self.result.value = status_line(self.message(), self.tool["sources"])

    def static_html(self) -> str:
        return offline_result_html("group finder", f"With a total of {self.total.value} and a "
                                   f"subscale of {self.psychosocial.value}", self.result.value)

    def static_text(self) -> str:
        return f"STarT Back: {self.message()}"
