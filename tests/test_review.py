"""Spaced review: the Leitner scheduler (pure, any `now`), mastery per objective, the review
quiz, and the demo learner that headless runs show."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import leitner
from course_lib.progress import DEMO_FILE, DEMO_NOW
from course_lib.quiz_widget import ReviewQuiz
from course_lib.review import (REVIEW_SIZE, due_by_objective, due_count, mastery, mastery_text,
                               plot_mastery, state)

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def stamped(box, when):
    return {"tries": 1, "box": box, "last_seen": when.isoformat()}


# --- the scheduler

@pytest.mark.parametrize("box, wait", [(1, 0), (2, 1), (3, 3), (4, 7), (5, 14)])
def test_each_box_waits_its_interval(box, wait):
    record = stamped(box, T0)
    assert leitner.due_at(record) == T0 + wait * DAY
    assert leitner.is_due(record, T0 + wait * DAY)
    assert leitner.is_due(record, T0) == (wait == 0)


def test_right_moves_up_when_due_wrong_goes_to_box_1():
    record = stamped(3, T0)
    assert leitner.after_answer(record, True, T0 + DAY)["box"] == 3        # early: stays
    assert leitner.after_answer(record, True, T0 + 3 * DAY)["box"] == 4    # due: up one
    assert leitner.after_answer(stamped(5, T0), True, T0 + 20 * DAY)["box"] == 5  # top box
    assert leitner.after_answer(stamped(5, T0), False, T0)["box"] == 1
    assert leitner.after_answer(record, False, T0)["last_seen"] == "2025-03-10T09:00:00+00:00"


def test_wrong_then_right_at_once_reaches_box_2():
    """Box 1 waits nothing, so the right answer after a miss counts; it is back tomorrow."""
    record = leitner.after_answer({}, False, T0)
    record = leitner.after_answer(record, True, T0 + timedelta(minutes=1))
    assert record["box"] == 2 and not leitner.is_due(record, T0 + timedelta(hours=23))


@pytest.mark.parametrize("record, box", [
    ({"solved": True, "revealed": False}, 2), ({"solved": True, "revealed": True}, 1),
    ({"solved": False}, 1), ({"box": 9, "solved": True}, 2), ({"box": "3"}, 1),
    ({"box": True}, 1), ({"box": 4}, 4)])
def test_records_without_a_valid_box(record, box):
    assert leitner.box(record) == box


@pytest.mark.parametrize("seen", [None, "", "yesterday", 17])
def test_records_without_a_valid_stamp_are_due(seen):
    assert leitner.last_seen({"last_seen": seen}) is None
    assert leitner.is_due({"box": 5, "last_seen": seen}, T0)


def test_a_stamp_without_zone_is_read_as_utc():
    assert leitner.last_seen({"last_seen": "2025-03-10T09:00:00"}) == T0


def test_due_now_lowest_box_first_then_longest_overdue():
    records = {"a": stamped(2, T0 - 2 * DAY), "b": stamped(1, T0), "c": stamped(4, T0 - 30 * DAY),
               "d": stamped(5, T0), "e": {"solved": True}, "f": stamped(1, T0)}
    assert leitner.due_now(records, T0) == ["b", "f", "e", "a", "c"]


MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                       timezones=st.just(timezone.utc))
RECORDS = st.fixed_dictionaries({}, optional={
    "box": st.one_of(st.integers(-2, 8), st.text(max_size=2), st.none()),
    "last_seen": st.one_of(MOMENTS.map(datetime.isoformat), st.text(max_size=5)),
    "solved": st.booleans(), "revealed": st.booleans()})


@settings(max_examples=200, deadline=None)
@given(RECORDS, st.booleans(), MOMENTS)
def test_any_answer_gives_a_valid_record_due_later(record, correct, now):
    after = leitner.after_answer(record, correct, now)
    assert 1 <= after["box"] <= leitner.BOXES
    assert leitner.last_seen(after) == now.replace(microsecond=0)   # stamped to the second
    assert leitner.is_due(after, now + leitner.INTERVALS[-1])     # never lost for good
    if correct:
        assert after["box"] >= leitner.box(record)                # a right answer never demotes
        assert after["box"] - leitner.box(record) <= 1
    else:
        assert after["box"] == 1 and leitner.is_due(after, now)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40)), max_size=12))
def test_answers_in_time_order_keep_the_schedule_consistent(answers):
    """Whatever the sequence of answers and gaps, the box follows the answers and the due date
    never comes before the last answer."""
    record, now = {}, T0
    for correct, gap_days in answers:
        now += gap_days * DAY
        was_due, before = leitner.is_due(record, now), leitner.box(record)
        record = leitner.after_answer(record, correct, now)
        expected = 1 if not correct else min(before + 1, 5) if was_due else before
        assert record["box"] == expected
        assert leitner.due_at(record) >= now


# --- mastery and the review, on the course's questions

def test_state_from_box():
    assert [state(r) for r in (None, {}, {"tries": 0}, {"tries": 1, "box": 1},
                               {"tries": 2, "box": 3}, {"tries": 4, "box": 4},
                               {"tries": 0, "revealed": True})] == \
        ["unseen", "unseen", "unseen", "missed", "learning", "secure", "missed"]


def test_mastery_counts_every_question_of_each_objective(kb):
    q = kb.questions["q01-curves"]
    records = {q.id: stamped(4, T0), "a-question-the-course-dropped": stamped(1, T0)}
    counts = mastery(kb, records)
    assessed = {q.objective for q in kb.questions.values()}
    assert list(counts) == [o for o in kb.objectives if o in assessed]   # course order
    assert sum(sum(c.values()) for c in counts.values()) == len(kb.questions)
    mine = counts[q.objective]
    assert mine["secure"] == 1 and mine["missed"] == 0
    assert mine["unseen"] == sum(o.objective == q.objective for o in kb.questions.values()) - 1
    assert all(c["missed"] == 0 for c in counts.values())   # the unknown id is ignored


def test_mastery_text_and_figure_say_the_same(kb):
    counts = mastery(kb, {"q01-curves": stamped(1, T0)})
    text = mastery_text(kb, counts)
    entries = [line for line in text.splitlines() if not line.startswith(" ")]
    assert len(entries) == len(counts) and max(map(len, text.splitlines())) <= 90
    assert "01 · Name the five regions of the spine, their vertebra counts and their curves: " \
           "1 to review (box 1), 2 not tried yet" in " ".join(text.split())
    fig = plot_mastery(kb, counts)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(counts)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == \
        ["secure (box 4-5)", "learning (box 2-3)", "to review (box 1)", "not tried yet"]
    hatches = {p.get_hatch() for p in ax.patches}
    assert {"//", ".."} <= hatches                     # not colour alone


def test_review_brings_back_only_met_questions_due_grouped_in_course_order(kb):
    records = {"q02-codes-matching": stamped(1, T0), "q01-curves": stamped(2, T0 - 3 * DAY),
               "q01-fusion-load": stamped(5, T0), "q01-cord-end": {"tries": 0},
               "gone": stamped(1, T0)}
    due = due_by_objective(kb, records, T0)
    assert {o: [q.id for q in qs] for o, qs in due.items()} == {
        "anat-regions": ["q01-curves"], "fbss-codes": ["q02-codes-matching"]}
    assert due_count(kb, records, T0) == 2
    assert due_by_objective(kb, {}, T0) == {}


def test_review_keeps_to_its_size_missed_first(kb):
    ids = list(kb.questions)[:REVIEW_SIZE + 5]
    records = {q: stamped(2, T0 - 5 * DAY) for q in ids}
    records[ids[-1]] = stamped(1, T0)
    chosen = [q.id for qs in due_by_objective(kb, records, T0).values() for q in qs]
    assert len(chosen) == REVIEW_SIZE and ids[-1] in chosen
    assert due_count(kb, records, T0) == REVIEW_SIZE + 5


def correct_index(q):
    return next(i for i, a in enumerate(q.answers) if a["correct"])


def test_review_quiz_records_like_any_quiz_and_moves_the_box(kb, store):
    store.record("01_spine_anatomy", "q01-cord-end", 0.0, solved=False, now=T0 - DAY)
    store.record("01_spine_anatomy", "q01-fusion-load", 1.0, solved=True, now=T0)
    review = ReviewQuiz(kb, store, T0)
    assert "fbss-quiz" not in review._dom_classes      # the website keeps its stored view
    assert [qw.question.id for qw in review.questions] == ["q01-cord-end"]
    assert "1 question due for review." in review.children[0].value
    qw = review.questions[0]
    qw.answer_input.value = correct_index(qw.question)
    qw.submit_button.click()
    record = store.load()["questions"]["q01-cord-end"]
    assert record["box"] == 2 and record["tries"] == 2 and record["solved"]
    assert "1 of 1 answered correctly" in review.score.value
    assert ReviewQuiz(kb, store, T0).questions == []         # not due again until tomorrow
    bundle = ReviewQuiz(kb, store, T0)._repr_mimebundle_()
    assert "Nothing is due for review now" in bundle["text/html"]
    assert ReviewQuiz(kb, store, T0).score.value == ""          # no "0 of 0" score


def test_demo_learner_is_a_valid_progress_file_with_something_to_review(kb):
    """The demo behind the committed outputs: every id is a course question (a removed
    question must be replaced here), and at DEMO_NOW some are due and some are not."""
    data = json.loads(DEMO_FILE.read_text())
    assert data["format"] == 1
    records = data["questions"]
    assert set(records) <= set(kb.questions), set(records) - set(kb.questions)
    assert all(r["notebook"] == kb.questions[q].notebook for q, r in records.items())
    now = datetime.fromisoformat(DEMO_NOW)
    due = due_count(kb, records, now)
    assert REVIEW_SIZE < due < len(records)
    assert any("box" not in r for r in records.values()), "shows a record from before boxes"
    assert {state(r) for r in records.values()} == {"missed", "learning", "secure"}


def test_course_test_compares_first_tries_objective_by_objective(kb):
    """Right at first before, right after; wrong at first (then right) before, not yet after;
    an answer shown before any try counts as wrong at first."""
    from course_lib.review import course_test_results, course_test_table
    records = {"pre-anat-localize-root": {"tries": 1, "first_score": 1.0},
               "post-anat-localize-root": {"tries": 1, "first_score": 1.0},
               "pre-dx-tests": {"tries": 2, "first_score": 0.0, "solved": True},
               "pre-dx-red-flags": {"tries": 0, "revealed": True, "first_score": 0.0},
               "post-dx-red-flags": {"tries": 1, "first_score": 0.5}}
    results = course_test_results(kb, records)
    assert len(results) == 10 and list(results)[0] == "anat-localize-root"  # course order
    assert results["anat-localize-root"] == {"pre": 1.0, "post": 1.0}
    assert results["dx-tests"] == {"pre": 0.0, "post": None}
    assert results["dx-red-flags"] == {"pre": 0.0, "post": 0.5}
    assert results["tx-evidence"] == {"pre": None, "post": None}
    table = course_test_table(kb, records)
    assert "<b>Pre-test:</b> 1 of 10 right first time. <b>Post-test:</b> 1 of 10" in table
    assert "50% right at first" in table and table.count("not tried yet") == 7 + 8  # untried: 7 before, 8 after
