"""Anatomy logic against the course's fact sheet (reference/fbss_facts.md, section 5)."""
import re
from pathlib import Path

import pytest

from course_lib.anatomy import compressed_root, localize, neural_content, region_of

# The root table of the fact sheet (section 5, after Harrison's table), transcribed by hand:
# root -> (sensory areas, key movements, reflexes).
FACT_SHEET_ROOTS = {
    "L2": ({"upper-anterior-thigh"}, {"hip-flexion"}, set()),
    "L3": ({"lower-anterior-thigh"}, {"hip-flexion", "knee-extension", "hip-adduction"}, set()),
    "L4": ({"medial-calf"}, {"knee-extension"}, {"patellar"}),
    "L5": ({"dorsum-foot", "lateral-calf"},
           {"ankle-dorsiflexion", "toe-extension", "foot-eversion", "hip-abduction"}, set()),
    "S1": ({"sole", "lateral-foot"}, {"plantar-flexion", "hip-extension"}, {"achilles"}),
}
# What the course adds to that table, each checked by hand against the source it cites.
ADDITIONS = {
    ("L3", "reflex", "patellar"): "contested in the fact sheet itself: some give the knee jerk L2-L4",
    ("L4", "movement", "hip-adduction"): "Harrison's table: L4 supplies the thigh adductors",
    ("L4", "movement", "ankle-dorsiflexion"): "ISNCSCI: ankle dorsiflexion is the L4 key muscle",
    ("S1", "movement", "toe-flexion"): "Harrison's table: S1 supplies abductor hallucis (toe flexion)",
}
FACT_SHEET = Path(__file__).resolve().parents[2] / "shared" / "reference" / "fbss_facts.md"


def test_root_table_is_the_fact_sheet_plus_documented_additions(kb):
    for root_id, (sensory, movements, reflexes) in FACT_SHEET_ROOTS.items():
        root = kb.roots[root_id]
        extra_moves = {v for (r, kind, v) in ADDITIONS if r == root_id and kind == "movement"}
        extra_reflexes = {v for (r, kind, v) in ADDITIONS if r == root_id and kind == "reflex"}
        assert set(root.sensory) == sensory, root_id
        assert set(root.movements) == movements | extra_moves, root_id
        assert set(root.reflexes) == reflexes | extra_reflexes, root_id


def test_contested_additions_are_explained_in_the_data(kb):
    assert "Contested" in kb.roots["L3"].note
    assert "isncsci-2019" in kb.roots["L4"].sources and "spinal cord injury" in kb.roots["L4"].note


@pytest.mark.skipif(not FACT_SHEET.exists(), reason="the course's shared fact sheet is not beside this checkout")
def test_transcription_matches_the_fact_sheet_file():
    rows = re.findall(r"^\| (L[2-5]|S1) \| (.+?) \| (.+?) \| (.+?) \|$", FACT_SHEET.read_text(), re.M)
    assert [r[0] for r in rows] == list(FACT_SHEET_ROOTS)
    for root, sensory, movement, reflex in rows:
        expected = FACT_SHEET_ROOTS[root][2]
        assert reflex.startswith("none") == (not expected), root
        for name in expected:
            assert name in reflex.lower()
        if ("L3", "reflex", "patellar") in ADDITIONS and root == "L3":
            assert "⚠" in reflex and "patellar" in reflex   # the addition is the sheet's own caveat


@pytest.mark.parametrize("root_id", list(FACT_SHEET_ROOTS))
def test_each_root_is_found_from_its_own_findings(kb, root_id):
    root = kb.roots[root_id]
    for area in root.sensory:
        # Sensory areas do not overlap in the table, so an area alone names its root...
        alone = localize(kb, sensory=area)
        assert alone.root == root_id and "one finding alone is weak evidence" in alone.message
        # ...and every combination with the root's own movements and reflexes still fits it.
        for movement in root.movements:
            for reflex in (*root.reflexes, None):
                result = localize(kb, area, movement, reflex)
                assert result.root == root_id and result.candidates == (root_id,)
                assert "These findings fit" in result.message


@pytest.mark.parametrize("findings, candidates", [
    (dict(weakness="hip-flexion"), ("L2", "L3")),
    (dict(weakness="knee-extension"), ("L3", "L4")),
    (dict(weakness="hip-adduction"), ("L3", "L4")),
    (dict(reflex="patellar"), ("L3", "L4")),
    (dict(reflex="achilles"), ("S1",)),
    (dict(weakness="ankle-dorsiflexion"), ("L4", "L5")),
    (dict(weakness="toe-extension"), ("L5",)),
    (dict(sensory="lower-anterior-thigh", reflex="patellar"), ("L3",)),
    (dict(sensory="medial-calf", weakness="ankle-dorsiflexion", reflex="patellar"), ("L4",)),
])
def test_partial_findings_give_candidates(kb, findings, candidates):
    result = localize(kb, **findings)
    assert result.candidates == candidates
    assert (result.root is None) == (len(candidates) > 1)


def test_findings_that_fit_no_single_root(kb):
    result = localize(kb, sensory="sole", reflex="patellar")
    assert result.root is None and result.candidates == ()
    assert "do not fit one root" in result.message and "S1" in result.message and "L4" in result.message


def test_no_findings_and_unknown_finding(kb):
    assert localize(kb).message == "Choose at least one finding."
    with pytest.raises(KeyError):
        localize(kb, sensory="elbow")


@pytest.mark.parametrize("level, zone, root, role", [
    ("L4-L5", "posterolateral", "L5", "traversing"),
    ("L5-S1", "posterolateral", "S1", "traversing"),
    ("L4-L5", "far-lateral", "L4", "exiting"),
    ("L3-L4", "posterolateral", "L4", "traversing"),
    ("L5-S1", "far-lateral", "L5", "exiting"),
])
def test_herniation_rule(kb, level, zone, root, role):
    result = compressed_root(kb, level, zone)
    assert (result.root, result.role) == (root, role)
    assert result.sources and root in result.explanation


def test_regions_and_cord(kb):
    counts = {r.id: r.vertebrae for r in kb.regions.values()}
    assert counts == {"cervical": 7, "thoracic": 12, "lumbar": 5, "sacral": 5, "coccygeal": 4}
    curves = {r.id: r.curve for r in kb.regions.values()}
    assert curves["cervical"] == curves["lumbar"] == "lordosis" and curves["thoracic"] == "kyphosis"
    assert region_of(kb, "T12").id == "thoracic"
    assert neural_content(kb, "T12") == "the spinal cord"
    assert "conus" in neural_content(kb, "L1")
    assert "cauda equina" in neural_content(kb, "L4")
    assert "in some adults the conus reaches" in neural_content(kb, "L2")
    assert neural_content(kb, "S3") is None
