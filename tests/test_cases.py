"""The case studies against the decision engine, and the feedback a learner gets."""
import pytest

from course_lib.cases import case_feedback, engine_path

# Where each case must end, worked out by hand from its story and the flow (not from the
# engine), with a node each path must pass through on the way.
BY_HAND = {
    "case-recurrent-disc": ("rec-revision", "informed-choice"),
    "case-adjacent-segment": ("rec-conservative-first", "revision-conservative"),
    "case-broken-screw": ("rec-revision", "fit-for-surgery"),
    "case-wound-infection": ("rec-urgent", "red-flags"),
    "case-scar-scs": ("rec-scs", "rec-scs-trial"),
    "case-retained-fragment": ("rec-revision", "revision-conservative"),
    "case-cauda-equina": ("rec-emergency", "red-flags"),
    "case-facet-pain": ("rec-interventional", "conservative-tried"),
    "case-arachnoiditis": ("rec-intrathecal", "rec-scs-trial"),
    "case-sensitization": ("rec-pain-management", "rec-psychological"),
    # the cases of the new branches
    "case-plain-mri": ("rec-investigate", "generator"),
    "case-fear-avoidance": ("rec-conservative", "rec-psychological"),
    "case-declines-revision": ("rec-interventional", "informed-choice"),
    "case-unfit-trial": ("rec-scs-trial", "fit-for-surgery"),
    "case-back-pain-stimulation": ("rec-scs-trial", "back-stimulation"),
    # issue 22: opioids, an early scan, a fusion offered for back pain
    "case-high-dose-opioids": ("rec-conservative", "rec-psychological"),
    "case-early-mri": ("rec-investigate", "generator"),
    "case-fusion-offered": ("rec-conservative", "conservative-tried"),
}


def test_there_are_enough_varied_cases(kb):
    assert len(kb.cases) >= 6
    assert len({c["cause"] for c in kb.cases.values()}) >= 6
    assert len({c["next_step"] for c in kb.cases.values()}) >= 5


def test_every_case_runs_through_the_engine_to_its_next_step(kb):
    for case in kb.cases.values():
        path = engine_path(kb, case)
        assert path[-1].node.id == case["next_step"], case["id"]
        assert path[0].node.id == "red-flags"


@pytest.mark.parametrize("case_id", sorted(BY_HAND))
def test_each_case_reaches_the_recommendation_worked_out_by_hand(kb, case_id):
    end, via = BY_HAND[case_id]
    path = [s.node.id for s in engine_path(kb, kb.cases[case_id])]
    assert path[-1] == end and via in path
    assert kb.cases[case_id]["next_step"] == end


def test_every_case_is_worked_out_by_hand(kb):
    assert set(kb.cases) == set(BY_HAND)


def test_the_issue_scenarios_are_covered(kb):
    causes = {c["cause"] for c in kb.cases.values()}
    assert {"recurrent-herniation", "adjacent-segment-disease", "infection",
            "epidural-fibrosis"} <= causes
    assert causes & {"pseudarthrosis", "hardware-failure"}
    assert causes & {"inadequate-decompression", "wrong-diagnosis-or-level"}
    steps = {c["next_step"] for c in kb.cases.values()}
    assert {"rec-emergency", "rec-scs", "rec-revision", "rec-urgent", "rec-investigate",
            "rec-conservative-first", "rec-scs-trial"} <= steps


@pytest.mark.parametrize("case_id, notebook", [
    ("case-high-dose-opioids", "notebook 09"), ("case-early-mri", "notebook 06"),
    ("case-fusion-offered", "notebook 03")])
def test_the_new_cases_send_the_learner_to_the_notebook_that_teaches_them(kb, case_id, notebook):
    assert notebook in kb.cases[case_id]["teaching"]


def test_feedback_names_missed_and_extra_tests(kb):
    case = next(iter(kb.cases.values()))
    right = case_feedback(case, case["cause"], case["tests"], case["next_step"])
    assert right.all_right
    extra = next(t for t in case["test_choices"] if t not in case["tests"])
    wrong = case_feedback(case, "nothing", [extra], "rec-none")
    assert not (wrong.cause_right or wrong.step_right or wrong.all_right)
    assert wrong.tests_missed == tuple(case["tests"]) and wrong.tests_extra == (extra,)
