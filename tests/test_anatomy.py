"""Anatomy logic against the course's fact sheet (reference/fbss_facts.md, section 5)."""
import re
from pathlib import Path

import pytest

from course_lib.anatomy import compressed_root, localize, neural_content, region_of

# The root table of the fact sheet (after Harrison's 19e Table 48-1), transcribed by hand:
# root -> (sensory areas, key movements, reflex).
FACT_SHEET_ROOTS = {
    "L2": ({"upper-anterior-thigh"}, {"hip-flexion"}, None),
    "L3": ({"lower-anterior-thigh"}, {"hip-flexion", "knee-extension", "hip-adduction"}, None),
    "L4": ({"medial-calf"}, {"knee-extension"}, "patellar"),
    "L5": ({"dorsum-foot", "lateral-calf"},
           {"ankle-dorsiflexion", "toe-extension", "foot-eversion", "hip-abduction"}, None),
    "S1": ({"sole", "lateral-foot"}, {"plantar-flexion", "hip-extension"}, "achilles"),
}
FACT_SHEET = Path(__file__).resolve().parents[2] / "shared" / "reference" / "fbss_facts.md"


def test_root_table_matches_the_fact_sheet(kb):
    for root_id, (sensory, movements, reflex) in FACT_SHEET_ROOTS.items():
        root = kb.roots[root_id]
        assert (set(root.sensory), set(root.movements), root.reflex) == \
            (sensory, movements, reflex), root_id


@pytest.mark.skipif(not FACT_SHEET.exists(), reason="the course's shared fact sheet is not beside this checkout")
def test_transcription_matches_the_fact_sheet_file():
    rows = re.findall(r"^\| (L[2-5]|S1) \| (.+?) \| (.+?) \| (.+?) \|$", FACT_SHEET.read_text(), re.M)
    assert [r[0] for r in rows] == list(FACT_SHEET_ROOTS)
    for root, sensory, movement, reflex in rows:
        expected_reflex = FACT_SHEET_ROOTS[root][2]
        assert ("none" in reflex) == (expected_reflex is None), root
        if expected_reflex:
            assert expected_reflex in reflex.lower()


@pytest.mark.parametrize("root_id", list(FACT_SHEET_ROOTS))
def test_each_root_is_found_from_its_own_findings(kb, root_id):
    sensory, movements, reflex = FACT_SHEET_ROOTS[root_id]
    for area in sensory:
        # A root's sensory area alone names it: areas do not overlap in the table.
        assert localize(kb, sensory=area).root == root_id
        for movement in movements:
            result = localize(kb, area, movement, reflex)
            assert result.root == root_id and result.candidates == (root_id,)


@pytest.mark.parametrize("findings, candidates", [
    (dict(weakness="hip-flexion"), ("L2", "L3")),
    (dict(weakness="knee-extension"), ("L3", "L4")),
    (dict(reflex="patellar"), ("L4",)),
    (dict(reflex="achilles"), ("S1",)),
    (dict(weakness="ankle-dorsiflexion"), ("L5",)),
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
    assert neural_content(kb, "S3") is None
