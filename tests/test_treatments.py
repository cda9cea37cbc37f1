"""Treatment filters, trial results and the number needed to treat."""
import pytest

from course_lib.knowledge import DATA_DIR
from course_lib.schema import EVIDENCE_LEVELS, EVIDENCE_RULE
from course_lib.treatments import filter_treatments, number_needed_to_treat, results


def test_filters_narrow_and_sort(kb):
    everything = filter_treatments(kb)
    assert len(everything) == len(kb.treatments)
    assert [t["invasiveness"] for t in everything if t["group"] == "self-care"][0] == 0
    needles = filter_treatments(kb, max_invasiveness=1)
    assert needles and all(t["invasiveness"] <= 1 for t in needles)
    strong = filter_treatments(kb, min_evidence="moderate")
    assert strong and all(EVIDENCE_LEVELS.index(t["evidence"]["level"]) <= 1 for t in strong)
    assert all(t["group"] == "surgery" for t in filter_treatments(kb, group="surgery"))


def test_claims_are_shown_only_when_asked_for(kb):
    claims = [t["id"] for t in kb.treatments.values() if t["evidence"]["level"] == "claim"]
    assert "platelet-and-orthobiologic-injections" in claims
    assert not set(claims) & {t["id"] for t in filter_treatments(kb, min_evidence="insufficient")}


def test_number_needed_to_treat():
    # PROCESS at 6 months, checked by hand: 1 / (0.48 - 0.09) = 2.56.
    assert number_needed_to_treat(48, 9) == pytest.approx(2.564, abs=0.001)
    with pytest.raises(ValueError, match="no NNT"):
        number_needed_to_treat(20, 30)


def test_the_key_trials_hold_the_fact_sheet_figures(kb):
    """Figures typed from the fact sheet (section 7), compared with the knowledge base."""
    def value(trial, outcome, arm, months):
        return next(r["value"] for r in results(kb.trials[trial], outcome)[arm]
                    if r["months"] == months)
    assert [value("process", "relief-50", a, 6) for a in ("scs", "cmm")] == [48, 9]
    assert [value("process", "relief-50", a, 12) for a in ("scs", "cmm")] == [34, 7]
    north = results(kb.trials["north-2005"], "success")
    assert [(r["count"], r["of"]) for rs in north.values() for r in rs] == [(9, 19), (3, 26)]
    brox = results(kb.trials["brox-2006"], "odi")
    assert [[r["value"] for r in rs] for rs in brox.values()] in ([[47, 38], [45, 32]],
                                                                 [[45, 32], [47, 38]])


def test_one_written_rule_sets_every_level(kb):
    """The rule is written once in the schema and repeated in the data file's header; each
    summary opens by naming its level; the ratings the clinical review questioned follow it."""
    header = (DATA_DIR / "treatments.yaml").read_text().split("\ntreatments:", 1)[0]
    for level, text in EVIDENCE_RULE.items():
        assert f"#   {level}: {text}" in header
    opening = {"claim": "A claim"}
    for t in kb.treatments.values():
        level = t["evidence"]["level"]
        assert t["evidence"]["summary"].startswith(opening.get(level, level.capitalize())), t["id"]
    levels = {t["id"]: t["evidence"]["level"] for t in kb.treatments.values()}
    assert levels["spinal-cord-stimulation"] == "moderate"      # small, unblinded, crossover
    assert levels["adhesiolysis-and-epiduroscopy"] == "weak"     # one group, active control
    assert levels["yoga-and-tai-chi"] != "claim"                 # NG59's group exercise
    assert "strong" not in levels.values()


def test_the_treatment_entries_carry_the_clinical_corrections(kb):
    redo = kb.treatments["revision-discectomy"]
    assert "radiologykey-recurrent" not in redo["sources"]
    assert "about as well" not in redo["indications"] + redo["evidence"]["summary"]
    assert {"drazin-2016", "norwegian-registry-2023"} <= set(redo["sources"])
    infection = kb.treatments["infection-surgery-and-antibiotics"]
    assert "blood cultures" in infection["indications"] and "berbari-2015" in infection["sources"]
    opioids = kb.treatments["opioids"]["indications"]
    assert all(w in opioids for w in ("taper", "naloxone", "abruptly", "opioid use disorder"))
