"""Property-based tests: no sequence of widget inputs raises, and the state stays coherent."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.anatomy_widgets import LesionLocalizer, SpineExplorer
from course_lib.knowledge import load_knowledge
from course_lib.progress import ProgressStore
from course_lib.quiz_widget import QuestionWidget

KB = load_knowledge()
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
LEVELS = [*KB.vertebrae, "whole region", None, "XX9"]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(list(KB.regions)), st.sampled_from(LEVELS)),
                max_size=8))
def test_spine_explorer_any_sequence(steps):
    explorer = SpineExplorer(KB)
    for region, level in steps:
        explorer.region.value = region
        if (level, level) in explorer.level.options:
            explorer.level.value = level
        chosen_region, chosen_level = explorer.selection()
        assert chosen_region == region
        assert chosen_level in (None, *KB.regions[region].levels)
        assert explorer.figure.value.startswith("<figure")


FINDING = {kind: st.sampled_from(["", *KB.findings[kind]]) for kind in KB.findings}


@SETTINGS
@given(st.lists(st.tuples(FINDING["sensory"], FINDING["movements"], FINDING["reflexes"]),
                max_size=6))
def test_lesion_localizer_any_sequence(steps):
    loc = LesionLocalizer(KB)
    for sensory, weakness, reflex in steps:
        loc.sensory.value, loc.weakness.value, loc.reflex.value = sensory, weakness, reflex
        result = loc.localization()
        assert result.root is None or result.candidates == (result.root,)
        assert ("Most likely root" in loc.result.value) == (result.root is not None)


@SETTINGS
@given(qid=st.sampled_from(list(KB.questions)),
       actions=st.lists(st.one_of(st.just("submit"), st.just("show"), st.integers(-1, 6),
                                  st.text(max_size=5)), max_size=8))
def test_question_widget_any_sequence(tmp_path_factory, qid, actions):
    store = ProgressStore(tmp_path_factory.mktemp("p") / "progress.json")
    qw = QuestionWidget(KB.questions[qid], store=store)
    changed = False   # the answer changed since the last Submit: only then can Submit be used
    for action in actions:
        if action == "submit":
            if not qw.submit_button.disabled:   # a disabled button takes no click in the page
                qw.submit_button.click()
                changed = False
        elif action == "show":
            qw.show_button.click()
        elif not qw.attempt.finished:
            before = qw.read_response()
            _set_input(qw, action)
            changed = changed or qw.read_response() != before
        assert qw.attempt.tries <= qw.question.max_tries
        assert qw.submit_button.disabled == (qw.attempt.finished or not changed)
    recorded = store.load()["questions"].get(qid, {"tries": 0})
    assert recorded["tries"] == qw.attempt.tries


def _set_input(qw, value):
    control = qw.answer_input
    if qw.question.type == "multiple_choice" and isinstance(value, int):
        if 0 <= value < len(qw.question.answers):
            control.value = value
    elif qw.question.type == "many_choice" and isinstance(value, int):
        boxes = control.children
        boxes[value % len(boxes)].value = not boxes[value % len(boxes)].value
    elif qw.question.type == "numeric":
        control.children[0].value = str(value)
    elif qw.question.type == "matching" and isinstance(value, int):
        pick = qw.controls[value % len(qw.controls)]
        pick.index = value % len(pick.options)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["", "pre-operative", "operative", "post-operative"]),
                          st.sampled_from(["", "discectomy", "laminectomy", "fusion"]),
                          st.text(max_size=12)), max_size=6))
def test_causes_explorer_any_sequence(steps):
    from course_lib.causes_widgets import CausesExplorer
    explorer = CausesExplorer(KB)
    for timing, procedure, symptom in steps:
        explorer.timing.value, explorer.procedure.value = timing, procedure
        explorer.symptom.value = symptom
        assert f"{len(explorer.matches())} of" in explorer.result.value or \
            "No cause matches" in explorer.result.value


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(
    ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"])), max_size=8))
def test_adjacent_segment_model_any_sequence(steps):
    from course_lib.causes_widgets import AdjacentSegmentModel
    model = AdjacentSegmentModel()
    for fused, lowest in steps:
        model.lowest.value = lowest
        model.fused.value = min(fused, model.fused.max)
        assert model.figure.value.count("fused</text>") == model.fused.value
