"""NICE NG59's positions as data: the schema checks them, the treatments carry the ones the
course's clinical review listed, and the explorer and its table show them in words."""
import pytest
import yaml

from course_lib import ContentError
from course_lib.knowledge import load_knowledge
from course_lib.treatment_views import TreatmentExplorer, ng59_table, treatment_card
from course_lib.treatments import NG59_SCOPE

# Each treatment's NG59 positions, checked by hand against NG59 (2016, updated 2020).
EXPECTED = {
    "patient-education": {"recommend"},
    "braces-and-supports": {"do-not-offer"},
    "physical-therapy": {"consider", "do-not-offer"},
    "exercise-therapy": {"consider"},
    "multidisciplinary-rehabilitation": {"consider", "recommend"},
    "massage": {"consider"},
    "acupuncture": {"do-not-offer"},
    "chiropractic-manipulation": {"consider"},
    "yoga-and-tai-chi": {"consider"},
    "nsaids": {"consider", "do-not-offer"},
    "muscle-relaxants": {"do-not-offer"},
    "gabapentinoids": {"do-not-offer"},
    "antidepressants": {"do-not-offer"},
    "opioids": {"do-not-offer", "consider"},
    "cognitive-behavioural-therapy": {"consider"},
    "pain-management-programme": {"consider"},
    "epidural-steroid-injection": {"consider", "do-not-offer"},
    "facet-joint-injection": {"do-not-offer"},
    "medial-branch-block": {"consider", "do-not-offer"},
    "trigger-point-injection": {"do-not-offer"},
    "platelet-and-orthobiologic-injections": {"do-not-offer"},
    "radiofrequency-ablation": {"consider"},
    "revision-decompression": {"consider"},
    "revision-discectomy": {"consider"},
    "revision-fusion": {"only-in-research"},
    "artificial-disc-replacement": {"do-not-offer"},
}
# What the review found missing: (treatment, position, words the item must name).
NAMED = [
    ("acupuncture", "do-not-offer", "acupuncture"),
    ("physical-therapy", "do-not-offer", "traction"),
    ("physical-therapy", "do-not-offer", "TENS, PENS and interferential"),
    ("physical-therapy", "do-not-offer", "ultrasound"),
    ("physical-therapy", "consider", "manual therapy"),
    ("braces-and-supports", "do-not-offer", "belts or corsets"),
    ("massage", "consider", "massage"),
    ("chiropractic-manipulation", "consider", "manipulation"),
    ("artificial-disc-replacement", "do-not-offer", "disc replacement"),
    ("revision-fusion", "only-in-research", "spinal fusion for low back pain"),
    ("muscle-relaxants", "do-not-offer", "benzodiazepines for sciatica"),
    ("yoga-and-tai-chi", "consider", "mind-body"),
    ("opioids", "do-not-offer", "opioids for chronic low back pain"),
    ("opioids", "do-not-offer", "opioids for chronic sciatica"),
    ("gabapentinoids", "do-not-offer", "for sciatica"),
    ("epidural-steroid-injection", "consider", "acute and severe sciatica"),
]


def test_the_treatments_carry_ng59s_positions(kb):
    found = {t["id"]: {i["position"] for i in t["ng59"]}
             for t in kb.treatments.values() if "ng59" in t}
    assert found == EXPECTED
    for tid, position, words in NAMED:
        items = [i for i in kb.treatments[tid]["ng59"] if i["position"] == position]
        assert any(words in i["covers"] for i in items), (tid, position, words)


def test_an_ng59_position_cites_ng59_and_only_then(kb):
    for t in kb.treatments.values():
        assert ("ng59" in t) == ("nice-ng59" in t["sources"]), t["id"]


def test_prose_agrees_with_the_positions(kb):
    """Where an entry's prose says NICE advises against something, a position says so too;
    no entry still offers what NICE says not to."""
    for t in kb.treatments.values():
        prose = t["indications"] + t["evidence"]["summary"]
        if "NICE advises against" in prose:
            assert any(i["position"] == "do-not-offer" for i in t["ng59"]), t["id"]
    assert "traction" not in kb.treatments["physical-therapy"]["name"]
    assert "Only for severe pain" not in kb.treatments["opioids"]["indications"]


def test_an_unknown_position_is_rejected_by_name(data_copy):
    path = data_copy / "treatments.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["treatments"][0]["ng59"][0]["position"] = "avoid"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    with pytest.raises(ContentError) as info:
        load_knowledge(data_copy)
    assert str(info.value).startswith("treatments.yaml, entry 'patient-education', field "
                                      "'ng59.0.position': 'avoid' is not one of ['recommend'")


def test_the_explorer_and_the_table_show_the_positions_in_words(kb):
    card = treatment_card(kb.treatments["acupuncture"])
    assert "NICE NG59: do not offer</span> - acupuncture for low back pain" in card
    assert "NICE NG59: do not offer)</summary>" in card       # seen without opening the card
    assert "makes no recommendation" in treatment_card(kb.treatments["spinal-cord-stimulation"])
    explorer = TreatmentExplorer(kb)
    assert explorer.result.value.count(NG59_SCOPE) == 1
    table = ng59_table(kb)
    assert table.count("<tr>") == 1 + sum(len(t.get("ng59", ())) for t in kb.treatments.values())
    assert "only in a randomised trial" in table and NG59_SCOPE in table
