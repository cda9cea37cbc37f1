"""The decision engine: on small flows written here, then exhaustively on the course's flow."""
import pytest

from course_lib.decision import (Flow, MissingAnswer, all_paths, flow_problems, mermaid,
                                 path_text, walk, walk_until)


def node(id_, kind="question", answers=()):
    n = {"id": id_, "kind": kind, "title": id_.upper(), "text": f"{id_}?", "rationale": "r",
         "sources": ["s"]}
    if answers:
        n["answers"] = [{"label": label, "next": nxt} for label, nxt in answers]
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
        assert walk(kb.flow, {s.node.id: s.answer for s in p[:-1]}) == p


def test_red_flags_come_first_and_end_urgently(kb):
    start = kb.flow.nodes[kb.flow.start]
    assert start.id == "red-flags"
    urgent = [kb.flow.nodes[a.next] for a in start.answers if a.label != "No red flag"]
    assert len(urgent) == 2 and all(n.kind == "recommendation" and n.urgent for n in urgent)
    for p in all_paths(kb.flow):               # no path reaches an urgent end any other way
        assert p[-1].node.urgent == (p[0].answer != "No red flag")


def test_stimulation_only_after_the_nice_criteria_and_a_trial(kb):
    for p in all_paths(kb.flow):
        if p[-1].node.id == "rec-scs":
            taken = {s.node.id: s.answer for s in p}
            assert taken["scs-criteria"].startswith("Yes") and taken["scs-trial"] == "Yes"
            assert "conservative-tried" in taken and "interventional-tried" in taken


def test_every_node_cites_a_known_source(kb):
    for n in kb.flow.nodes.values():
        assert n.rationale and all(s in kb.references for s in n.sources)
