"""Quiz widgets: one question with Submit and Show answer, and a notebook's whole quiz.

Controls are native HTML inputs and buttons, so Tab, Space and Enter work; feedback is
written out in words (with ✔ / ✘), never colour alone.
"""
from __future__ import annotations

import ipywidgets as w

from . import style
from .knowledge import Question, load_knowledge
from .progress import ProgressStore
from .review import due_by_objective, due_count, objective_label, review_intro
from .quiz import (Attempt, Feedback, answer_text, choice_letter, display_order,
                   matching_choices)
from .views import WEB_STATIC, StaticFallback, esc

CONTROLS = (w.RadioButtons, w.Checkbox, w.Text)
HINT_FIRST = "Choose an answer, then Submit."
HINT_AGAIN = "Change your answer to try again."


def choices_html(q: Question) -> str:
    """A matching question's choices as a lettered list (HTML)."""
    items = "".join(f"<li><b>{choice_letter(i)}.</b> {esc(c)}</li>"
                    for i, c in enumerate(matching_choices(q)))
    return f'<p>Choices:</p><ul class="fbss-choices" style="list-style:none">{items}</ul>'


def _match_row(left: str, choices: list[str]) -> tuple[w.Box, w.RadioButtons]:
    """One item of a matching question: its text (wrapping), a radio button for each choice's
    letter and the chosen choice written out. Radio buttons, not a select: inside JupyterLab
    the notebook's command-mode shortcuts take a select's arrow and letter keys, while Tab and
    Space reach and choose each letter."""
    letters = {c: choice_letter(i) for i, c in enumerate(choices)}
    pick = w.RadioButtons(options=[(letters[c], c) for c in choices], value=None,
                          orientation="horizontal", layout=w.Layout(width="auto"))
    pick.add_class("fbss-letters")
    chosen = w.HTML("")
    chosen.add_class("fbss-chosen")
    pick.observe(lambda change: setattr(chosen, "value", "" if change["new"] is None else
                                        f"{letters[change['new']]}: {esc(change['new'])}"),
                 names="value")
    item = w.HTML(esc(left))
    item.add_class("fbss-item")
    row = w.HBox([item, pick, chosen],
                 layout=w.Layout(flex_flow="row wrap", align_items="baseline", width="100%"))
    row.add_class("fbss-match")
    return row, pick


def _input_for(q: Question):
    """The answer control(s) for a question and a function reading the response."""
    order = display_order(q)
    if q.type == "multiple_choice":
        radio = w.RadioButtons(options=[(q.answers[i]["answer"], i) for i in order],
                               value=None, layout=w.Layout(width="auto", max_width="100%"))
        return radio, lambda: radio.value
    if q.type == "many_choice":
        boxes = {i: w.Checkbox(description=q.answers[i]["answer"], indent=False,
                               layout=w.Layout(width="auto", max_width="100%")) for i in order}
        return w.VBox(list(boxes.values())), lambda: sorted(i for i, b in boxes.items()
                                                            if b.value)
    if q.type == "numeric":
        text = w.Text(placeholder=f"a number, in {q.unit}", description="Your answer:",
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        return w.HBox([text, w.Label(q.unit)]), lambda: text.value
    choices = matching_choices(q)
    rows = [_match_row(p["left"], choices) for p in q.pairs]
    picks = {p["left"]: pick for p, (_, pick) in zip(q.pairs, rows)}
    return w.VBox([w.HTML(choices_html(q)), *(row for row, _ in rows)]), lambda: {
        left: pick.value for left, pick in picks.items()}


def question_image(q: Question, kb=None) -> str:
    """The drawn image a question shows above its text (HTML), or "" when it shows none."""
    if not q.image:
        return ""
    from .imaging import figure_view      # the drawing code, only for a question that needs it
    from .imaging_figures import image_html
    kb = kb or load_knowledge()
    return image_html(kb, figure_view(kb, q.image), "The drawn image this question asks you "
                      "to read.", reveal=False)


def _prompt(q: Question, number: int, total: int | None, image: str) -> str:
    title = f"<b>{question_title(number, total)}.</b>"
    return f"<p>{title}</p>{image}<p>{q.question}</p>" if image else f"<p>{title} {q.question}</p>"


def _controls(widget) -> list:
    """Every input control inside a container."""
    if isinstance(widget, w.Box):
        return [c for child in widget.children for c in _controls(child)]
    return [widget] if isinstance(widget, CONTROLS) else []


class QuestionWidget(StaticFallback, w.VBox):
    """One question: answer, Submit, read the feedback, retry, or Show answer."""

    def __init__(self, question: Question, number: int = 1, store: ProgressStore | None = None,
                 on_change=None, total: int | None = None, kb=None):
        self.question, self.number, self.store, self.total = question, number, store, total
        self.image = question_image(question, kb)
        self.attempt = Attempt(question)
        self._on_change = on_change
        self.answer_input, self.read_response = _input_for(question)
        self.controls = _controls(self.answer_input)  # its inputs, in the order shown
        self.submit_button = style.button("Submit", primary=True, disabled=True,
                                          tooltip="Check your answer")
        self.show_button = style.button("Show answer", tooltip="Reveal the answer")
        self.hint = w.HTML(f'<span class="fbss-hint">{HINT_FIRST}</span>')
        self.feedback = w.HTML(value="")
        self.submit_button.on_click(lambda _: self.submit())
        for control in self.controls:
            control.observe(self._answer_changed, names="value")
        self.show_button.on_click(lambda _: self.show_answer())
        prompt = w.HTML(_prompt(question, number, total, self.image))
        buttons = w.HBox([self.submit_button, self.show_button, self.hint],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))
        super().__init__([prompt, self.answer_input, buttons, self.feedback],
                         layout=w.Layout(margin="0 0 1em 0", max_width="100%"))
        self.add_class("fbss-question")
        self.add_class(f"fbss-q-{question.id}")

    def _answer_changed(self, _change) -> None:
        """Submit waits for an answer, and after each try for a changed one, so no try is spent
        twice on the same answer. Enabled by the kernel, it also shows that the kernel has the
        answer: a click on it can no longer overtake the answer on its way to the kernel."""
        if not self.attempt.finished:
            self.submit_button.disabled = False
            self.hint.value = ""

    def submit(self) -> Feedback:
        self.submit_button.disabled = True
        fb = self.attempt.submit(self.read_response())
        hint = "" if self.attempt.finished else HINT_AGAIN if fb.valid else HINT_FIRST
        self.hint.value = hint and f'<span class="fbss-hint">{hint}</span>'
        self._render(fb)
        if fb.valid:
            self._save(fb.score, tried=True)
        return fb

    def show_answer(self) -> None:
        if not self.attempt.finished:
            self.attempt.reveal()
            self._save(0.0, tried=False)
        self.hint.value = ""
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
            for control in [*self.controls, self.submit_button, self.show_button]:
                control.disabled = True

    def static_html(self) -> str:
        return _static_question(self.question, self.number, self.total, self.image)

    def static_text(self) -> str:
        return f"Question {self.number}: {self.question.id}"


def question_title(number: int, total: int | None) -> str:
    """"Question 3 of 15" (where the question stands in its quiz)."""
    return f"Question {number}" + (f" of {total}" if total else "")


def _static_question(q: Question, number: int, total: int | None = None, image: str = "") -> str:
    if q.type in ("multiple_choice", "many_choice"):
        items = "".join(f"<li>{q.answers[i]['answer']}</li>" for i in display_order(q))
        body = f"<ol type='a'>{items}</ol>"
    elif q.type == "matching":
        body = choices_html(q) + "<ul>" + "".join(f"<li>{esc(p['left'])} → ?</li>"
                                                  for p in q.pairs) + "</ul>"
    else:
        body = f"<p>Answer in {esc(q.unit)}.</p>"
    return (f"{_prompt(q, number, total, image)}{body}"
            f"<details><summary>Show the answer</summary><p><b>Answer:</b> "
            f"{esc(answer_text(q).rstrip('.'))}.</p><p>{q.explanation}</p></details>")


class Quiz(StaticFallback, w.VBox):
    """All questions of one notebook, with a running score; tries go to the progress store."""

    def __init__(self, notebook: str, kb=None, store: ProgressStore | None = None):
        kb = kb or load_knowledge()
        self.notebook = notebook
        self._build([("", kb.questions_for(notebook))], store, kb)
        self.add_class("fbss-quiz")  # the website replaces this widget by its page quiz

    def _build(self, sections: list[tuple[str, list[Question]]], store, kb=None) -> None:
        """Questions numbered in order under their section headings (HTML; "" for none)."""
        self.store = store if store is not None else ProgressStore()
        self.sections, self.questions, children = [], [], [style.stylesheet()]
        total = sum(len(qs) for _, qs in sections)
        self.progress = w.HTML()
        if total:
            children.append(self.progress)
        for heading, questions in sections:
            widgets = [QuestionWidget(q, len(self.questions) + i, self.store,
                                      on_change=self._update_score, total=total, kb=kb)
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
        self.progress.value = (f'<p class="fbss-progress"><b>Progress:</b> {done} of '
                               f"{len(attempts)} questions finished, {solved} answered "
                               "correctly.</p>")
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
        self._build([(f"<h4>{esc(objective_label(kb, kb.objectives[o]))}</h4>", qs)
                     for o, qs in due.items()], store, kb)
        self.children = (w.HTML(self.intro), *self.children)
        self.add_class("fbss-review-quiz")

    def static_html(self) -> str:
        return self.intro + super().static_html()

    def static_text(self) -> str:
        return f"Review: {len(self.questions)} questions due"


class CourseTest(Quiz):
    """The course's pre-test ("pre", notebook 00) or post-test ("post", the last notebook): one
    question per chosen learning objective, recorded like any quiz's, so the first try of each
    can be compared (review.course_test_table) and its question joins the spaced review."""

    def __init__(self, kind: str, kb=None, store: ProgressStore | None = None):
        kb = kb or load_knowledge()
        self.notebook = f"{kind}-test"
        self._build([("", kb.course_test(kind))], store, kb)
        self.add_class(WEB_STATIC)  # the website shows its questions, answers folded away

    def static_text(self) -> str:
        return f"The course's {self.notebook}: {len(self.questions)} questions"
