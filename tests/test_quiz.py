"""Answer checking for every question type, and the try / reveal rules."""
import pytest

from course_lib.knowledge import Question
from course_lib.quiz import Attempt, answer_text, check, display_order


def make(type_, **fields):
    base = dict(id="q", notebook="nb", objective="o", type=type_, question="?",
                explanation="because", sources=("s",))
    return Question(**{**base, **fields})


SINGLE = make("multiple_choice", answers=(
    {"answer": "A", "correct": False, "feedback": "A is wrong"},
    {"answer": "B", "correct": True, "feedback": "B is right"}))
MANY = make("many_choice", answers=(
    {"answer": "A", "correct": True, "feedback": "fa"},
    {"answer": "B", "correct": True, "feedback": "fb"},
    {"answer": "C", "correct": False, "feedback": "fc"},
    {"answer": "D", "correct": False, "feedback": "fd"}))
NUMERIC = make("numeric", unit="vertebrae", answers=(
    {"type": "value", "value": 33, "correct": True, "feedback": "right"},
    {"type": "range", "range": [24, 24], "correct": False, "feedback": "only the mobile ones"}))
MATCHING = make("matching", pairs=(
    {"left": "L4", "right": "Knee jerk", "feedback": "f1"},
    {"left": "S1", "right": "Ankle jerk", "feedback": "f2"},
    {"left": "L5", "right": "None", "feedback": "f3"}))


def test_single_choice():
    right, wrong = check(SINGLE, 1), check(SINGLE, 0)
    assert right.correct and right.score == 1 and right.details == ("B is right",)
    assert not wrong.correct and wrong.valid and wrong.details == ("A is wrong",)
    assert not check(SINGLE, None).valid
    assert not check(SINGLE, 7).valid


def test_many_choice_needs_the_exact_set():
    assert check(MANY, [0, 1]).correct
    partial = check(MANY, [0])
    assert not partial.correct and partial.score == 0.75 and "unselected" in partial.message
    assert check(MANY, [0, 1, 2]).score == 0.75
    assert check(MANY, [2, 3]).score == 0.0
    assert not check(MANY, []).valid


@pytest.mark.parametrize("text", ["33", " 33.0 ", "33,0"])
def test_numeric_accepts_number_text(text):
    assert check(NUMERIC, text).correct


def test_numeric_feedback_for_known_wrong_and_direction():
    known = check(NUMERIC, 24)
    assert not known.correct and known.details == ("only the mobile ones",)
    assert "too high" in check(NUMERIC, 40).message
    assert "too low" in check(NUMERIC, 30).message
    for junk in ("", "thirty", "nan", "inf"):
        assert not check(NUMERIC, junk).valid


def test_numeric_tolerance_range():
    q = make("numeric", unit="mm", answers=(
        {"type": "range", "range": [45, 55], "correct": True, "feedback": "ok"},))
    assert check(q, 45).correct and check(q, 55).correct
    assert not check(q, 56).correct


def test_matching():
    good = {"L4": "Knee jerk", "S1": "Ankle jerk", "L5": "None"}
    assert check(MATCHING, good).correct
    one_wrong = check(MATCHING, {**good, "L5": "Knee jerk"})
    assert not one_wrong.correct and "2 of 3" in one_wrong.message
    assert any(d.startswith("✘ L5") for d in one_wrong.details)
    assert not check(MATCHING, {"L4": "Knee jerk"}).valid


def test_retries_then_answer_shown():
    attempt = Attempt(SINGLE)
    assert not attempt.submit(None).valid and attempt.tries == 0   # no answer: no try used
    attempt.submit(0)
    assert attempt.tries == 1 and not attempt.finished
    attempt.submit(0)
    assert attempt.revealed and not attempt.solved
    assert not attempt.submit(1).valid                              # finished: no more tries


def test_solving_on_second_try_and_reveal_on_request():
    attempt = Attempt(SINGLE)
    attempt.submit(0)
    assert attempt.submit(1).correct and attempt.solved and attempt.best_score == 1
    other = Attempt(SINGLE)
    other.reveal()
    assert other.finished and other.tries == 0


def test_answer_text():
    assert answer_text(SINGLE) == "B"
    assert answer_text(MANY) == "A; B"
    assert answer_text(NUMERIC) == "33 vertebrae"
    assert answer_text(MATCHING) == "L4 → Knee jerk; S1 → Ankle jerk; L5 → None"


def correct_response(q):
    if q.type == "multiple_choice":
        return next(i for i, a in enumerate(q.answers) if a["correct"])
    if q.type == "many_choice":
        return [i for i, a in enumerate(q.answers) if a["correct"]]
    if q.type == "numeric":
        a = next(a for a in q.answers if a["correct"])
        return a["value"] if a["type"] == "value" else a["range"][0]
    return {p["left"]: p["right"] for p in q.pairs}


def test_every_course_question_accepts_its_answer(kb):
    for q in kb.questions.values():
        assert check(q, correct_response(q)).correct, q.id


def test_every_course_question_has_a_wrong_answer_judged_wrong(kb):
    for q in kb.questions.values():
        if q.type in ("multiple_choice", "many_choice"):
            wrong = next(i for i, a in enumerate(q.answers) if not a["correct"])
            response = wrong if q.type == "multiple_choice" else [wrong]
        elif q.type == "numeric":
            response = 1e9
        else:
            pairs = list(q.pairs)
            rights = sorted({p["right"] for p in pairs})
            response = {p["left"]: next(r for r in rights if r != p["right"]) for p in pairs}
        assert not check(q, response).correct, q.id


def test_answers_are_not_shown_in_the_order_written(kb):
    """Authors tend to write the correct answer first; the display order must not keep it."""
    choice = [q for q in kb.questions.values() if q.type in ("multiple_choice", "many_choice")]
    for q in choice:
        assert sorted(display_order(q)) == list(range(len(q.answers)))
    first_is_right = sum(q.answers[display_order(q)[0]]["correct"] for q in choice)
    assert first_is_right < 0.5 * len(choice)
