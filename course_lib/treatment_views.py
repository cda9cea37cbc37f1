"""Views of the treatments notebook: the evidence overview, the treatment explorer, trial
cards and trial plots. They wire controls to course_lib.treatments and render its results."""
from __future__ import annotations

import textwrap

import ipywidgets as w
import matplotlib.pyplot as plt

from .knowledge import KnowledgeBase, load_knowledge
from .schema import EVIDENCE_LEVELS, EVIDENCE_RULE, TREATMENT_GROUPS
from .treatments import (GROUP_LABELS, INVASIVENESS, NG59_LABELS, NG59_SCOPE, filter_treatments,
                         ng59_positions, results)
from .style import choice, number, stylesheet
from .views import PALETTE, StaticFallback, chart_html, cite, esc, table_html

ARM_STYLES = [(PALETTE["blue"], ""), (PALETTE["orange"], "//"), (PALETTE["grey"], "..")]


def evidence_overview(kb: KnowledgeBase) -> str:
    """How many treatments of each group stand at each evidence level."""
    rows = []
    for group in TREATMENT_GROUPS:
        levels = [t["evidence"]["level"] for t in kb.treatments.values() if t["group"] == group]
        rows.append([f"<b>{GROUP_LABELS[group]}</b>",
                     *(str(levels.count(lv)) if lv in levels else "·" for lv in EVIDENCE_LEVELS)])
    return table_html(["Group", *EVIDENCE_LEVELS], rows)


def evidence_rule_html() -> str:
    """The one rule by which every treatment's evidence level is set."""
    return ("<ul>" + "".join(f"<li><b>{lv}</b>: {esc(text)}</li>"
                             for lv, text in EVIDENCE_RULE.items()) + "</ul>")


def ng59_badge(position: str) -> str:
    """NICE's position as a label whose words carry the meaning (the border only repeats it)."""
    return ('<span style="border:1px solid #555;border-radius:3px;padding:0 0.3em;'
            f'white-space:nowrap">NICE NG59: {NG59_LABELS[position]}</span>')


def ng59_html(t) -> str:
    """A treatment's NG59 positions, one line each, or that NG59 makes none."""
    if "ng59" not in t:
        return "<p><b>NICE NG59:</b> makes no recommendation on this treatment.</p>"
    return "<ul>" + "".join(f"<li>{ng59_badge(i['position'])} - {esc(i['covers'])}. "
                            f"<i>{esc(i['says'])}</i></li>" for i in t["ng59"]) + "</ul>"


def treatment_card(t) -> str:
    ev = t["evidence"]
    positions = dict.fromkeys(NG59_LABELS[i["position"]] for i in t.get("ng59", ()))
    nice = (f"; NICE NG59: {' / '.join(positions)}"
            + (", depending on the use" if len(positions) > 1 else "")) if positions else ""
    return ('<details style="border-left:4px solid #999;padding-left:0.8em;margin:0.4em 0">'
            f"<summary><b>{esc(t['name'])}</b> (invasiveness {t['invasiveness']}; evidence: "
            f"{'⚠ claim, not evidence' if ev['level'] == 'claim' else ev['level']}{nice})</summary>"
            f"<p><b>Invasiveness:</b> {t['invasiveness']} ({INVASIVENESS[t['invasiveness']]})</p>"
            f"<p><b>For whom:</b> {esc(t['indications'])}</p>"
            f"<p><b>Evidence:</b> {esc(ev['summary'])}</p>"
            + ng59_html(t) + f"<p>Sources: {cite(t['sources'])}</p></details>")


def ng59_table(kb: KnowledgeBase) -> str:
    """Every NG59 position the course's treatments carry, in one table."""
    rows = [[esc(t["name"].split(" (")[0]), f"<b>{NG59_LABELS[i['position']]}</b>",
             esc(i["covers"]), esc(i["says"])] for t, i in ng59_positions(kb)]
    return (f"<p><i>{esc(NG59_SCOPE)}</i> [nice-ng59]</p>"
            + table_html(["Treatment", "NICE NG59", "What the position covers", "What NICE says"],
                         rows))


class TreatmentExplorer(StaticFallback, w.VBox):
    """Browse the treatments by group, invasiveness and strength of evidence."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        self.group = choice("Group", [("every group", ""), *[
            (GROUP_LABELS[g], g) for g in TREATMENT_GROUPS]])
        self.invasiveness = number("At most invasiveness (0-4)", 4, 0, 4)
        self.evidence = choice("Evidence at least", [(e, e) for e in EVIDENCE_LEVELS[::-1]])
        self.result = w.HTML()
        for control in (self.group, self.invasiveness, self.evidence):
            control.observe(lambda _: self.render(), names="value")
        self.render()
        super().__init__([stylesheet(), self.group, self.evidence, self.invasiveness,
                          self.result])
        self.add_class("fbss-wrap")
        self.add_class("fbss-treatment-explorer")

    def matches(self):
        return filter_treatments(self.kb, self.group.value, self.invasiveness.value,
                                 self.evidence.value)

    def render(self) -> None:
        found, html, group = self.matches(), [], None
        for t in found:
            if t["group"] != group:
                group = t["group"]
                html.append(f"<h4>{GROUP_LABELS[group]}</h4>")
            html.append(treatment_card(t))
        self.result.value = (f'<p role="status" aria-live="polite"><b>{len(found)} of '
                             f"{len(self.kb.treatments)} treatments match.</b> Invasiveness: "
                             + esc("; ".join(f"{i} {d}" for i, d in enumerate(INVASIVENESS)))
                             + f". {esc(NG59_SCOPE)}</p>" + "".join(html))

    def static_text(self) -> str:
        return f"Treatment explorer: {len(self.matches())} treatments shown."


def trial_card(kb: KnowledgeBase, trial_id: str) -> str:
    t = kb.trials[trial_id]
    return (f"<p><b>{esc(t['name'])}</b>. {esc(t['design'])}</p>"
            f"<p><b>Who:</b> {esc(t['population'])}</p>"
            + (f"<p><b>Found:</b> {esc(t['finding'])}</p>" if t.get("finding") else "")
            + f"<p><b>Limits:</b> {esc(t['limits'])}</p><p>Sources: {cite(t['sources'])}</p>")


def _when(months: float) -> str:
    if months == 0:
        return "start"
    return f"{months:g} months" if months < 24 else f"{months / 12:.1f} years"


def plot_trial(ax, trial, outcome_id: str) -> None:
    """Bars per arm at each time point, labelled with their values (hatching, not colour
    alone, tells the arms apart)."""
    outcome = _outcome(trial, outcome_id)
    by_arm = results(trial, outcome_id)
    times = sorted({r["months"] for rs in by_arm.values() for r in rs})
    width = 0.8 / len(trial["arms"])
    for i, (arm, (colour, hatch)) in enumerate(zip(trial["arms"], ARM_STYLES)):
        points = {r["months"]: r for r in by_arm[arm["id"]]}
        xs = [k + (i - (len(trial["arms"]) - 1) / 2) * width
              for k, m in enumerate(times) if m in points]
        values = [points[m]["value"] for m in times if m in points]
        bars = ax.bar(xs, values, width, color=colour, hatch=hatch, edgecolor="black",
                      label=arm["label"])
        ax.bar_label(bars, labels=[_value(points[m], outcome) for m in times if m in points],
                     fontsize=8)
    ax.set_xticks(range(len(times)), [_when(m) for m in times])
    better = ("" if outcome.get("higher_is_better", True) or "lower is better" in outcome["label"]
              else " (lower is better)")
    ax.set_title(textwrap.fill(trial["name"], 45) + "\n\n"
                 + textwrap.fill(outcome["label"] + better, 45), fontsize=8.5)
    ax.set_ylabel(outcome["unit"])
    ax.margins(y=0.2)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)


def _outcome(trial, outcome_id: str):
    return next(o for o in trial["outcomes"] if o["id"] == outcome_id)


def _value(r, outcome) -> str:
    unit = "%" if outcome["unit"] == "%" else ""
    count = f"\n({r['count']}/{r['of']})" if "count" in r else ""
    return f"{r['value']:g}{unit}{count}"


def plot_trials(kb: KnowledgeBase, panels: list[tuple[str, str]]):
    """One panel per (trial id, outcome id)."""
    fig, axes = plt.subplots(1, len(panels), figsize=(3.7 * len(panels), 4.6))
    for ax, (trial_id, outcome_id) in zip(axes, panels):
        plot_trial(ax, kb.trials[trial_id], outcome_id)
    fig.tight_layout()
    return fig


def trials_text(kb: KnowledgeBase, panels: list[tuple[str, str]]) -> str:
    """The plotted results in words: the figure's text alternative."""
    lines = []
    for trial_id, outcome_id in panels:
        trial = kb.trials[trial_id]
        outcome = _outcome(trial, outcome_id)
        arms = {a["id"]: a["label"] for a in trial["arms"]}
        parts = [f"{arms[arm]}: " + ", ".join(f"{_value(r, outcome).replace(chr(10), ' ')} at "
                                              f"{_when(r['months'])}" for r in rs)
                 for arm, rs in results(trial, outcome_id).items() if rs]
        lines.append(f"{trial['name']}, {outcome['label']}: " + "; ".join(parts) + ".")
    return "\n".join(lines)


def trial_cards(kb: KnowledgeBase, trial_ids) -> str:
    """The cards of several trials, in the order given."""
    return "".join(trial_card(kb, t) for t in trial_ids)
def trials_chart(kb: KnowledgeBase, panels: list[tuple[str, str]]) -> str:
    """The trials figure (HTML) with its caption, the results in words as its text
    alternative."""
    return chart_html(plot_trials(kb, panels), "The key trials' results, one panel per trial: "
                      "bars for each arm at each time point, told apart by their hatching.",
                      trials_text(kb, panels).replace("\n", " "))
