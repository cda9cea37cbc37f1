"""The operations notebook's data, logic, figure and widgets."""
import pytest

from course_lib.operations import changes, concordance, ng59_items, operation
from course_lib.operations_widgets import OneLesionCheck, OperationExplorer, operations_table
from course_lib.spine_figures import operation_svg
from course_lib.views import WEB_STATIC
from test_knowledge import edit, error_for
from test_widget_layout import tree


def test_a_decompression_keeps_the_level_moving_and_a_fusion_does_not(kb):
    disc = changes(operation(kb, "microdiscectomy"))
    assert "the herniated piece of disc" in disc.removed and disc.motion == "kept"
    fusion = changes(operation(kb, "plif-tlif"))
    assert fusion.motion.startswith("lost") and "load" in fusion.neighbours
    assert "one whole facet joint" in fusion.removed and "pedicle screws and rods" in fusion.added
    replacement = changes(operation(kb, "disc-replacement"))
    assert "kept" in replacement.motion and replacement.added == ("an artificial disc",)


def test_nice_positions_come_from_the_treatments(kb):
    assert [i["position"] for i in ng59_items(kb, operation(kb, "alif"))] == ["only-in-research"]
    assert [i["position"] for i in ng59_items(kb, operation(kb, "disc-replacement"))] == \
        ["do-not-offer"]
    assert ng59_items(kb, operation(kb, "microdiscectomy"))[0]["position"] == "consider"


def test_an_unknown_operation_is_named_in_the_error(kb):
    with pytest.raises(ValueError, match="no operation 'spinectomy'.*microdiscectomy"):
        operation(kb, "spinectomy")


@pytest.mark.parametrize("pain, signs, level, zone, agree, words", [
    ("L5", "L5", "L4-L5", "posterolateral", True, "all point to the L5 root"),
    ("S1", "S1", "L4-L5", "posterolateral", False, "disagree"),
    ("L4", "L4", "L4-L5", "far-lateral", True, "L4 root"),     # far lateral: the exiting root
    ("L5", None, "L4-L5", "posterolateral", False, "the examination does not point"),
    ("L5", "L5", None, None, False, "the scan does not point"),
])
def test_pain_signs_and_scan_must_name_one_lesion(kb, pain, signs, level, zone, agree, words):
    result = concordance(kb, pain, signs, level, zone)
    assert result.agree is agree and words in result.verdict


def test_the_figure_marks_what_is_removed_in_words(kb):
    svg = operation_svg(operation(kb, "laminectomy"), changes(operation(kb, "laminectomy")))
    assert "<title" in svg and "<desc" in svg
    assert 'lamina: <tspan font-weight="bold">removed' in svg
    assert 'spinous process: <tspan font-weight="bold">removed' in svg
    assert 'facet joint: <tspan font-weight="bold">part removed' in svg
    assert "disc:" not in svg  # the disc stays
    fusion = operation_svg(operation(kb, "alif"), changes(operation(kb, "alif")))
    assert "disc above: more movement and load" in fusion and "cage + graft" in fusion


def test_the_explorer_redraws_for_the_chosen_operation(kb):
    explorer = OperationExplorer(kb)
    assert "(Micro)discectomy" in explorer.result.value
    explorer.choice.value = "posterolateral-fusion"
    assert "Posterolateral fusion" in explorer.result.value
    assert "only in a randomised trial" in explorer.result.value
    assert all(op["name"] in explorer.static_html() for op in kb.operations["operations"])


def test_the_one_lesion_check_follows_its_controls(kb):
    check = OneLesionCheck(kb)
    assert "one lesion" in check.result.value and check.check().agree
    check.pain.value = "S1"
    assert "no single lesion" in check.result.value and "disagree" in check.result.value
    check.level.value = ""
    assert "scan does not point" in check.static_text()


def test_the_overview_names_every_operation_and_its_guideline_position(kb):
    table = operations_table(kb)
    assert table.count("<tr>") == len(kb.operations["operations"]) + 1
    assert "do not offer" in table and "consider" in table
    assert table.count("spinal decompression for sciatica") == 4  # what "consider" covers


def test_an_operation_whose_guideline_source_has_no_position_is_rejected(data_copy):
    edit(data_copy, "operations.yaml",
         lambda d: d["operations"][0].update(ng59_from="hardware-revision"))
    err = error_for(data_copy)
    assert (err.file, err.entry, err.field) == ("operations.yaml", "microdiscectomy", "ng59_from")


def test_a_fusion_without_graft_cage_or_screws_is_rejected(data_copy):
    edit(data_copy, "operations.yaml", lambda d: d["operations"][4].update(adds=[]))
    err = error_for(data_copy)
    assert err.entry == "posterolateral-fusion" and err.field == "adds"


def test_a_part_the_figure_cannot_draw_is_rejected(data_copy):
    edit(data_copy, "operations.yaml", lambda d: d["operations"][0]["removes"].append("rib"))
    err = error_for(data_copy)
    assert err.entry == "microdiscectomy" and err.field.startswith("removes")


@pytest.mark.parametrize("cls", [OperationExplorer, OneLesionCheck], ids=lambda c: c.__name__)
def test_controls_fit_their_words_and_the_website_says_what_it_shows(kb, cls):
    widget = cls(kb)
    for part in tree(widget):
        assert "px" not in (part.layout.width or "") + (part.layout.max_width or "")
    assert WEB_STATIC in widget._dom_classes and "fbss-wrap" in widget._dom_classes
    assert widget.static_html() and "needs a running notebook" in OneLesionCheck(kb).static_html()
