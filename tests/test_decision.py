"""The decision engine: on small flows written here, then exhaustively on the course's flow."""
import pytest

from course_lib.decision import (Flow, MissingAnswer, all_paths, answers_of, flow_problems,
                                 mermaid, path_text, walk, walk_until)
from course_lib.decision_widgets import FlowStepper


def node(id_, kind="question", answers=(), then=None):
    n = {"id": id_, "kind": kind, "title": id_.upper(), "text": f"{id_}?", "rationale": "r",
         "certainty": "c", "sources": ["s"]}
    if answers:
        n["answers"] = [{"label": label, "next": nxt} for label, nxt in answers]
    if then:
        n["then"] = {"when": "Later", "next": then}
    return n


SMALL = Flow.from_doc({"start": "a", "nodes": [
    node("a", answers=[("Yes: go", "end1"), ("No", "b")]),
    node("b", answers=[("Yes", "end1"), ("No", "end2")]),
    node("end1", "recommendation"), node("end2", "recommendation")]})


def test_walk_follows_the_answers_to_a_recommendation():
    path = walk(SMALL, {"a": "No", "b": "No"})
    assert [(s.node.id, s.answer) for s in path] == [("a", "No"), ("b", "No"), ("end2", None)]
    assert path_text(path) == "1. A → No\n2. B → No\n3. END2"


def test_walk_stops_at_an_unanswered_question():
    assert [s.node.id for s in walk_until(SMALL, {"a": "No"})] == ["a", "b"]
    with pytest.raises(MissingAnswer, match="'b'"):
        walk(SMALL, {"a": "No"})


def test_an_unknown_answer_names_the_valid_ones():
    with pytest.raises(ValueError, match="the answers are: Yes: go; No"):
        walk(SMALL, {"a": "Maybe"})


def test_all_paths_of_a_small_flow():
    paths = [[s.node.id for s in p] for p in all_paths(SMALL)]
    assert paths == [["a", "end1"], ["a", "b", "end1"], ["a", "b", "end2"]]
    assert flow_problems(SMALL) == []


def test_problems_found_in_broken_flows():
    cycle = Flow.from_doc({"start": "a", "nodes": [
        node("a", answers=[("x", "b"), ("y", "end")]), node("b", answers=[("x", "a"), ("y", "end")]),
        node("end", "recommendation")]})
    assert flow_problems(cycle) == ["the flow has a cycle: a → b → a"]
    orphan = Flow.from_doc({"start": "a", "nodes": [
        node("a", answers=[("x", "end"), ("y", "end")]), node("end", "recommendation"),
        node("lost", "recommendation")]})
    assert flow_problems(orphan) == ["'lost' cannot be reached from the start"]
    dangling = Flow.from_doc({"start": "a", "nodes": [
        node("a", answers=[("x", "end"), ("y", "nowhere")]), node("end", "recommendation")]})
    assert flow_problems(dangling) == ["'a' leads to unknown node 'nowhere'"]


# A recommendation with a follow-up: offer a trial, then its result decides.
TRIAL = Flow.from_doc({"start": "a", "nodes": [
    node("a", answers=[("Yes", "offer"), ("No", "none")]),
    node("offer", "recommendation", then="result"),
    node("result", answers=[("Yes", "implant"), ("No", "none")]),
    node("implant", "recommendation"), node("none", "recommendation")]})


def test_a_recommendation_ends_the_walk_until_its_follow_up_is_answered():
    assert [s.node.id for s in walk(TRIAL, {"a": "Yes"})] == ["a", "offer"]
    path = walk(TRIAL, {"a": "Yes", "result": "Yes"})
    assert [(s.node.id, s.answer) for s in path] == [
        ("a", "Yes"), ("offer", None), ("result", "Yes"), ("implant", None)]
    assert path_text(path).splitlines()[1] == "2. OFFER → then: Later"
    assert answers_of(path) == {"a": "Yes", "result": "Yes"}


def test_all_paths_end_at_and_go_through_a_follow_up():
    paths = [[s.node.id for s in p] for p in all_paths(TRIAL)]
    assert paths == [["a", "offer"], ["a", "offer", "result", "implant"],
                     ["a", "offer", "result", "none"], ["a", "none"]]
    assert flow_problems(TRIAL) == []


def test_problems_with_follow_ups():
    loop = Flow.from_doc({"start": "a", "nodes": [
        node("a", answers=[("x", "offer"), ("y", "end")]), node("offer", "recommendation", then="a"),
        node("end", "recommendation")]})
    assert flow_problems(loop) == ["the flow has a cycle: a → offer → a"]
    to_rec = Flow.from_doc({"start": "a", "nodes": [
        node("a", answers=[("x", "offer"), ("y", "end")]),
        node("offer", "recommendation", then="end"), node("end", "recommendation")]})
    assert flow_problems(to_rec) == ["the follow-up of 'offer' is 'end', which is not a question"]
    lost = Flow.from_doc({"start": "a", "nodes": [
        node("a", answers=[("x", "offer"), ("y", "end")]),
        node("offer", "recommendation", then="nowhere"), node("end", "recommendation")]})
    assert flow_problems(lost) == ["'offer' leads to unknown node 'nowhere'"]


def test_mermaid_draws_a_follow_up_dotted_and_bold_when_taken():
    text = mermaid(TRIAL, walk(TRIAL, {"a": "Yes", "result": "No"}))
    assert 'n1 -.->|"then"| n2' in text
    assert "linkStyle 0,2,4 stroke" in text    # a→offer, offer→result, result→none


def test_mermaid_marks_the_path_taken():
    text = mermaid(SMALL, walk(SMALL, {"a": "No", "b": "Yes"}))
    assert text.splitlines()[0] == "flowchart TD"
    assert 'n0{{"✔ A"}}' in text and 'n3["END2"]' in text and 'n2["✔ END1"]' in text
    assert 'n0 -->|"Yes"| n2' in text          # the label is cut at its colon
    assert "class n0 taken" in text and "class n3 taken" not in text
    assert "linkStyle 1,2 stroke" in text      # a→b (link 1) and b→end1 (link 2)


# ------------------------------------------------------------------ the course's own flow

def test_every_path_of_the_course_flow_ends_in_a_recommendation(kb):
    paths = list(all_paths(kb.flow))
    assert flow_problems(kb.flow) == []
    assert all(p[-1].node.kind == "recommendation" for p in paths)
    assert {p[-1].node.id for p in paths} == {n.id for n in kb.flow.recommendations}
    for p in paths:                            # walking a path's own answers retraces it
        assert walk(kb.flow, answers_of(p)) == p


def test_red_flags_come_first_and_lead_to_urgent_care(kb):
    start = kb.flow.nodes[kb.flow.start]
    assert start.id == "red-flags"
    urgent = [kb.flow.nodes[a.next] for a in start.answers if a.label != "No red flag"]
    assert len(urgent) == 3 and all(n.kind == "recommendation" and n.urgent for n in urgent)
    for p in all_paths(kb.flow):     # a red flag goes to urgent care first, and only a red flag does
        assert p[1].node.urgent == (p[0].answer != "No red flag")
        assert not any(s.node.urgent for s in p[2:])


def test_urgent_care_leads_on_so_a_worsening_deficit_can_reach_revision(kb):
    """The revision answer for a worsening deficit is reached after the urgent step, not by
    missing the red flag."""
    for rec in ("rec-urgent", "rec-cancer-fracture"):
        assert kb.flow.nodes[rec].then is not None
    deficit = "Not needed: a deficit is getting worse"
    taken = [{s.node.id: s.answer for s in p} for p in all_paths(kb.flow)
             if p[-1].node.id == "rec-revision"
             and ("revision-conservative", deficit) in {(s.node.id, s.answer) for s in p}]
    assert any("rec-urgent" in t for t in taken)


def test_cancer_is_imaged_within_nice_ng234_times(kb):
    node = kb.flow.nodes["rec-cancer-fracture"]
    assert "within 24 hours" in node.text and "within 1 week" in node.text
    assert "nice-ng234" in node.sources


def ends(kb, end):
    """Every path of the course's flow that ends at `end`, as {node id: answer taken}."""
    found = [{s.node.id: s.answer for s in p} for p in all_paths(kb.flow) if p[-1].node.id == end]
    assert found, f"no path ends at {end}"
    return found


def test_stimulation_only_after_a_trial_offered_and_passed(kb):
    for taken in ends(kb, "rec-scs"):
        assert "rec-scs-trial" in taken and taken["scs-trial"] == "Yes"
        assert "conservative-tried" in taken and "interventional-tried" in taken
        leg = taken["pain-site"].startswith("Mainly in the leg")
        assert (taken.get("scs-criteria", "") if leg else taken["back-stimulation"]).startswith("Yes")


def test_the_trial_offer_is_a_recommendation_whose_result_decides(kb):
    offer = kb.flow.nodes["rec-scs-trial"]
    assert offer.kind == "recommendation" and offer.then.next == "scs-trial"
    result = kb.flow.nodes["scs-trial"]
    assert {a.next for a in result.answers} == {"rec-scs", "intrathecal-considered"}
    routes = {t["pain-site"].split(":")[0] for t in ends(kb, "rec-scs-trial")}
    assert routes == {"Mainly in the legs", "Mainly in the back"}


def test_revision_needs_all_four_conditions(kb):
    for taken in ends(kb, "rec-revision"):
        assert taken["generator"].startswith("Yes") and taken["correctable"].startswith("Yes")
        assert (taken["revision-conservative"].startswith(("Yes", "Not needed"))
                or "rec-conservative-first" in taken)     # reconsidered after that course
        assert taken["fit-for-surgery"] == "Yes" and taken["informed-choice"].startswith("Yes")
    for p in all_paths(kb.flow):                # each "no" turns away from revision
        taken = {s.node.id: s.answer for s in p}
        if any(taken.get(q, "").startswith("No") for q in
               ("correctable", "fit-for-surgery", "informed-choice")):
            assert "rec-revision" not in taken


def test_a_correctable_lesion_without_conservative_care_says_so(kb):
    for p in all_paths(kb.flow):
        ids = [s.node.id for s in p]
        if ("revision-conservative", "Not yet") in {(s.node.id, s.answer) for s in p}:
            assert ids[ids.index("revision-conservative") + 1] == "rec-conservative-first"
    first = kb.flow.nodes["rec-conservative-first"]
    assert first.then.next == "fit-for-surgery" and "reconsider" in first.text


def test_an_incomplete_work_up_leads_to_the_tests_that_answer_it(kb):
    for taken in ends(kb, "rec-investigate"):
        assert taken["generator"].startswith("Not yet known")
    text = kb.flow.nodes["rec-investigate"].text
    for test in ("gadolinium", "flexion-extension", "CT for a fusion", "CRP", "ESR"):
        assert test in text


def test_psychosocial_factors_bring_psychologically_informed_care(kb):
    for p in all_paths(kb.flow):
        taken = {s.node.id: s.answer for s in p}
        if taken.get("psychosocial", "").startswith("Yes"):
            assert "rec-psychological" in taken
    care = kb.flow.nodes["rec-psychological"]
    assert "operation" in care.text and {"celestin-2009", "nice-ng59"} <= set(care.sources)


def test_back_pain_evidence_names_its_funders_and_the_cochrane_review(kb):
    node = kb.flow.nodes["back-stimulation"]
    assert {"kapural-2015", "kapural-2016", "rigoard-2019", "traeger-2023"} <= set(node.sources)
    for word in ("Nevro", "Medtronic", "Cochrane", "SENZA-RCT", "PROMISE"):
        assert word in node.rationale
    assert "blinded" in node.certainty


def test_conservative_care_follows_nice_ng59_on_drugs(kb):
    node = kb.flow.nodes["rec-conservative"]
    assert "nice-ng59" in node.sources
    assert not {"opioids", "gabapentinoids", "antidepressants"} & set(node.treatments)
    assert "against opioids for chronic low back pain" in node.text
    assert "against gabapentinoids" in node.text and "sciatica" in node.text


def test_every_step_says_how_sure_we_are_and_refers_to_facts_taught_elsewhere(kb):
    for n in kb.flow.nodes.values():
        assert n.certainty and len(n.rationale) < 700, n.id
        assert "66" not in n.rationale + n.certainty, n.id     # the registry: notebook 02
    assert "notebook 02" in kb.flow.nodes["rec-revision"].rationale


def test_the_stepper_asks_a_recommendations_follow_up(kb):
    stepper = FlowStepper(kb, answers={
        "red-flags": "No red flag", "psychosocial": "No: none is prominent",
        "generator": "No: no clear structural cause, or findings that do not match",
        "conservative-tried": "Yes, and pain still limits life",
        "interventional-tried": "Yes, without lasting relief",
        "pain-site": "Mainly in the legs: neuropathic pain (burning, shooting), along a root or more widely",
        "scs-criteria": "Yes: all criteria hold"})
    assert stepper.path()[-1].node.id == "rec-scs-trial"
    assert [b.description for b in stepper.choices.children] == ["Yes", "No"]
    assert "When the trial is over" in stepper.history.value
    assert "How sure are we" in stepper.history.value
    stepper.choices.children[0].click()
    assert stepper.path()[-1].node.id == "rec-scs" and stepper.choices.children == ()
    stepper.back.click()                       # back to the offer, its question asked again
    assert stepper.path()[-1].node.id == "rec-scs-trial" and len(stepper.choices.children) == 2
    stepper.back.click()
    assert stepper.path()[-1].node.id == "scs-criteria"


def test_every_node_cites_a_known_source(kb):
    for n in kb.flow.nodes.values():
        assert n.rationale and all(s in kb.references for s in n.sources)
