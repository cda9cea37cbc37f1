"""Widgets of notebooks 05-11 driven as a learner would: set .value, .click(), read the state."""
from course_lib.case_widgets import CaseStudy
from course_lib.course_views import GlossarySearch
from course_lib.decision_widgets import FlowStepper
from course_lib.diagnosis_widgets import OdiCalculator, PainReliefCalculator, TriageBoard
from course_lib.treatment_views import TreatmentExplorer, plot_trials, trials_text


def test_triage_board_puts_a_new_emergency_first(kb):
    board = TriageBoard(kb)
    ces = next(box for box, flag in board.features if flag == "cauda-equina")
    ces.value = True
    board.summary.value = "Woman, 44, new saddle numbness"
    board.add_button.click()
    rows = board.result.value.split("<tbody>")[1].split("</tr>")[:-1]
    new = next(i for i, row in enumerate(rows) if "new saddle numbness" in row)
    assert all("EMERGENCY" in row for row in rows[:new + 1])   # ahead of every urgent case
    assert "URGENT" in rows[new + 1]
    assert not ces.value and board.summary.value == ""          # ready for the next patient
    assert board.static_text().startswith("Triage order: 1. emergency")


def test_triage_board_routine_patient_goes_last(kb):
    board = TriageBoard(kb)
    board.add_button.click()
    last_row = board.result.value.split("</tbody>")[0].split("<tr>")[-1]
    assert "New patient" in last_row and "no red flag" in last_row


def test_odi_calculator_handles_a_skipped_section(kb):
    odi = OdiCalculator(kb)
    assert "at least one section" in odi.result.value
    for i, control in enumerate(odi.sections.values()):
        control.value = "skipped" if i == 7 else (0 if i == 9 else 2)
    assert "16 of 45 possible points" in odi.result.value
    assert "35.6%: Moderate" in odi.result.value and "1 skipped" in odi.result.value


def test_odi_calculator_example_and_band(kb):
    odi = OdiCalculator(kb, example={s: 3 for s in list(kb.diagnosis["odi"]["sections"][i]["id"]
                                                          for i in range(10))})
    assert "30 of 50" in odi.result.value and "60.0%: Severe" in odi.result.value


def test_pain_relief_calculator(kb):
    calc = PainReliefCalculator(kb)
    assert "Relief: 50%" in calc.result.value and "Substantial" in calc.result.value
    calc.after.value = 6
    assert "Relief: 25%" in calc.result.value and "Minimal" in calc.result.value
    calc.after.value = 9
    assert "worse" in calc.result.value


def test_flow_stepper_walks_back_and_restarts(kb):
    stepper = FlowStepper(kb)
    first = len(kb.flow.nodes["red-flags"].answers)
    assert stepper.back.disabled and len(stepper.choices.children) == first
    no_flag = next(b for b in stepper.choices.children if b.description.startswith("No"))
    no_flag.click()
    assert stepper.answers == {"red-flags": no_flag.description}
    assert "✔" in stepper.diagram.outputs[0]["data"]["text/vnd.mermaid"]
    stepper.back.click()
    assert stepper.answers == {} and stepper.back.disabled
    stepper.choices.children[0].click()                 # cauda equina: straight to the end
    assert stepper.choices.children == () and "Recommendation" in stepper.history.value
    stepper.restart.click()
    assert stepper.answers == {} and len(stepper.choices.children) == first


def test_treatment_explorer_filters(kb):
    explorer = TreatmentExplorer(kb)
    total = f"{len(kb.treatments)} of {len(kb.treatments)}"
    assert total in explorer.result.value
    explorer.group.value = "neuromodulation"
    assert "Spinal cord stimulation" in explorer.result.value and total not in explorer.result.value
    explorer.group.value, explorer.invasiveness.value = "", 0
    assert "Spinal cord stimulation" not in explorer.result.value
    assert all(t["invasiveness"] == 0 for t in explorer.matches())


def test_trial_plot_and_its_text(kb):
    panels = [("process", "relief-50"), ("north-2005", "success"), ("brox-2006", "odi")]
    fig = plot_trials(kb, panels)
    assert len(fig.axes) == 3
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "48%" in labels and "9%" in labels
    text = trials_text(kb, panels)
    assert "48% at 6 months" in text and "9/19" in text


def test_case_study_feedback_and_engine(kb):
    study = CaseStudy(kb)
    case = study.case
    study.check_button.click()
    assert "first" in study.feedback.value
    study.cause.value = case["cause"]
    for t, box in zip(case["test_choices"], study.tests.children):
        box.value = t in case["tests"]
    study.step.value = case["next_step"]
    study.check_button.click()
    assert study.feedback.value.count("✘") == 0 and study.feedback.value.count("✔") == 3
    assert "text/vnd.mermaid" in study.diagram.outputs[0]["data"]
    wrong = next(c for c in case["cause_choices"] if c != case["cause"])
    study.cause.value = wrong
    study.check_button.click()
    assert "✘ Cause" in study.feedback.value


def test_case_study_switches_case(kb):
    study = CaseStudy(kb)
    second = list(kb.cases)[1]
    study.case_picker.value = second
    assert kb.cases[second]["title"] in study.story.value and study.cause.value is None


def test_glossary_search(kb):
    glossary = GlossarySearch(kb)
    glossary.search.value = "cauda"
    assert "Cauda equina" in glossary.result.value and "Lordosis" not in glossary.result.value
    glossary.search.value = "zzzz"
    assert "No term matches" in glossary.result.value
