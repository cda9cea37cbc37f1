"""Notebook 09's widgets: the MME calculator, the taper planner, the PHQ-9 scorer and the
STarT Back groups, as a student uses them (values changed, bad input typed)."""
import ipywidgets as w
import pytest

from course_lib.pain_widgets import (MmeCalculator, Phq9Scorer, StartBackGroups, TaperPlanner,
                                     instruments_table)
from course_lib.views import WEB_STATIC

WIDGETS = [MmeCalculator, TaperPlanner, Phq9Scorer, StartBackGroups]


def tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


def test_the_calculator_adds_up_and_refuses_what_it_cannot_count(kb):
    calc = MmeCalculator(kb)
    assert "Total: 100 MME per day" in calc.result.value and "90 MME per day" in calc.result.value
    assert "Not for dosing a patient" in calc.static_html() and "not a tool for choosing" in calc.static_html()
    calc.rows[1][0].value = ""
    assert "Total: 60 MME per day" in calc.result.value and "not a limit" in calc.result.value
    calc.rows[0][1].value = 10
    assert "below 50 MME per day" in calc.result.value
    calc.rows[0][0].value = "buprenorphine"
    assert "Cannot calculate: Buprenorphine has no MME conversion factor" in calc.result.value
    calc.rows[0][0].value, calc.rows[0][1].value, calc.rows[0][2].value = "fentanyl-transdermal", 25, 3
    assert "per_day=1" in calc.result.value


def test_the_planner_plans_pauses_and_explains_bad_input(kb):
    planner = TaperPlanner(kb)
    assert "13 months from 90 mg to stopping, with 1 paused month(s)" in planner.result.value
    assert "pause: dose held" in planner.result.value and "Not for dosing a patient" in planner.static_html()
    assert "interval between doses lengthened" in planner.result.value
    planner.start.value, planner.smallest.value = 30, 10
    assert "larger step than the pattern" in planner.result.value
    planner.start.value, planner.smallest.value = 90, 5
    planner.pattern.value = "weekly"
    assert "weeks from 90 mg" in planner.result.value
    planner.pauses.value = "two"
    assert "Cannot plan: pauses are whole numbers" in planner.result.value
    planner.pauses.value, planner.smallest.value = "", 100
    assert "is more than the starting dose" in planner.result.value


def test_phq9_item_9_is_flagged_whatever_the_total(kb):
    phq = Phq9Scorer(kb)
    assert "Total 10 of 27: moderate" in phq.result.value
    for item in phq.items:
        item.value = 0
    phq.items[8].value = 1
    assert "Total 1 of 27: minimal" in phq.result.value and "safety assessment" in phq.result.value


def test_start_back_groups_and_an_impossible_score(kb):
    groups = StartBackGroups(kb)
    assert "High risk" in groups.result.value
    groups.psychosocial.value = 3
    assert "Medium risk" in groups.result.value
    groups.total.value = 2
    assert "Not a possible score" in groups.result.value


def test_only_reproducible_items_are_printed(kb):
    table = instruments_table(kb)
    assert "Little interest or pleasure" not in table  # items stay in the PHQ-9 scorer
    assert table.count("items not reproduced") == sum(not t["reproduce"] for t in kb.instruments)


@pytest.mark.parametrize("cls", WIDGETS, ids=lambda c: c.__name__)
def test_layout_and_web_fallback(kb, cls):
    widget = cls(kb)
    for part in tree(widget):
        for key in ("width", "min_width", "max_width", "flex"):
            assert "px" not in (getattr(part.layout, key) or "")
        assert "px" not in (getattr(getattr(part, "style", None), "description_width", "") or "")
    assert WEB_STATIC in widget._dom_classes and "fbss-wrap" in widget._dom_classes
    assert "needs a running notebook" in widget.static_html()
    assert any(isinstance(p, w.HTML) and "<style>" in p.value for p in tree(widget))
