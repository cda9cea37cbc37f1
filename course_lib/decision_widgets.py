"""Views of the decision-flow notebook: the flow drawn as a Mermaid diagram with a path
highlighted, a step card, and a stepper that asks one question at a time. They wire controls
to course_lib.decision and render its results."""
from __future__ import annotations

from typing import Mapping

import ipywidgets as w

from .decision import Step, answers_of, current_question, mermaid, path_text, walk_until
from .knowledge import KnowledgeBase, load_knowledge
from .style import stylesheet
from .views import WEB_STATIC, StaticFallback, cite, esc


class FlowDiagram:
    """The whole flow as a diagram (JupyterLab draws text/vnd.mermaid); the path given is
    bold and ticked, and told in words as the text alternative."""

    def __init__(self, kb: KnowledgeBase, path: list[Step] = ()):
        self.kb, self.path = kb, list(path)

    def text(self) -> str:
        flow = self.kb.flow
        questions = sum(n.kind == "question" for n in flow.nodes.values())
        head = (f"The decision flow: {questions} questions and {len(flow.recommendations)} "
                "recommendations.")
        return head + (" Path taken (bold and ✔ in the diagram):\n" + path_text(self.path)
                       if self.path else "")

    def _repr_mimebundle_(self, **kwargs):
        text = self.text()
        return {"text/vnd.mermaid": mermaid(self.kb.flow, self.path, text.replace("\n", "; ")),
                "text/plain": text}


def step_html(kb: KnowledgeBase, step: Step, number: int | None = None) -> str:
    """One step of a path: the question and the answer taken, or the recommendation (and
    when its follow-up comes), with its rationale, treatments, sources and how sure we are."""
    node = step.node
    head = f"{number}. " if number else ""
    if node.kind == "question":
        body = f"<p>{esc(node.text)}" + (f" → <b>{esc(step.answer)}</b>" if step.answer else "")
        body += "</p>"
    else:
        body = f"<p>{'‼ URGENT. ' if node.urgent else ''}<b>Recommendation:</b> {esc(node.text)}</p>"
        if node.treatments:
            body += "<p><b>Treatments:</b> " + esc("; ".join(
                f"{kb.treatments[t]['name']} (evidence: {kb.treatments[t]['evidence']['level']})"
                for t in node.treatments)) + "</p>"
    if node.then:
        body += f"<p><b>Then:</b> {esc(node.then.when)}.</p>"
    return (f'<div style="border-left:4px solid #999;padding-left:0.8em;margin:0.4em 0">'
            f"<b>{head}{esc(node.title)}</b>{body}<p><i>Why:</i> {esc(node.rationale)} "
            f"{cite(node.sources)}</p><p><i>How sure are we:</i> {esc(node.certainty)}</p></div>")


class FlowStepper(StaticFallback, w.VBox):
    """Walk the flow one question at a time: each answer shows why the step comes there, and
    the diagram below marks the path taken."""

    def __init__(self, kb: KnowledgeBase | None = None,
                 answers: Mapping[str, str] | None = None):
        self.kb = kb or load_knowledge()
        self.answers: dict[str, str] = dict(answers or {})
        self.history = w.HTML()
        self.choices = w.VBox()
        self.back = _button("Back", icon="arrow-left")
        self.restart = _button("Start again", icon="refresh")
        self.back.on_click(lambda _: self.undo())
        self.restart.on_click(lambda _: self.reset())
        self.diagram = w.Output()
        self.render()
        # The whole flow is drawn once, open, in the notebook; here it is folded away.
        drawing = w.Accordion([self.diagram], titles=("Your path on the whole diagram",))
        super().__init__([stylesheet(), self.history, self.choices,
                          w.HBox([self.back, self.restart], layout=w.Layout(flex_flow="row wrap")),
                          drawing])
        self.add_class("fbss-flow-stepper")
        self.add_class("fbss-wrap")
        self.add_class(WEB_STATIC)

    def path(self) -> list[Step]:
        return walk_until(self.kb.flow, self.answers)

    def question(self):
        """The question the buttons answer: the path's last node, or a recommendation's
        follow-up; None where the path has ended."""
        return current_question(self.kb.flow, self.path())

    def choose(self, label: str) -> None:
        self.answers[self.question().id] = label
        self.render()

    def undo(self) -> None:
        answered = [s for s in self.path() if s.answer is not None]
        if answered:
            del self.answers[answered[-1].node.id]
        self.render()

    def reset(self) -> None:
        self.answers.clear()
        self.render()

    def render(self) -> None:
        path = self.path()
        self.answers = answers_of(path)                 # forget answers off the path
        question = self.question()
        self.history.value = "".join(step_html(self.kb, s, i) for i, s in enumerate(path, 1))
        if question is not path[-1].node and question is not None:    # a follow-up
            self.history.value += step_html(self.kb, Step(question), len(path) + 1)
        buttons = []
        for a in (question.answers if question else ()):
            button = _button(a.label)
            button.on_click(lambda _, label=a.label: self.choose(label))
            buttons.append(button)
        self.choices.children = buttons
        self.back.disabled = len(path) == 1
        bundle = FlowDiagram(self.kb, path)._repr_mimebundle_()
        self.diagram.outputs = ({"output_type": "display_data", "data": bundle,
                                 "metadata": {}},)

    def static_html(self) -> str:
        question = self.question()
        answers = "".join(f"<li>{esc(a.label)}</li>" for a in (question.answers if question
                                                              else ()))
        return (self.history.value + (f"<p>The answers to choose from:</p><ul>{answers}</ul>"
                                      if answers else "")
                + "<p>Stepping through needs a running notebook; the whole flow is drawn "
                "above, and the cases of notebook 10 go through it step by step.</p>")

    def static_text(self) -> str:
        return "Decision flow so far:\n" + path_text(self.path())


def _button(description: str, **kwargs) -> w.Button:
    """A button as wide as its words, wrapping them where they do not fit (in `.fbss-wrap`)."""
    button = w.Button(description=description, tooltip=description,
                      layout=w.Layout(width="auto", max_width="100%"), **kwargs)
    button.add_class("fbss-button")
    return button
