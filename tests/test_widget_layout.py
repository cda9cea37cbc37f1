"""The explorers, boards and their tables as a student reads them (issue 23): controls sized to
their words, long words wrapped rather than cut, tables a student can scan, the root table in
one place, and what the website shows of a widget that needs a kernel."""
import json
import re

import ipywidgets as w
import pytest

from course_lib.anatomy_widgets import LesionLocalizer, SpineExplorer
from course_lib.case_widgets import CaseStudy
from course_lib.causes_widgets import AdjacentSegmentModel, CausesExplorer, cause_card
from course_lib.decision_widgets import FlowStepper
from course_lib.imaging_widgets import ImagingExplorer
from course_lib.operations_widgets import OneLesionCheck, OperationExplorer
from course_lib.pain_widgets import MmeCalculator, Phq9Scorer, StartBackGroups, TaperPlanner
from course_lib.diagnosis_widgets import (OdiCalculator, PainReliefCalculator, TriageBoard,
                                          red_flags_table, symptoms_table)
from course_lib.spine_figures import _SEGMENT_LABELS, motion_segment_svg
from course_lib.style import style_tag
from course_lib.treatment_views import TreatmentExplorer
from course_lib.views import WEB_STATIC, esc

from conftest import ROOT

WIDGETS = [SpineExplorer, LesionLocalizer, CausesExplorer, TriageBoard, OdiCalculator,
           PainReliefCalculator, FlowStepper, CaseStudy]


def tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


@pytest.fixture(scope="module", params=[*WIDGETS, AdjacentSegmentModel, TreatmentExplorer,
                                        OperationExplorer, OneLesionCheck, ImagingExplorer,
                                        MmeCalculator, TaperPlanner, Phq9Scorer, StartBackGroups],
                ids=lambda c: c.__name__)
def widget(request, kb):
    return request.param() if request.param is AdjacentSegmentModel else request.param(kb)


def test_no_fixed_pixel_widths(widget):
    """A width in pixels cuts its words at a laptop's width; layouts use em, % and flex."""
    for part in tree(widget):
        for key in ("width", "min_width", "flex"):
            value = getattr(part.layout, key) or ""
            assert "px" not in value, f"{type(widget).__name__}: {type(part).__name__} {key}={value}"
        description_width = getattr(getattr(part, "style", None), "description_width", "") or ""
        assert "px" not in description_width


def test_no_flex_basis_down_a_column(widget):
    """In a VBox (a column) a child's flex basis is a height: "1 1 14em" left a field floating in
    14em of blank space. Flex bases set widths in rows only."""
    for part in tree(widget):
        if isinstance(part, w.VBox):
            for child in part.children:
                flex = (child.layout.flex or "").split()
                assert len(flex) < 3 or flex[2] in ("auto", "0", "0%"), \
                    f"{type(widget).__name__}: {type(child).__name__} flex={child.layout.flex}"


def test_no_select(widget):
    """Inside JupyterLab the notebook's command-mode shortcuts take a select's arrow and letter
    keys (Down moves to the next cell): an option is chosen with style.choice's radio buttons,
    which Tab reaches and Space chooses (the browser suite does so)."""
    selects = [p.description for p in tree(widget) if isinstance(p, (w.Dropdown, w.Select))]
    assert not selects, f"{type(widget).__name__}: {selects}"


def test_no_slider(widget):
    """An ipywidgets slider's handle has no accessible name (the browser suite's axe check
    finds it): a number is chosen in style.number's labelled field."""
    sliders = [type(p).__name__ for p in tree(widget) if p._view_name.endswith("SliderView")]
    assert not sliders, f"{type(widget).__name__}: {sliders}"


def test_long_words_in_controls_wrap(widget):
    """A checkbox, radio button or button with long words sits in a `.fbss-wrap` widget that
    carries the stylesheet making them wrap, so nothing is cut with an ellipsis."""
    labels = [text for part in tree(widget) if isinstance(part, (w.Checkbox, w.Button))
              for text in [part.description] if len(text) > 25]
    labels += [label for part in tree(widget) if isinstance(part, w.RadioButtons)
                for label in part.options if len(str(label)) > 25]
    if labels:
        assert "fbss-wrap" in widget._dom_classes, labels[0]
        assert any(getattr(p, "value", None) == style_tag() for p in tree(widget))


@pytest.mark.parametrize("cls", WIDGETS, ids=lambda c: c.__name__)
def test_widgets_needing_a_kernel_say_so_on_the_web(kb, cls):
    widget = cls(kb)
    assert WEB_STATIC in widget._dom_classes
    assert "needs a running notebook" in widget.static_html() or cls in (SpineExplorer,
                                                                          CausesExplorer)


def test_motion_segment_labels_fit_the_drawing():
    """The longest labels end inside the drawing (12 px sans-serif: under 0.62 em a letter)."""
    width = int(re.search(r'viewBox="0 0 (\d+)', motion_segment_svg()).group(1))
    for text, x, _, anchor, *_ in _SEGMENT_LABELS:
        if anchor == "start":
            assert 40 + x + 0.62 * 12 * len(text) <= width, text


def test_the_root_table_is_shown_once(kb):
    """Notebook 01 prints the root table; the localizers link to it."""
    notebooks = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "notebooks").glob("*.ipynb")}
    header = re.compile(r'<th style=\\"[^"\\]*\\">Sensory area</th>')
    assert {n for n, text in notebooks.items() if header.search(text)} == {"01_spine_anatomy"}
    assert sum(len(header.findall(text)) for text in notebooks.values()) == 1


def test_symptoms_are_cards_and_red_flag_features_are_lists(kb):
    symptoms = symptoms_table(kb)
    assert symptoms.count('<details class="fbss-card">') == len(kb.diagnosis["symptoms"])
    assert "<table" not in symptoms
    flags = red_flags_table(kb)
    features = sum(len(f["features"]) for f in kb.diagnosis["red_flags"])
    assert flags.count("<li>") == features


def test_a_mark_only_where_it_distinguishes(kb):
    """Every cause has something debated, so no cause's summary carries a warning mark."""
    for cause in kb.causes.values():
        summary = cause_card(kb, cause).split("</summary>")[0]
        assert "⚠" not in summary, cause["name"]


def test_triage_form_comes_before_the_list_and_says_where_the_patient_went(kb):
    board = TriageBoard(kb)
    parts = list(tree(board))
    assert parts.index(board.add_button) < parts.index(board.result)
    ces = next(box for box, flag in board.features if flag == "cauda-equina")
    ces.value = True
    board.summary.value = "Woman, 44, new saddle numbness"
    board.add_button.click()
    assert "number 3 of 7" in board.added.value  # after the two emergencies waiting and 'role="status"' in board.added.value
    # each row names its red flags; what to suspect and do stays in the red-flag table
    assert "Suspect:" not in board.result.value and "Cauda equina syndrome" in board.result.value


def test_every_case_and_its_answer_without_a_kernel(kb):
    html = CaseStudy(kb).static_html()
    assert html.count(">Show the answer<") == len(kb.cases)
    for case in kb.cases.values():
        assert re.sub(r"&#x27;", "'", html).count(case["title"]) >= 1
        assert kb.flow.nodes[case["next_step"]].title in html


def test_timeline_words_are_the_figures_text_alternative_not_printed(kb):
    """The notebook showing the timeline shows it as an image whose alt is the timeline in
    words (views.chart_html), nothing printed under it."""
    from course_lib.causes_widgets import timeline_text
    shown = [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "notebooks").glob("*.ipynb")
             if "show_timeline(kb)" in p.read_text(encoding="utf-8")]
    assert len(shown) == 1
    outputs = [o for c in shown[0]["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "stream"]
    assert any(f'alt="{esc(timeline_text(kb))}"' in "".join(o.get("data", {}).get("text/html", ""))
               for o in outputs)