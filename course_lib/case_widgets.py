"""View of the case-studies notebook: read a case, choose the cause, the tests and the next
step, get feedback, then see the case run through the decision flow."""
from __future__ import annotations

import ipywidgets as w

from .cases import case_feedback, engine_path
from .decision import path_text
from .decision_widgets import FlowDiagram, step_html
from .diagnosis import diagnostic_tests
from .knowledge import KnowledgeBase, load_knowledge
from .style import choice, stylesheet
from .views import WEB_STATIC, StaticFallback, cite, esc, table_html


def case_html(case) -> str:
    findings = "".join(f"<li>{esc(f)}</li>" for f in case.get("findings", []))
    return (f"<h4>{esc(case['title'])}</h4><p><i>{esc(case['patient'])}</i></p>"
            f"<p>{esc(case['story'])}</p>"
            + (f"<p><b>Findings:</b></p><ul>{findings}</ul>" if findings else ""))


def _since(months: float) -> str:
    return f"{round(months * 52 / 12)} weeks" if months < 1 else f"{months:g} months"


def cases_table(kb: KnowledgeBase) -> str:
    """Every case: when it presents, its cause, its tests and where the flow leads."""
    tests = diagnostic_tests(kb)
    table = table_html(["Case", "Operation; time since", "Cause", "Tests", "Next step"], [
        [f"<b>{esc(c['title'])}</b>", f"{esc(c['procedure'])}; {_since(c['months_since_surgery'])}",
         esc(kb.causes[c["cause"]]["name"]), esc("; ".join(tests[t]["name"] for t in c["tests"])),
         esc(kb.flow.nodes[c["next_step"]].title)] for c in kb.cases.values()])
    return f"<details><summary><b>Show the answers for every case</b></summary>{table}</details>"


def answer_html(kb: KnowledgeBase, case) -> str:
    """A case's answer: cause, tests, next step, its lesson and its path through the flow."""
    tests = diagnostic_tests(kb)
    return (f"<p><b>Likely cause:</b> {esc(kb.causes[case['cause']]['name'])}.</p>"
            "<p><b>Tests that answer its question:</b></p><ul>"
            + "".join(f"<li>{esc(tests[t]['name'])}: {esc(tests[t]['question'])}</li>"
                      for t in case["tests"])
            + f"</ul><p><b>Next step:</b> {esc(kb.flow.nodes[case['next_step']].title)}.</p>"
            f"<p><b>The lesson:</b> {esc(case['teaching'])} {cite(case['sources'])}</p>"
            "<p><b>The case through the decision flow:</b></p><ol>"
            + "".join(f"<li>{esc(line.split('. ', 1)[1])}</li>"
                      for line in path_text(engine_path(kb, case)).splitlines()) + "</ol>")


def case_card(kb: KnowledgeBase, case) -> str:
    """A case to read, its answer folded inside."""
    return (f'<details class="fbss-card"><summary>{esc(case["title"])}</summary>'
            f"{case_html(case).split('</h4>', 1)[1]}<details class=\"fbss-card\"><summary>Show the answer</summary>"
            f"{answer_html(kb, case)}</details></details>")


class CaseStudy(StaticFallback, w.VBox):
    """One virtual patient at a time: choose, check, then compare with the decision flow."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or load_knowledge()
        style, wide = {"description_width": "initial"}, w.Layout(width="auto", max_width="100%")
        self.case_picker = choice("Case", [(c["title"], i) for i, c in self.kb.cases.items()])
        self.story = w.HTML()
        self.cause = w.RadioButtons(description="Likely cause", style=style, layout=wide)
        self.tests = w.VBox()
        self.step = w.RadioButtons(description="Next step", style=style, layout=wide,
                                   options=[(n.title, n.id) for n in self.kb.flow.recommendations])
        for radios, arranged in ((self.cause, "fbss-column"), (self.step, "fbss-grid")):
            radios.add_class("fbss-choice")     # the look of style.choice
            radios.add_class(arranged)
        self.check_button = w.Button(description="Check", button_style="primary",
                                     layout=w.Layout(width="auto", align_self="flex-start"))
        self.check_button.add_class("fbss-button")
        self.check_button.add_class("fbss-primary")
        self.check_button.on_click(lambda _: self.check())
        self.feedback = w.HTML()
        self.diagram = w.Output()
        self.case_picker.observe(lambda _: self.load(), names="value")
        self.load()
        super().__init__([stylesheet(), self.case_picker, self.story, self.cause,
                          w.HTML("<b>Tests that answer this case's question</b> (tick all):"),
                          self.tests, self.step, self.check_button, self.feedback, self.diagram])
        self.add_class("fbss-case-study")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    @property
    def case(self):
        return self.kb.cases[self.case_picker.value]

    def load(self) -> None:
        case = self.case
        self.story.value = case_html(case)
        self.cause.options = [(self.kb.causes[c]["name"], c) for c in case["cause_choices"]]
        self.cause.value = None
        tests = diagnostic_tests(self.kb)
        self.tests.children = [w.Checkbox(description=tests[t]["name"], indent=False,
                                          layout=w.Layout(width="auto"))
                               for t in case["test_choices"]]
        self.step.value = None
        self.feedback.value = ""
        self.diagram.outputs = ()

    def chosen_tests(self) -> list[str]:
        return [t for t, box in zip(self.case["test_choices"], self.tests.children) if box.value]

    def check(self) -> None:
        case = self.case
        if self.cause.value is None or self.step.value is None:
            self.feedback.value = "<p role='status'>Choose a cause and a next step first.</p>"
            return
        fb = case_feedback(case, self.cause.value, self.chosen_tests(), self.step.value)
        path = engine_path(self.kb, case)
        self.feedback.value = self.feedback_html(fb, path)
        self.diagram.outputs = ({"output_type": "display_data", "metadata": {},
                                 "data": FlowDiagram(self.kb, path)._repr_mimebundle_()},)

    def feedback_html(self, fb, path) -> str:
        case, tests = self.case, diagnostic_tests(self.kb)
        cause = self.kb.causes[case["cause"]]["name"]
        lines = [("✔ Cause: right, " if fb.cause_right else "✘ Cause: the likely cause is ")
                 + esc(cause) + "."]
        lines += [f"✘ Missed test: {esc(tests[t]['name'])}, which answers: "
                  f"{esc(tests[t]['question'])}" for t in fb.tests_missed]
        lines += [f"✘ Not needed here: {esc(tests[t]['name'])}, which answers: "
                  f"{esc(tests[t]['question'])}" for t in fb.tests_extra]
        if not (fb.tests_missed or fb.tests_extra):
            lines.append("✔ Tests: right.")
        step = self.kb.flow.nodes[case["next_step"]].title
        lines.append(("✔ Next step: right, " if fb.step_right else "✘ Next step: the flow leads "
                      "to ") + esc(step) + ".")
        return ('<div role="status" aria-live="polite">'
                + "".join(f"<p>{line}</p>" for line in lines)
                + f"<p><b>The lesson:</b> {esc(case['teaching'])} {cite(case['sources'])}</p>"
                "<p><b>The case through the decision flow:</b></p>"
                + steps_html(self.kb, path) + "</div>")

    def static_html(self) -> str:
        """Every case, each with its answer folded away: what a reader can use without a
        kernel."""
        return ("<p>Choosing and checking needs a running notebook. Here is every case: read "
                "it, decide, then open its answer.</p>"
                + "".join(case_card(self.kb, c) for c in self.kb.cases.values()))

    def static_text(self) -> str:
        return f"Case study: {self.case['title']}"


def steps_html(kb: KnowledgeBase, path) -> str:
    """The steps of a path through the decision flow, numbered, each with its reason."""
    return "".join(step_html(kb, step, i) for i, step in enumerate(path, 1))


def case_path_html(kb: KnowledgeBase, case_id: str) -> str:
    """A case's whole path through the decision flow."""
    return steps_html(kb, engine_path(kb, kb.cases[case_id]))
