"""Cross-reference checks of the knowledge base, run after the schemas pass.

Ids are unique within each collection; every source id, objective, notebook, finding,
vertebra, treatment, cause, test, red flag and flow node that an entry names exists; the
decision flow has no cycle and every path ends in a recommendation; each case's answers lead
through the flow to its next step.
"""
from __future__ import annotations

from typing import Any, Iterable

from .decision import Flow, MissingAnswer, flow_problems, walk
from .errors import ContentError

# (file, list key) pairs whose entries carry unique ids.
_COLLECTIONS = [
    ("references.yaml", ("references",)), ("glossary.yaml", ("terms",)),
    ("course.yaml", ("notebooks",)), ("questions.yaml", ("questions",)),
    ("causes.yaml", ("causes",)), ("treatments.yaml", ("treatments",)),
    ("cases.yaml", ("cases",)), ("trials.yaml", ("trials",)), ("decision_flow.yaml", ("nodes",)),
    *[("operations.yaml", (k,)) for k in ("operations", "selection", "risk_factors")],
    ("instruments.yaml", ("instruments",)),
    *[("opioids.yaml", (k,)) for k in ("drugs", "cautions", "thresholds", "tapers", "taper_rules")],
    *[("diagnosis.yaml", (k,)) for k in ("symptoms", "red_flags", "triage_patients", "tests",
                                        "mimics")],
    *[("anatomy.yaml", (k,)) for k in ("regions", "structures", "roots", "disc_levels",
                                       "herniation_zones")],
    *[("anatomy.yaml", ("findings", k)) for k in ("sensory", "movements", "reflexes")],
    *[("imaging.yaml", ("mri", k)) for k in ("sequences", "timings", "findings")],
    *[("imaging.yaml", ("ct", k)) for k in ("findings", "reconstructions")],
    ("imaging.yaml", ("flexion_extension", "cases")), ("imaging.yaml", ("metal", "methods")),
    ("imaging.yaml", ("figures",)),
]


def _items(docs: dict, file: str, keys: tuple[str, ...]) -> list[dict]:
    node: Any = docs.get(file, {})
    for k in keys:
        node = node.get(k, []) if isinstance(node, dict) else []
    return node


def _ids(docs, file, *keys) -> set[str]:
    return {e["id"] for e in _items(docs, file, keys)}


def _require(file, entry, field_, values: Iterable[str], known: set[str], what: str):
    for value in [values] if isinstance(values, str) else values:
        if value not in known:
            raise ContentError(file, entry, field_, f"'{value}' is not a known {what}")


def _walk_sources(file: str, node: Any, entry: str | None, path: str, refs: set[str]):
    """Check every 'sources' list anywhere in a document."""
    if isinstance(node, dict):
        entry = node.get("id", entry)
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if key == "sources" or key.endswith("_sources"):
                _require(file, entry, where if entry is None else key, value, refs,
                         "reference id (see references.yaml)")
            else:
                _walk_sources(file, value, entry, where, refs)
    elif isinstance(node, list):
        for item in node:
            _walk_sources(file, item, entry, path, refs)


def _check_unique(docs):
    for file, keys in _COLLECTIONS:
        seen = set()
        for e in _items(docs, file, keys):
            if e["id"] in seen:
                raise ContentError(file, e["id"], "id", "the same id is used twice")
            seen.add(e["id"])
    objective_ids: set[str] = set()
    for nb in _items(docs, "course.yaml", ("notebooks",)):
        for o in nb["objectives"]:
            if o["id"] in objective_ids:
                raise ContentError("course.yaml", nb["id"], "objectives", f"objective id "
                                   f"'{o['id']}' is used twice")
            objective_ids.add(o["id"])


def _check_course_test(f, q, notebooks, tested):
    """A pre-test question sits in the first notebook, a post-test question in the last, and
    each tests an objective of any notebook; `tested` gathers the objectives of each test."""
    where = notebooks[0] if q["course_test"] == "pre" else notebooks[-1]
    if q["notebook"] != where:
        raise ContentError(f, q["id"], "notebook", f"a {q['course_test']}-test question "
                           f"belongs to notebook '{where}', not '{q['notebook']}'")
    tested[q["course_test"]].append(q["objective"])


def _check_questions(docs):
    owner = {o["id"]: nb["id"] for nb in _items(docs, "course.yaml", ("notebooks",))
             for o in nb["objectives"]}
    notebooks = [nb["id"] for nb in _items(docs, "course.yaml", ("notebooks",))]
    tested = {"pre": [], "post": []}
    for q in _items(docs, "questions.yaml", ("questions",)):
        f, i = "questions.yaml", q["id"]
        _require(f, i, "notebook", q["notebook"], _ids(docs, "course.yaml", "notebooks"),
                 "notebook id (see course.yaml)")
        _require(f, i, "objective", q["objective"], set(owner), "objective id (see course.yaml)")
        if q.get("course_test"):
            _check_course_test(f, q, notebooks, tested)
        elif owner[q["objective"]] != q["notebook"]:
            raise ContentError(f, i, "objective", f"'{q['objective']}' belongs to notebook "
                               f"'{owner[q['objective']]}', not '{q['notebook']}'")
        correct = [a for a in q.get("answers", []) if a["correct"]]
        if q["type"] == "multiple_choice" and len(correct) != 1:
            raise ContentError(f, i, "answers", "a multiple_choice question needs exactly one "
                               f"correct answer, found {len(correct)}")
        if q["type"] in ("many_choice", "numeric") and not correct:
            raise ContentError(f, i, "answers", "needs at least one correct answer")
        for a in q.get("answers", []):
            if a.get("type") == "range" and a["range"][0] > a["range"][1]:
                raise ContentError(f, i, "answers.range", f"range {a['range']} runs backwards")
        lefts = [p["left"] for p in q.get("pairs", [])]
        if len(set(lefts)) != len(lefts):
            raise ContentError(f, i, "pairs", "a left-hand item appears twice")
    if sorted(tested["pre"]) != sorted(tested["post"]):
        raise ContentError("questions.yaml", "course_test", "objective", "the pre-test and the "
                           f"post-test must test the same objectives, one question each: pre "
                           f"{sorted(tested['pre'])}, post {sorted(tested['post'])}")


def _check_anatomy(docs):
    f = "anatomy.yaml"
    vertebrae = {f"{r['prefix']}{n}" for r in _items(docs, f, ("regions",))
                 for n in range(1, r["vertebrae"] + 1)}
    findings = {k: _ids(docs, f, "findings", k) for k in ("sensory", "movements", "reflexes")}
    for root in _items(docs, f, ("roots",)):
        _require(f, root["id"], "id", root["id"], vertebrae, "spinal level")
        _require(f, root["id"], "sensory", root["sensory"], findings["sensory"], "sensory finding")
        _require(f, root["id"], "movements", root["movements"], findings["movements"],
                 "movement finding")
        _require(f, root["id"], "reflexes", root["reflexes"], findings["reflexes"], "reflex")
    for level in _items(docs, f, ("disc_levels",)):
        _require(f, level["id"], "upper", level["upper"], vertebrae, "vertebra")
        _require(f, level["id"], "lower", level["lower"], vertebrae, "vertebra")
    _require(f, "cord", "conus_level", docs[f]["cord"]["conus_level"],
             _ids(docs, f, "disc_levels") | vertebrae, "vertebra or disc level")


def _check_modules(docs):
    treatments = _ids(docs, "treatments.yaml", "treatments")
    for c in _items(docs, "causes.yaml", ("causes",)):
        _require("causes.yaml", c["id"], "treatments", c.get("treatments", []), treatments,
                 "treatment id (see treatments.yaml)")
    terms = _ids(docs, "glossary.yaml", "terms")
    for t in _items(docs, "glossary.yaml", ("terms",)):
        _require("glossary.yaml", t["id"], "see_also", t.get("see_also", []), terms,
                 "glossary term id")


def _check_operations(docs):
    """Each operation's NG59 position comes from a treatment that has one; a fusion adds
    something that holds or bridges the level."""
    f = "operations.yaml"
    with_ng59 = {t["id"] for t in _items(docs, "treatments.yaml", ("treatments",)) if "ng59" in t}
    for op in _items(docs, f, ("operations",)):
        if "ng59_from" in op:
            _require(f, op["id"], "ng59_from", op["ng59_from"], with_ng59,
                     "treatment with an ng59 field (see treatments.yaml)")
        if op["fused"] and not op["adds"]:
            raise ContentError(f, op["id"], "adds", "a fused level needs a graft, cage or screws")


def _ascending(file, entry, values, what):
    if list(values) != sorted(values) or len(set(values)) != len(values):
        raise ContentError(file, entry, what, f"must rise strictly, found {list(values)}")


def _check_diagnosis(docs):
    f, causes = "diagnosis.yaml", _ids(docs, "causes.yaml", "causes")
    if f not in docs:
        return
    for s in _items(docs, f, ("symptoms",)):
        _require(f, s["id"], "suggests", s["suggests"], causes, "cause id (see causes.yaml)")
    for t in _items(docs, f, ("tests",)):
        _require(f, t["id"], "causes", t.get("causes", []), causes, "cause id (see causes.yaml)")
    flags = _ids(docs, f, "red_flags")
    for c in _items(docs, "causes.yaml", ("causes",)):
        _require("causes.yaml", c["id"], "red_flags", c.get("red_flags", []), flags,
                 "red flag id (see diagnosis.yaml)")
    for flag in _items(docs, f, ("red_flags",)):
        _require(f, flag["id"], "emergency_with", flag.get("emergency_with", []), flags,
                 "red flag id")
    for p in _items(docs, f, ("triage_patients",)):
        _require(f, p["id"], "flags", p["flags"], flags, "red flag id")
    bands = [b["up_to"] for b in docs[f]["odi"]["bands"]]
    _ascending(f, "odi", bands, "bands.up_to")
    if bands[-1] != 100:
        raise ContentError(f, "odi", "bands.up_to", "the last band must end at 100")
    _ascending(f, "pain_relief", [t["at_least"] for t in docs[f]["pain_relief"]["thresholds"]],
               "thresholds.at_least")


def _check_trials(docs):
    for t in _items(docs, "trials.yaml", ("trials",)):
        arms, outcomes = {a["id"] for a in t["arms"]}, {o["id"] for o in t["outcomes"]}
        for r in t["results"]:
            _require("trials.yaml", t["id"], "results.arm", r["arm"], arms, "arm of this trial")
            _require("trials.yaml", t["id"], "results.outcome", r["outcome"], outcomes,
                     "outcome of this trial")
            if "count" in r and r["count"] > r.get("of", r["count"]):
                raise ContentError("trials.yaml", t["id"], "results.count",
                                   f"{r['count']} of {r['of']} is more than all")


def _check_flow_and_cases(docs):
    f = "decision_flow.yaml"
    if f not in docs:
        return
    flow = Flow.from_doc(docs[f])
    problems = flow_problems(flow)
    if problems:
        raise ContentError(f, None, "nodes", problems[0])
    treatments = _ids(docs, "treatments.yaml", "treatments")
    for node in flow.nodes.values():
        _require(f, node.id, "treatments", node.treatments, treatments,
                 "treatment id (see treatments.yaml)")
    tests = _ids(docs, "diagnosis.yaml", "tests")
    causes = _ids(docs, "causes.yaml", "causes")
    for c in _items(docs, "cases.yaml", ("cases",)):
        file, i = "cases.yaml", c["id"]
        _require(file, i, "cause_choices", c["cause_choices"], causes, "cause id (see causes.yaml)")
        _require(file, i, "cause", c["cause"], set(c["cause_choices"]), "one of cause_choices")
        _require(file, i, "test_choices", c["test_choices"], tests, "test id (see diagnosis.yaml)")
        _require(file, i, "tests", c["tests"], set(c["test_choices"]), "one of test_choices")
        _require(file, i, "next_step", c["next_step"], {n.id for n in flow.recommendations},
                 "recommendation of the decision flow")
        _require(file, i, "flow_answers", c["flow_answers"], set(flow.nodes), "flow node id")
        try:
            path = walk(flow, c["flow_answers"])
        except (MissingAnswer, ValueError) as exc:
            raise ContentError(file, i, "flow_answers", str(exc)) from None
        off_path = set(c["flow_answers"]) - {s.node.id for s in path}
        if off_path:
            raise ContentError(file, i, "flow_answers", "answers questions off the case's path: "
                               + ", ".join(sorted(off_path)))
        end = path[-1].node.id
        if end != c["next_step"]:
            raise ContentError(file, i, "next_step", f"the flow_answers lead to '{end}', "
                               f"not '{c['next_step']}'")


# What each kind of drawn figure names: (field, list in imaging.yaml it must come from).
_FIGURE_CHOICES = {
    "mri": [("sequence", ("mri", "sequences")), ("timing", ("mri", "timings")),
            ("finding", ("mri", "findings"))],
    "ct": [("finding", ("ct", "findings")), ("reconstruction", ("ct", "reconstructions"))],
    "flexion_extension": [("case", ("flexion_extension", "cases"))],
    "metal": [("method", ("metal", "methods"))],
}


def _check_imaging(docs):
    f = "imaging.yaml"
    figures = _ids(docs, f, "figures")
    for q in _items(docs, "questions.yaml", ("questions",)):
        if "image" in q:
            _require("questions.yaml", q["id"], "image", q["image"], figures,
                     "figure id (see imaging.yaml figures)")
    if f not in docs:
        return
    sequences = _ids(docs, f, "mri", "sequences")
    changes = docs[f]["mri"]["early_changes"]
    for item, signals in [*((m["id"], m) for m in _items(docs, f, ("mri", "findings"))),
                          ("early_changes", {"core": changes["mass"], "rim": changes["mass_rim"]})]:
        for key in ("core", "rim"):
            _require(f, item, key, signals.get(key, {}), sequences, "MRI sequence id")
        missing = sequences - set(signals["core"])
        if missing:
            raise ContentError(f, item, "core", "gives no signal for sequence "
                               + ", ".join(sorted(missing)))
    for figure in _items(docs, f, ("figures",)):
        for field_, keys in _FIGURE_CHOICES[figure["study"]]:
            if field_ not in figure:
                raise ContentError(f, figure["id"], field_, f"is required for a {figure['study']} "
                                   "figure but missing")
            _require(f, figure["id"], field_, figure[field_], _ids(docs, f, *keys),
                     f"{field_} id (see imaging.yaml {'.'.join(keys)})")
def _check_opioids(docs):
    f, doc = "opioids.yaml", docs.get("opioids.yaml")
    if not doc:
        return
    _ascending(f, None, [t["at_least"] for t in doc["thresholds"]], "thresholds.at_least")
    for d in doc["drugs"]:
        if ("factor" in d) == ("no_factor" in d):
            raise ContentError(f, d["id"], "factor", "give either a factor or, for a drug the "
                               "guideline leaves out, no_factor with the reason (not both)")


def _check_instruments(docs):
    f = "instruments.yaml"
    for t in _items(docs, f, ("instruments",)):
        _ascending(f, t["id"], [b["up_to"] for b in t["bands"]], "bands.up_to")
        if t["bands"][-1]["up_to"] != t["range"][1]:
            raise ContentError(f, t["id"], "bands", f"the last band must end at the top of the "
                               f"range, {t['range'][1]}")
        if t["reproduce"] and "points" not in t:
            raise ContentError(f, t["id"], "points", "a reproduced tool needs its item points")
        texts = t.get("item_texts")
        if texts is not None and (not t["reproduce"] or len(texts) != t["items"]):
            raise ContentError(f, t["id"], "item_texts", "item texts only for a tool whose "
                               "licence allows it (reproduce: true), one per item")


def check_cross_references(docs: dict[str, Any]) -> None:
    """Raise ContentError at the first id that is duplicated or does not resolve."""
    _check_unique(docs)
    refs = _ids(docs, "references.yaml", "references")
    for file, doc in docs.items():
        if file != "references.yaml":
            _walk_sources(file, doc, None, "", refs)
    _check_questions(docs)
    _check_anatomy(docs)
    _check_modules(docs)
    _check_diagnosis(docs)
    _check_operations(docs)
    _check_trials(docs)
    _check_opioids(docs)
    _check_instruments(docs)
    _check_flow_and_cases(docs)
    _check_imaging(docs)
