"""Quiz widgets: one question with Submit and Show answer, and a notebook's whole quiz.

Controls are native HTML inputs and buttons, so Tab, Space and Enter work; feedback is
written out in words (with ✔ / ✘), never colour alone.
"""
from __future__ import annotations

import ipywidgets as w

from .knowledge import Question, load_knowledge
from .progress import ProgressStore
from .review import due_by_objective, due_count, objective_label, review_intro
from .quiz import Attempt, Feedback, answer_text, display_order, matching_choices
from .views import WIDGET_CSS, StaticFallback, esc

_UNCHOSEN = "— choose —"


def _input_for(q: Question):
    """The answer control(s) for a question and a function reading the response."""
    order = display_order(q)
    if q.type == "multiple_choice":
        radio = w.RadioButtons(options=[(q.answers[i]["answer"], i) for i in order],
                               value=None, layout=w.Layout(width="auto"))
        return radio, lambda: radio.value
    if q.type == "many_choice":
        boxes = {i: w.Checkbox(description=q.answers[i]["answer"], indent=False,
                               layout=w.Layout(width="auto")) for i in order}
        return w.VBox(list(boxes.values())), lambda: sorted(i for i, b in boxes.items()
                                                            if b.value)
    if q.type == "numeric":
        text = w.Text(placeholder=f"a number, in {q.unit}", layout=w.Layout(width="14em"))
        return w.HBox([text, w.Label(q.unit)]), lambda: text.value
    choices = [_UNCHOSEN, *matching_choices(q)]
    rows = {p["left"]: w.Dropdown(options=choices, value=_UNCHOSEN, description=p["left"],
                                  style={"description_width": "initial"}) for p in q.pairs}
    return w.VBox(list(rows.values())), lambda: {
        left: (d.value if d.value != _UNCHOSEN else None) for left, d in rows.items()}


def _controls(widget) -> list:
    """Every input control inside a container."""
    if isinstance(widget, w.Box):
        return [c for child in widget.children for c in _controls(child)]
    return [] if isinstance(widget, w.Label) else [widget]


class QuestionWidget(StaticFallback, w.VBox):
    """One question: answer, Submit, read the feedback, retry, or Show answer."""

    def __init__(self, question: Question, number: int = 1, store: ProgressStore | None = None,
                 on_change=None):
        self.question, self.number, self.store = question, number, store
        self.attempt = Attempt(question)
        self._on_change = on_change
        self.answer_input, self.read_response = _input_for(question)
        self.submit_button = w.Button(description="Submit", button_style="primary",
                                      tooltip="Check your answer", disabled=True)
        self.show_button = w.Button(description="Show answer", tooltip="Reveal the answer")
        self.feedback = w.HTML(value="")
        self.submit_button.on_click(lambda _: self.submit())
        for control in _controls(self.answer_input):
            control.observe(self._answer_changed, names="value")
        self.show_button.on_click(lambda _: self.show_answer())
        prompt = w.HTML(f"{WIDGET_CSS}<p><b>Question {number}.</b> {question.question}</p>")
        super().__init__([prompt, self.answer_input,
                          w.HBox([self.submit_button, self.show_button]), self.feedback],
                         layout=w.Layout(margin="0 0 1em 0"))
        self.add_class("fbss-question")
        self.add_class(f"fbss-q-{question.id}")

    def _answer_changed(self, _change) -> None:
        """Submit waits for an answer, and after each try for a changed one, so no try is spent
        twice on the same answer. Enabled by the kernel, it also shows that the kernel has the
        answer: a click on it can no longer overtake the answer on its way to the kernel."""
        if not self.attempt.finished:
            self.submit_button.disabled = False

    def submit(self) -> Feedback:
        self.submit_button.disabled = True
        fb = self.attempt.submit(self.read_response())
        self._render(fb)
        if fb.valid:
            self._save(fb.score, tried=True)
        return fb

    def show_answer(self) -> None:
        if not self.attempt.finished:
            self.attempt.reveal()
            self._save(0.0, tried=False)
        self._render(None)

    def _save(self, score: float, tried: bool) -> None:
        if self.store is None:
            return
        try:
            self.store.record(self.question.notebook, self.question.id, score,
                              solved=self.attempt.solved, revealed=self.attempt.revealed,
                              tried=tried)
        except OSError as exc:
            self.feedback.value += (f"<p><i>Your progress could not be saved "
                                    f"({esc(exc.strerror or str(exc))}).</i></p>")
        if self._on_change:
            self._on_change()

    def _render(self, fb: Feedback | None) -> None:
        a, q = self.attempt, self.question
        parts = []
        if fb is not None:
            mark = "✔" if fb.correct else ("✘" if fb.valid else "ℹ")
            parts.append(f"<p><b>{mark} {esc(fb.message)}</b></p>")
            parts += [f"<p>{d}</p>" for d in fb.details]    # the course data's own HTML
            if fb.valid and not a.finished:
                left = q.max_tries - a.tries
                parts.append(f"<p>Try again: {left} {'try' if left == 1 else 'tries'} left "
                             "before the answer is shown.</p>")
        if a.solved:
            parts.append(f"<p>{q.explanation}</p>")
        elif a.revealed:
            parts.append(f"<p><b>Answer:</b> {esc(answer_text(q).rstrip('.'))}.</p>"
                         f"<p>{q.explanation}</p>")
        self.feedback.value = f'<div role="status" aria-live="polite">{"".join(parts)}</div>'
        if a.finished:
            for control in [*_controls(self.answer_input), self.submit_button, self.show_button]:
                control.disabled = True

    def static_html(self) -> str:
        return _static_question(self.question, self.number)

    def static_text(self) -> str:
        return f"Question {self.number}: {self.question.id}"


def _static_question(q: Question, number: int) -> str:
    if q.type in ("multiple_choice", "many_choice"):
        items = "".join(f"<li>{q.answers[i]['answer']}</li>" for i in display_order(q))
        body = f"<ol type='a'>{items}</ol>"
    elif q.type == "matching":
        body = "<ul>" + "".join(f"<li>{esc(p['left'])} → ?</li>" for p in q.pairs) + "</ul>"
        body += "<p>Choices: " + esc(", ".join(matching_choices(q))) + "</p>"
    else:
        body = f"<p>Answer in {esc(q.unit)}.</p>"
    return (f"<p><b>Question {number}.</b> {q.question}</p>{body}"
            f"<details><summary>Show the answer</summary><p><b>Answer:</b> "
            f"{esc(answer_text(q).rstrip('.'))}.</p><p>{q.explanation}</p></details>")


class Quiz(StaticFallback, w.VBox):
    """All questions of one notebook, with a running score; tries go to the progress store."""

    def __init__(self, notebook: str, kb=None, store: ProgressStore | None = None):
        kb = kb or load_knowledge()
        self.notebook = notebook
        self._build([("", kb.questions_for(notebook))], store)
        self.add_class("fbss-quiz")  # the website replaces this widget by its page quiz

    def _build(self, sections: list[tuple[str, list[Question]]], store) -> None:
        """Questions numbered in order under their section headings (HTML; "" for none)."""
        self.store = store if store is not None else ProgressStore()
        self.sections, self.questions, children = [], [], []
        for heading, questions in sections:
            widgets = [QuestionWidget(q, len(self.questions) + i, self.store,
                                      on_change=self._update_score)
                       for i, q in enumerate(questions, start=1)]
            self.questions += widgets
            self.sections.append((heading, widgets))
            if heading:
                children.append(w.HTML(heading))
            children += widgets
        self.score = w.HTML()
        self._update_score()
        super().__init__([*children, self.score])

    def _update_score(self) -> None:
        attempts = [qw.attempt for qw in self.questions]
        if not attempts:  # an empty review: nothing to score
            return
        solved = sum(a.solved for a in attempts)
        done = sum(a.finished for a in attempts)
        self.score.value = (f"<p><b>Score:</b> {solved} of {len(attempts)} answered correctly; "
                            f"{done} of {len(attempts)} finished.</p>")

    def static_html(self) -> str:
        return "".join(heading + "".join(qw.static_html() for qw in widgets)
                       for heading, widgets in self.sections)

    def static_text(self) -> str:
        return f"Quiz for {self.notebook}: {len(self.questions)} questions"


class ReviewQuiz(Quiz):
    """The questions due for review at `now`, grouped by learning objective, after a line that
    says how many are due. Answers are recorded like any quiz's, so each moves its question's
    Leitner box."""

    def __init__(self, kb, store: ProgressStore, now):
        self.notebook = "review"
        records = store.load()["questions"]
        due = due_by_objective(kb, records, now)
        self.intro = review_intro(due_count(kb, records, now), sum(map(len, due.values())))
        self._build([(f"<h4>{esc(objective_label(kb, kb.objectives[o], width=None))}</h4>", qs)
                     for o, qs in due.items()], store)
        self.children = (w.HTML(self.intro), *self.children)
        self.add_class("fbss-review-quiz")

    def static_html(self) -> str:
        return self.intro + super().static_html()

    def static_text(self) -> str:
        return f"Review: {len(self.questions)} questions due"
