"""Triage, the Oswestry Disability Index and pain relief (figures checked by hand)."""
import pytest

from course_lib.diagnosis import (odi_answers, odi_band, odi_score, pain_relief,
                                  relief_category, triage, triage_queue)


def test_odi_full_and_empty_scores():
    assert odi_score([5] * 10) == 100
    assert odi_score([0] * 10) == 0


def test_a_skipped_section_leaves_the_denominator_not_scores_zero():
    # The fact sheet's worked example: 16 points over 9 answered sections = 16/45 = 35.6%.
    answers = [2, 2, 2, 2, 2, 2, 2, 2, 0, None]
    assert odi_score(answers) == pytest.approx(35.56, abs=0.01)
    assert odi_score([2] * 9 + [None]) == pytest.approx(40.0)   # not 18/50 = 36%


@pytest.mark.parametrize("bad", [[6] + [0] * 9, [-1] + [0] * 9, [2.5] + [0] * 9])
def test_odi_rejects_points_outside_0_to_5(bad):
    with pytest.raises(ValueError, match="0 to 5"):
        odi_score(bad)


def test_odi_needs_an_answered_section():
    with pytest.raises(ValueError, match="no section answered"):
        odi_score([None] * 10)


@pytest.mark.parametrize("score, label", [(0, "Minimal"), (20, "Minimal"), (20.5, "Moderate"),
                                          (35.6, "Moderate"), (45, "Severe"), (60, "Severe"),
                                          (61, "Crippled"), (100, "Bed")])
def test_odi_bands(kb, score, label):
    assert odi_band(kb, score)["label"].startswith(label)


def test_odi_answers_in_section_order(kb):
    answers = odi_answers(kb, {"walking": 3, "pain-intensity": 1})
    assert len(answers) == 10 and answers[0] == 1 and answers[3] == 3
    assert answers.count(None) == 8
    with pytest.raises(ValueError, match="unknown ODI section"):
        odi_answers(kb, {"jogging": 2})


@pytest.mark.parametrize("before, after, percent, label", [
    (8, 4, 50, "Substantial"), (10, 7, 30, "Moderate"), (7, 5, 28.6, "Minimal"),
    (10, 10, 0, None), (5, 6, -20, None)])
def test_pain_relief_and_its_thresholds(kb, before, after, percent, label):
    relief = pain_relief(before, after)
    assert relief == pytest.approx(percent, abs=0.05)
    category = relief_category(kb, relief)
    assert (category["label"] if category else None) == label


def test_pain_relief_needs_pain_to_start_with():
    with pytest.raises(ValueError):
        pain_relief(0, 0)


def test_triage_takes_the_most_urgent_flag(kb):
    assert triage(kb, []).level == "routine"
    assert triage(kb, ["infection"]).level == "urgent"
    both = triage(kb, ["infection", "cauda-equina"])
    assert both.level == "emergency" and both.flags[0]["id"] == "cauda-equina"
    # fever with a worsening deficit: a possible abscess, worse than either flag alone
    assert triage(kb, ["infection", "progressive-deficit"]).level == "emergency"
    assert triage(kb, ["progressive-deficit"]).level == "urgent"
    with pytest.raises(ValueError, match="unknown red flag"):
        triage(kb, ["headache"])


def test_the_queue_puts_urgent_first_and_keeps_arrival_order(kb):
    patients = [{"summary": "a", "flags": []}, {"summary": "b", "flags": ["infection"]},
                {"summary": "c", "flags": []}, {"summary": "d", "flags": ["cauda-equina"]},
                {"summary": "e", "flags": ["cancer"]}]
    order = [p["summary"] for p, _ in triage_queue(kb, patients)]
    assert order == ["d", "b", "e", "a", "c"]


def test_the_sample_waiting_room_is_not_already_in_order(kb):
    patients = kb.diagnosis["triage_patients"]
    assert [p["id"] for p, _ in triage_queue(kb, patients)] != [p["id"] for p in patients]


def test_a_haematoma_after_surgery_with_a_new_deficit_is_an_emergency(kb):
    # causes.yaml ties the cause to its red flags; the flag alone makes it an emergency
    flags = kb.causes["epidural-haematoma"]["red_flags"]
    assert "epidural-haematoma" in flags
    assert triage(kb, ["epidural-haematoma"]).level == "emergency"
    assert triage(kb, ["epidural-haematoma", "infection"]).flags[0]["id"] == "epidural-haematoma"


def test_every_cause_that_raises_a_red_flag_names_a_real_one(kb):
    raising = [c for c in kb.causes.values() if c.get("red_flags")]
    assert {"epidural-haematoma", "late-implant-infection", "csf-leak",
            "proximal-junctional-failure"} <= {c["id"] for c in raising}
    for cause in raising:
        assert triage(kb, cause["red_flags"]).level in ("emergency", "urgent"), cause["id"]


def test_the_mimics_table_shows_each_mimic_with_what_tells_it_apart(kb):
    from course_lib.diagnosis_widgets import mimics_table
    html = mimics_table(kb)
    mimics = kb.diagnosis["mimics"]
    assert {m["id"] for m in mimics} >= {"hip-osteoarthritis", "vascular-claudication",
                                         "peripheral-neuropathy"}
    for m in mimics:
        assert m["name"] in html and m["tell_apart"][0].split(";")[0] in html
