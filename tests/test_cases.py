"""The case studies against the decision engine, and the feedback a learner gets."""
from course_lib.cases import case_feedback, engine_path


def test_there_are_enough_varied_cases(kb):
    assert len(kb.cases) >= 6
    assert len({c["cause"] for c in kb.cases.values()}) >= 6
    assert len({c["next_step"] for c in kb.cases.values()}) >= 5


def test_every_case_runs_through_the_engine_to_its_next_step(kb):
    for case in kb.cases.values():
        path = engine_path(kb, case)
        assert path[-1].node.id == case["next_step"], case["id"]
        assert path[0].node.id == "red-flags"


def test_the_issue_scenarios_are_covered(kb):
    causes = {c["cause"] for c in kb.cases.values()}
    assert {"recurrent-herniation", "adjacent-segment-disease", "infection",
            "epidural-fibrosis"} <= causes
    assert causes & {"pseudarthrosis", "hardware-failure"}
    assert causes & {"inadequate-decompression", "wrong-diagnosis-or-level"}
    steps = {c["next_step"] for c in kb.cases.values()}
    assert {"rec-emergency", "rec-scs", "rec-revision", "rec-urgent"} <= steps


def test_feedback_names_missed_and_extra_tests(kb):
    case = next(iter(kb.cases.values()))
    right = case_feedback(case, case["cause"], case["tests"], case["next_step"])
    assert right.all_right
    extra = next(t for t in case["test_choices"] if t not in case["tests"])
    wrong = case_feedback(case, "nothing", [extra], "rec-none")
    assert not (wrong.cause_right or wrong.step_right or wrong.all_right)
    assert wrong.tests_missed == tuple(case["tests"]) and wrong.tests_extra == (extra,)
