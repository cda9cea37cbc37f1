"""Widget callbacks driven as a learner would: set .value, .click(), read the state."""
import ipywidgets as w

from course_lib.anatomy_widgets import LesionLocalizer, SpineExplorer
from course_lib.quiz_widget import QuestionWidget, Quiz
from course_lib.views import esc


def tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


def first(kb, type_):
    return next(q for q in kb.questions.values() if q.type == type_)


def correct_index(q):
    return next(i for i, a in enumerate(q.answers) if a["correct"])


def test_single_choice_submit_records_progress(kb, store):
    q = first(kb, "multiple_choice")
    qw = QuestionWidget(q, store=store)
    qw.answer_input.value = correct_index(q)
    qw.submit_button.click()
    assert "✔ Correct." in qw.feedback.value and q.explanation in qw.feedback.value
    assert qw.submit_button.disabled and qw.answer_input.disabled
    record = store.load()["questions"][q.id]
    assert record.items() >= {"notebook": q.notebook, "tries": 1, "best_score": 1.0,
                              "solved": True, "revealed": False, "box": 2}.items()


def test_wrong_twice_shows_the_answer(kb, store):
    q = first(kb, "multiple_choice")
    qw = QuestionWidget(q, store=store)
    assert qw.submit_button.disabled, "Submit waits for an answer"
    wrong = [i for i, a in enumerate(q.answers) if not a["correct"]]
    qw.answer_input.value = wrong[0]
    assert not qw.submit_button.disabled
    qw.submit_button.click()
    assert "✘ Not quite." in qw.feedback.value and "1 try left" in qw.feedback.value
    assert qw.submit_button.disabled, "the same answer cannot cost a second try"
    qw.answer_input.value = wrong[1]
    assert not qw.submit_button.disabled
    qw.submit_button.click()
    assert "<b>Answer:</b>" in qw.feedback.value and qw.submit_button.disabled
    assert store.load()["questions"][q.id]["revealed"]


def test_submit_without_answer_costs_no_try(kb, store):
    qw = QuestionWidget(first(kb, "multiple_choice"), store=store)
    qw.submit_button.click()
    assert "Choose an answer first" in qw.feedback.value
    assert qw.attempt.tries == 0 and not store.path.exists()


def test_show_answer_button(kb, store):
    q = first(kb, "numeric")
    qw = QuestionWidget(q, store=store)
    qw.show_button.click()
    assert "<b>Answer:</b>" in qw.feedback.value and qw.attempt.revealed
    assert store.load()["questions"][q.id]["tries"] == 0


def test_many_choice_and_numeric_and_matching_inputs(kb, store):
    many = QuestionWidget(first(kb, "many_choice"), store=store)
    answers = {a["answer"]: a["correct"] for a in many.question.answers}
    for box in many.answer_input.children:       # shown in display order: match by label
        box.value = answers[box.description]
    many.submit_button.click()
    assert many.attempt.solved

    numeric = QuestionWidget(first(kb, "numeric"), store=store)
    numeric.answer_input.children[0].value = "not a number"
    numeric.submit_button.click()
    assert "Enter a number" in numeric.feedback.value and numeric.attempt.tries == 0

    matching = QuestionWidget(first(kb, "matching"), store=store)
    rows = matching.answer_input.children[1:]
    assert matching.controls == [row.children[1] for row in rows]   # one set of letters an item
    assert all(isinstance(c, w.RadioButtons) for c in matching.controls)  # no select: see below
    assert all(len(label) == 1 for label, _ in matching.controls[0].options)  # letters
    matching.controls[0].value = matching.question.pairs[1]["right"]
    assert matching.read_response()[matching.question.pairs[0]["left"]] == \
        matching.question.pairs[1]["right"]
    assert matching.read_response()[matching.question.pairs[1]["left"]] is None  # not chosen
    for row, pair in zip(rows, matching.question.pairs):
        assert row.children[0].value == esc(pair["left"])
        row.children[1].value = pair["right"]
        assert row.children[2].value.endswith(esc(pair["right"]))  # the chosen text, in words
    matching.submit_button.click()
    assert matching.attempt.solved


def test_no_select_in_questions(kb):
    """Inside JupyterLab the notebook's command-mode shortcuts take a select's arrow and letter
    keys, so no question answers through one (the browser suite answers each kind by keyboard)."""
    for q in {q.type: q for q in kb.questions.values()}.values():   # one of each kind
        widget = QuestionWidget(q)
        assert not any(isinstance(c, (w.Dropdown, w.Select)) for c in tree(widget)), q.id


def test_unwritable_progress_still_gives_feedback(kb, tmp_path):
    """A progress path whose folder is a file cannot be written (even by root)."""
    from course_lib.progress import ProgressStore
    (tmp_path / "file").write_text("")
    q = first(kb, "multiple_choice")
    qw = QuestionWidget(q, store=ProgressStore(tmp_path / "file" / "progress.json"))
    qw.answer_input.value = correct_index(q)
    qw.submit_button.click()
    assert "✔ Correct." in qw.feedback.value and "could not be saved" in qw.feedback.value


def test_quiz_score_and_static_fallback(kb, store):
    quiz = Quiz("01_spine_anatomy", kb, store)
    assert len(quiz.questions) == len(kb.questions_for("01_spine_anatomy")) >= 8
    assert "0 of" in quiz.score.value
    qw = next(qw for qw in quiz.questions if qw.question.type == "multiple_choice")
    qw.answer_input.value = correct_index(qw.question)
    qw.submit_button.click()
    assert "<b>Score:</b> 1 of" in quiz.score.value
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].count("<details>") == len(quiz.questions)
    assert bundle["text/plain"].startswith("Quiz for 01_spine_anatomy")


def test_spine_explorer_highlights_selection(kb):
    explorer = SpineExplorer(kb)
    assert explorer.selection() == ("lumbar", None)
    assert "Selected: Lumbar region" in explorer.figure.value
    explorer.region.value = "cervical"
    assert explorer.level.options[1] == ("C1", "C1") and explorer.selection() == ("cervical", None)
    explorer.level.value = "C5"
    assert "Highlighted: C5." in explorer.figure.value
    assert "the spinal cord" in explorer.facts.value
    explorer.region.value = "lumbar"
    explorer.level.value = "L4"
    assert "traversing <b>L5</b>" in explorer.facts.value
    assert "exiting <b>L4</b>" in explorer.facts.value
    assert "cauda equina" in explorer.facts.value


def test_lesion_localizer_names_root_and_links_to_the_root_table(kb):
    loc = LesionLocalizer(kb)
    assert "Choose at least one finding" in loc.result.value
    assert "No single root" not in loc.result.value
    assert loc.sensory.label == "none"
    loc.weakness.value = "ankle-dorsiflexion"
    assert "No single root. Roots that fit: <b>L4</b>, <b>L5</b>." in loc.result.value
    loc.sensory.value = "dorsum-foot"
    assert "Most likely root: <b>L5</b>" in loc.result.value
    assert "not a diagnosis" in loc.result.value
    loc.reflex.value = "achilles"
    assert "No single root" in loc.result.value
    # the root table is shown once, in notebook 01; the localizer links to it
    assert "<table" not in loc.result.value and 'href="01_spine_anatomy.ipynb"' in loc.result.value


def test_causes_explorer_filters(kb):
    from course_lib.causes_widgets import CausesExplorer
    explorer = CausesExplorer(kb)
    assert f"{len(kb.causes)} of {len(kb.causes)} causes match" in explorer.result.value
    explorer.procedure.value = "fusion"
    explorer.timing.value = "post-operative"
    shown = explorer.matches()
    assert shown and all("post-operative" in c["timing"] for c in shown)
    assert "Pseudarthrosis" in explorer.result.value or "pseudarthrosis" in explorer.result.value
    explorer.symptom.value = "zzzz"
    assert "No cause matches" in explorer.result.value


def test_adjacent_segment_model_widget():
    from course_lib.causes_widgets import AdjacentSegmentModel
    model = AdjacentSegmentModel()
    model.fused.value = 2
    assert "L4-L5: fused; L5-S1: fused" in model.figure.value
    # 200% lost, shared by weights 1, 1, 2 (sum 4): 150%, 150% and 200% for the neighbour.
    assert "L1-L2: 150%; L2-L3: 150%; L3-L4: 200% (next to the fusion)" in model.figure.value
    model.lowest.value = "L1-L2"
    assert model.fused.max == 1 and model.fused.value == 1
    assert "L1-L2: fused" in model.figure.value


def test_answer_feedback_keeps_the_data_markup(kb, store):
    """An answer's feedback is the course data's own HTML: its emphasis shows as emphasis."""
    q = next(q for q in kb.questions.values() if q.type == "many_choice"
             and any("<i>" in a["feedback"] for a in q.answers))
    qw = QuestionWidget(q, store=store)
    emphasised = next(a["answer"] for a in q.answers if "<i>" in a["feedback"])
    for box in qw.answer_input.children:
        box.value = box.description == emphasised
    qw.submit_button.click()
    assert "<i>" in qw.feedback.value and "&lt;i&gt;" not in qw.feedback.value


def test_submit_says_what_it_waits_for(kb, store):
    """A disabled Submit is never left unexplained: a hint says an answer is needed, and after
    a wrong try that the answer must change."""
    q = first(kb, "multiple_choice")
    qw = QuestionWidget(q, store=store)
    assert qw.submit_button.disabled and "Choose an answer" in qw.hint.value
    wrong = [i for i, a in enumerate(q.answers) if not a["correct"]]
    qw.answer_input.value = wrong[0]
    assert not qw.submit_button.disabled and qw.hint.value == ""
    qw.submit_button.click()
    assert qw.submit_button.disabled and "Change your answer" in qw.hint.value
    qw.answer_input.value = correct_index(q)
    qw.submit_button.click()
    assert qw.attempt.solved and qw.hint.value == ""


def test_quiz_shows_where_you_are(kb, store):
    quiz = Quiz("02_what_is_fbss", kb, store)
    total = len(quiz.questions)
    assert f"Question 3 of {total}." in quiz.questions[2].children[0].value
    assert f"0 of {total} questions finished" in quiz.progress.value
    quiz.questions[0].show_button.click()
    assert f"1 of {total} questions finished" in quiz.progress.value
    assert f"Question 3 of {total}." in quiz._repr_mimebundle_()["text/html"]


def test_buttons_share_the_course_style(kb, store):
    from course_lib import style
    qw = QuestionWidget(first(kb, "numeric"), store=store)
    for button in (qw.submit_button, qw.show_button):
        assert "fbss-button" in button._dom_classes and button.layout.width == "auto"
    assert "fbss-primary" in qw.submit_button._dom_classes
    assert style.CSS in Quiz("00_start_here", kb, store).children[0].value
    assert qw.controls[0].description  # the number's field has a name a screen reader reads
