"""JSON Schemas of the knowledge-base files in course_lib/data/.

One schema per file, keyed by file name. Cross references (source ids, objective ids,
finding ids, ...) are checked in crossrefs.py after the schemas pass.
"""

_ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_IDS = {"type": "array", "items": _ID, "uniqueItems": True}
_SOURCES = {"type": "array", "items": _ID, "minItems": 1, "uniqueItems": True}
_TEXTS = {"type": "array", "items": _TEXT}


def _closed(required, properties, **extra):
    """An object with these fields and no others."""
    return {"type": "object", "required": list(required), "additionalProperties": False,
            "properties": properties, **extra}


def _entry(required, properties):
    """An object with an id and sources, no unknown fields."""
    return _closed(["id", *required], {"id": _ID, "sources": _SOURCES, **properties})


def _list_of(key, item):
    return _closed([key], {key: {"type": "array", "items": item}})


REFERENCE_KINDS = ["seed", "guideline", "trial", "review", "textbook", "study", "web"]
# A source that may be cited, but never as the only support of a statement a question examines.
CAUTIONS = ["patient website", "reproduced textbook chapter", "commercial page", "secondary summary"]
TIMINGS = ["pre-operative", "operative", "post-operative"]
PROCEDURES = ["any", "discectomy", "laminectomy", "fusion", "disc-replacement"]
TREATMENT_GROUPS = [
    "self-care", "physical", "complementary", "medication", "psychological",
    "interventional", "neuromodulation", "intrathecal", "surgery",
]
EVIDENCE_LEVELS = ["strong", "moderate", "weak", "insufficient", "claim"]
# The one rule by which every treatment's evidence.level is set ("these patients": people with
# pain after spine surgery). treatments.yaml repeats it in its header; notebook 07 shows it.
EVIDENCE_RULE = {
    "strong": "consistent results from more than one adequately sized randomised trial at low "
              "risk of bias (blinded or sham-controlled where possible) in these patients, or a "
              "good systematic review of such trials.",
    "moderate": "randomised trials in these patients with important limits (small, unblinded, "
                "heavy crossover), or strong evidence from a systematic review in chronic low "
                "back pain in general, applied indirectly.",
    "weak": "observational studies in these patients; randomised trials with serious limits "
            "(from one research group with only an active control and no sham) or with "
            "conflicting results; a review of these patients that rates the evidence as weak or "
            "low; or only indirect support, such as a guideline recommendation for low back "
            "pain in general.",
    "insufficient": "no study in these patients and no indirect support found; clinic pages "
                    "may list or advise it without claiming a result.",
    "claim": "the only support is a clinic's or company's own statement that it helps.",
}
# NICE NG59's positions, in NICE's own terms: "provide"/"promote" (recommend), "consider",
# "do not offer", "only as part of a randomised controlled trial" (only-in-research).
NG59_POSITIONS = ["recommend", "consider", "do-not-offer", "only-in-research"]
QUESTION_TYPES = ["multiple_choice", "many_choice", "numeric", "matching"]

_choice_answer = _closed(["answer", "correct", "feedback"],
                         {"answer": _TEXT, "correct": {"type": "boolean"}, "feedback": _TEXT})
_numeric_answer = _closed(
    ["type", "correct", "feedback"],
    {
        "type": {"enum": ["value", "range"]},
        "value": {"type": "number"},
        "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "correct": {"type": "boolean"},
        "feedback": _TEXT,
    },
    **{"if": {"properties": {"type": {"const": "value"}}},
       "then": {"required": ["value"]}, "else": {"required": ["range"]}},
)
_pair = _closed(["left", "right", "feedback"], {"left": _TEXT, "right": _TEXT, "feedback": _TEXT})
_question = _entry(
    ["notebook", "objective", "type", "question", "explanation", "sources"],
    {
        "notebook": _ID,
        "objective": _ID,
        "type": {"enum": QUESTION_TYPES},
        "question": _TEXT,
        "explanation": _TEXT,
        "answers": {"type": "array", "minItems": 1},
        "pairs": {"type": "array", "items": _pair, "minItems": 2},
        "unit": {"type": "string"},
        "max_tries": {"type": "integer", "minimum": 1},
        # in the course's pre-test (first notebook) or post-test (last notebook), not its quiz
        "course_test": {"enum": ["pre", "post"]},
        "image": _ID,  # a drawn image shown with the question (imaging.yaml figures)
    },
)
_question["allOf"] = [
    {
        "if": {"properties": {"type": {"enum": ["multiple_choice", "many_choice"]}}},
        "then": {"required": ["answers"],
                 "properties": {"answers": {"items": _choice_answer, "minItems": 2}}},
    },
    {
        "if": {"properties": {"type": {"const": "numeric"}}},
        "then": {"required": ["answers", "unit"], "properties": {"answers": {"items": _numeric_answer}}},
    },
    {"if": {"properties": {"type": {"const": "matching"}}}, "then": {"required": ["pairs"]}},
]

_objective = _closed(["id", "text"], {"id": _ID, "text": _TEXT})
_notebook = _closed(
    ["id", "title", "summary", "minutes", "status", "objectives"],
    {
        "id": _ID,
        "title": _TEXT,
        "summary": _TEXT,
        "minutes": {"type": "integer", "minimum": 1},
        "status": {"enum": ["ready", "planned"]},
        "objectives": {"type": "array", "items": _objective},
    },
)
_label = _closed(["id", "label"], {"id": _ID, "label": _TEXT})
_anatomy = {
    "type": "object",
    "required": ["regions", "structures", "cord", "findings", "roots", "disc_levels",
                 "herniation_zones"],
    "additionalProperties": False,
    "properties": {
        "regions": {"type": "array", "minItems": 1, "items": _entry(
            ["name", "prefix", "vertebrae", "fused", "curve", "summary", "sources"],
            {
                "name": _TEXT,
                "prefix": {"type": "string", "pattern": "^[A-Z][a-z]?$"},
                "vertebrae": {"type": "integer", "minimum": 1},
                "fused": {"type": "boolean"},
                "curve": {"enum": ["lordosis", "kyphosis"]},
                "summary": _TEXT,
                "clinical": _TEXT,
            },
        )},
        "structures": {"type": "array", "items": _entry(
            ["name", "part_of", "description", "sources"],
            {
                "name": _TEXT,
                "part_of": {"enum": ["vertebra", "disc", "joint", "ligament", "muscle",
                                     "fascia", "neural"]},
                "description": _TEXT,
                "surgery": _TEXT,
            },
        )},
        "cord": _closed(["conus_level", "conus_range", "summary", "sources"],
                        {"conus_level": _ID, "conus_range": _TEXT, "summary": _TEXT,
                         "sources": _SOURCES}),
        "findings": _closed(["sensory", "movements", "reflexes"],
                            {k: {"type": "array", "items": _label, "minItems": 1}
                             for k in ("sensory", "movements", "reflexes")}),
        "roots": {"type": "array", "minItems": 1, "items": _entry(
            ["sensory", "movements", "reflexes", "sources"],
            {
                "sensory": {**_IDS, "minItems": 1},
                "movements": {**_IDS, "minItems": 1},
                "reflexes": _IDS,
                "note": _TEXT,
            },
        )},
        "disc_levels": {"type": "array", "minItems": 1, "items": _closed(
            ["id", "upper", "lower"], {"id": _ID, "upper": _ID, "lower": _ID})},
        "herniation_zones": {"type": "array", "minItems": 1, "items": _entry(
            ["label", "affects", "explanation", "sources"],
            {"label": _TEXT, "affects": {"enum": ["traversing", "exiting"]},
             "explanation": _TEXT},
        )},
    },
}

_cause = _entry(
    ["name", "timing", "onset", "mechanism", "clues", "tests", "sources"],
    {
        "name": _TEXT,
        "timing": {"type": "array", "items": {"enum": TIMINGS}, "minItems": 1, "uniqueItems": True},
        "onset": _TEXT,
        "onset_months": {"type": "array", "items": {"type": "number", "minimum": 0},
                         "minItems": 2, "maxItems": 2},
        "onset_approximate": {"type": "boolean"},
        "procedures": {"type": "array", "items": {"enum": PROCEDURES}, "uniqueItems": True},
        "mechanism": _TEXT,
        "clues": _TEXTS,
        "tests": _TEXTS,
        "treatments": _IDS,
        "contested": _TEXT,
        "red_flags": _IDS,   # red flags (diagnosis.yaml) this cause can raise
    },
)
_treatment = _entry(
    ["name", "group", "invasiveness", "indications", "evidence", "sources"],
    {
        "name": _TEXT,
        "group": {"enum": TREATMENT_GROUPS},
        "invasiveness": {"type": "integer", "minimum": 0, "maximum": 4},
        "indications": _TEXT,
        "evidence": _closed(["level", "summary"],
                            {"level": {"enum": EVIDENCE_LEVELS}, "summary": _TEXT}),
        # Only on treatments NICE NG59 covers: one item per thing NG59 treats differently.
        "ng59": {"type": "array", "minItems": 1, "items": _closed(
            ["covers", "position", "says"],
            {"covers": _TEXT, "position": {"enum": NG59_POSITIONS}, "says": _TEXT})},
    },
)
URGENCY = ["emergency", "urgent"]
_diagnosis = _closed(["symptoms", "red_flags", "triage_patients", "tests", "odi", "pain_relief"], {
    "mimics": {"type": "array", "items": _entry(
        ["name", "spine_look_alike", "features", "tell_apart", "tests", "sources"],
        {"name": _TEXT, "spine_look_alike": _TEXT, "features": {**_TEXTS, "minItems": 1},
         "tell_apart": {**_TEXTS, "minItems": 1}, "tests": _TEXT})},
    "symptoms": {"type": "array", "minItems": 1, "items": _entry(
        ["symptom", "suggests", "explanation", "sources"],
        {"symptom": _TEXT, "suggests": {**_IDS, "minItems": 1}, "explanation": _TEXT})},
    "red_flags": {"type": "array", "minItems": 1, "items": _entry(
        ["name", "features", "suspect", "urgency", "action", "sources"],
        {"name": _TEXT, "features": {**_TEXTS, "minItems": 1}, "suspect": _TEXT,
         "urgency": {"enum": URGENCY}, "action": _TEXT, "emergency_with": _IDS})},
    "triage_patients": {"type": "array", "minItems": 2, "items": _closed(
        ["id", "summary", "flags"], {"id": _ID, "summary": _TEXT, "flags": _IDS})},
    "tests": {"type": "array", "minItems": 1, "items": _entry(
        ["name", "question", "shows", "limits", "sources"],
        {"name": _TEXT, "question": _TEXT, "shows": _TEXT, "limits": _TEXT,
         "causes": _IDS, "contested": _TEXT})},
    "odi": _closed(["sections", "max_per_section", "bands", "sources"], {
        "sections": {"type": "array", "minItems": 1, "items": _label},
        "max_per_section": {"type": "integer", "minimum": 1},
        "bands": {"type": "array", "minItems": 1, "items": _closed(
            ["up_to", "label", "meaning"],
            {"up_to": {"type": "number"}, "label": _TEXT, "meaning": _TEXT})},
        "minimal_important_change": _TEXT,
        "sources": _SOURCES}),
    "pain_relief": _closed(["thresholds", "sources"], {
        "thresholds": {"type": "array", "minItems": 1, "items": _closed(
            ["at_least", "label", "meaning"],
            {"at_least": {"type": "number", "minimum": 0, "maximum": 100}, "label": _TEXT,
             "meaning": _TEXT})},
        "note": _TEXT,
        "sources": _SOURCES}),
})

_trial_result = _closed(
    ["outcome", "arm", "months", "value"],
    {"outcome": _ID, "arm": _ID, "months": {"type": "number", "minimum": 0},
     "value": {"type": "number"}, "count": {"type": "integer", "minimum": 0},
     "of": {"type": "integer", "minimum": 1}})
_trial = _entry(
    ["name", "design", "population", "outcomes", "arms", "results", "limits", "sources"],
    {
        "name": _TEXT,
        "design": _TEXT,
        "population": _TEXT,
        "outcomes": {"type": "array", "minItems": 1, "items": _closed(
            ["id", "label", "unit"], {"id": _ID, "label": _TEXT, "unit": _TEXT,
                                      "higher_is_better": {"type": "boolean"}})},
        "arms": {"type": "array", "minItems": 2, "items": _closed(
            ["id", "label"], {"id": _ID, "label": _TEXT, "randomised": {"type": "integer"}})},
        "results": {"type": "array", "minItems": 1, "items": _trial_result},
        "finding": _TEXT,
        "limits": _TEXT,
    },
)

_flow_node = _entry(
    ["kind", "title", "text", "rationale", "certainty", "sources"],
    {
        "kind": {"enum": ["question", "recommendation"]},
        "title": _TEXT,
        "text": _TEXT,
        "rationale": _TEXT,
        "certainty": _TEXT,
        "urgent": {"type": "boolean"},
        "answers": {"type": "array", "minItems": 2, "items": _closed(
            ["label", "next"], {"label": _TEXT, "next": _ID})},
        "then": _closed(["when", "next"], {"when": _TEXT, "next": _ID}),
        "treatments": _IDS,
    },
)
_flow_node["if"] = {"properties": {"kind": {"const": "question"}}}
_flow_node["then"] = {"required": ["answers"], "not": {"required": ["then"]}}
_flow_node["else"] = {"not": {"required": ["answers"]}}
_decision_flow = _closed(["start", "nodes"], {
    "start": _ID, "nodes": {"type": "array", "minItems": 2, "items": _flow_node}})

_case = _entry(
    ["title", "patient", "story", "procedure", "months_since_surgery", "cause", "cause_choices",
     "tests", "test_choices", "flow_answers", "next_step", "teaching", "sources"],
    {
        "title": _TEXT,
        "patient": _TEXT,
        "story": _TEXT,
        "procedure": {"enum": PROCEDURES},
        "months_since_surgery": {"type": "number", "minimum": 0},
        "findings": _TEXTS,
        "cause": _ID,
        "cause_choices": {**_IDS, "minItems": 3},
        "tests": {**_IDS, "minItems": 1},
        "test_choices": {**_IDS, "minItems": 3},
        "flow_answers": {"type": "object", "additionalProperties": _TEXT},
        "next_step": _ID,
        "teaching": _TEXT,
    },
)

_fbss = _closed(["names", "codes", "estimates", "registry"], {
    "names": {"type": "array", "minItems": 1, "items": _entry(
        ["name", "status", "note", "sources"],
        {"name": _TEXT, "status": {"enum": ["current", "traditional", "synonym", "related"]},
         "note": _TEXT})},
    "codes": {"type": "array", "items": _entry(
        ["system", "code", "title", "covers", "sources"],
        {"system": _TEXT, "code": _TEXT, "title": _TEXT, "covers": _TEXT, "caveat": _TEXT})},
    "estimates": {"type": "array", "minItems": 1, "items": _entry(
        ["label", "low", "high", "population", "weakness", "sources"],
        {"label": _TEXT, "low": {"type": "number", "minimum": 0, "maximum": 100},
         "high": {"type": "number", "minimum": 0, "maximum": 100},
         "population": _TEXT, "weakness": _TEXT})},
    "registry": _closed(["outcome", "cases", "groups", "sources"], {
        "outcome": _TEXT, "cases": {"type": "integer", "minimum": 1}, "sources": _SOURCES,
        "groups": {"type": "array", "minItems": 2, "items": _closed(
            ["previous_operations", "odds_ratio"],
            {"previous_operations": _TEXT,
             "odds_ratio": {"type": "number", "exclusiveMinimum": 0},
             "ci": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
             "percent": {"type": "number", "minimum": 0, "maximum": 100}})}}),
})

SIGNALS = ["dark", "grey", "light", "partly", "bright"]  # partly: light, partly enhancing
_MRI_SEQUENCE_SIGNALS = {"type": "object", "minProperties": 1,
                         "additionalProperties": {"enum": SIGNALS}}
_labelled = {"id": _ID, "label": _TEXT, "sources": _SOURCES}
_mm = {"type": "number", "minimum": 0}
_imaging = _closed(["notice", "mri", "ct", "flexion_extension", "metal", "figures"], {
    "notice": _TEXT,
    "mri": _closed(["level", "sequences", "timings", "findings", "early_changes"], {
        "level": _TEXT,
        "sequences": {"type": "array", "minItems": 2, "items": _closed(
            ["id", "label", "contrast", "note", "sources"],
            {**_labelled, "contrast": {"type": "boolean"}, "note": _TEXT})},
        "timings": {"type": "array", "minItems": 2, "items": _closed(
            ["id", "label", "early", "note", "sources"],
            {**_labelled, "early": {"type": "boolean"}, "note": _TEXT})},
        "findings": {"type": "array", "minItems": 2, "items": _entry(
            ["name", "shape", "core", "sac", "margin", "reading", "sources"],
            {"name": _TEXT, "shape": {"enum": ["scar", "fragment", "none"]},
             "core": _MRI_SEQUENCE_SIGNALS, "rim": _MRI_SEQUENCE_SIGNALS,
             "sac": {"enum": ["pulled", "pushed", "none"]}, "margin": _TEXT,
             "reading": _TEXT})},
        "early_changes": _closed(["mass", "mass_rim", "root_enhances", "sources"], {
            "mass": _MRI_SEQUENCE_SIGNALS, "mass_rim": _MRI_SEQUENCE_SIGNALS,
            "root_enhances": {"type": "boolean"}, "sources": _SOURCES}),
    }),
    "ct": _closed(["level", "lucency_threshold_mm", "findings", "reconstructions"], {
        "level": _TEXT, "lucency_threshold_mm": _mm,
        "findings": {"type": "array", "minItems": 2, "items": _entry(
            ["name", "bridging", "lucency_mm", "broken_screw", "reading", "sources"],
            {"name": _TEXT, "bridging": {"type": "boolean"}, "lucency_mm": _mm,
             "broken_screw": {"type": "boolean"}, "reading": _TEXT})},
        "reconstructions": {"type": "array", "minItems": 1, "items": _closed(
            ["id", "label", "streaks", "note", "sources"],
            {**_labelled, "streaks": {"type": "number", "minimum": 0, "maximum": 1},
             "note": _TEXT})},
    }),
    "flexion_extension": _closed(
        ["level", "body_depth_mm", "threshold", "limits", "limits_sources", "cases"], {
            "level": _TEXT, "body_depth_mm": {"type": "number", "exclusiveMinimum": 0},
            "threshold": _closed(["mm", "percent", "note", "sources"], {
                "mm": _mm, "percent": _mm, "note": _TEXT, "sources": _SOURCES}),
            "limits": _TEXT, "limits_sources": _SOURCES,
            "cases": {"type": "array", "minItems": 2, "items": _entry(
                ["name", "flexion_mm", "extension_mm", "sources"],
                {"name": _TEXT, "flexion_mm": _mm, "extension_mm": _mm,
                 "in_explorer": {"type": "boolean"}})},
        }),
    "metal": _closed(["level", "methods", "material_note", "material_sources"], {
        "level": _TEXT,
        "methods": {"type": "array", "minItems": 2, "items": _closed(
            ["id", "label", "artefact", "shows", "sources"],
            {**_labelled, "artefact": {"type": "number", "minimum": 1}, "shows": _TEXT})},
        "material_note": _TEXT, "material_sources": _SOURCES,
    }),
    "figures": {"type": "array", "items": _closed(["id", "study"], {
        "id": _ID, "study": {"enum": ["mri", "ct", "flexion_extension", "metal"]},
        "sequence": _ID, "timing": _ID, "finding": _ID, "reconstruction": _ID, "case": _ID,
        "method": _ID})},
})

# Parts of the motion segment an operation takes away, and what it puts in (spine_figures draws
# both on the segment).
REMOVABLE_PARTS = ["herniation", "disc", "ligamentum-flavum", "lamina-part", "lamina",
                   "spinous-process", "facet-part", "facet"]
IMPLANTS = ["cage", "screws-rods", "graft-posterolateral", "artificial-disc"]
OPERATION_FAMILIES = ["decompression", "fusion", "motion-preserving"]


def _point(*fields):
    """An entry of text fields, all required, with its sources."""
    return _entry([*fields, "sources"], {f: _TEXT for f in fields})


_operations = _closed(["operations", "selection", "risk_factors", "cervical"], {
    "operations": {"type": "array", "minItems": 1, "items": _entry(
        ["name", "family", "approach", "removes", "adds", "fused", "what", "good_for", "not_for",
         "outcomes", "complications", "sources"],
        {"name": _TEXT, "family": {"enum": OPERATION_FAMILIES}, "approach": _TEXT,
         "removes": {"type": "array", "items": {"enum": REMOVABLE_PARTS}, "uniqueItems": True},
         "adds": {"type": "array", "items": {"enum": IMPLANTS}, "uniqueItems": True},
         "fused": {"type": "boolean"}, "what": _TEXT, "good_for": _TEXT, "not_for": _TEXT,
         "outcomes": _TEXT, "complications": _TEXT, "ng59_from": _ID})},
    "selection": {"type": "array", "minItems": 1, "items": _point("point", "detail")},
    "risk_factors": {"type": "array", "minItems": 1,
                     "items": _point("factor", "evidence", "action", "strength")},
    "cervical": _closed(["text", "sources"], {"text": _TEXT, "sources": _SOURCES}),
})


_opioids = _closed(
    ["disclaimer", "formula", "formula_sources", "table_sources", "drugs", "cautions",
     "thresholds", "threshold_note", "threshold_sources", "tapers", "large_step_note",
     "taper_rules"], {
        "disclaimer": _TEXT, "formula": _TEXT, "formula_sources": _SOURCES,
        "table_sources": _SOURCES,
        "drugs": {"type": "array", "minItems": 1, "items": _entry(
            ["name", "unit", "sources"],
            {"name": _TEXT, "unit": {"enum": ["mg", "mcg/hr"]},
             "factor": {"type": "number", "exclusiveMinimum": 0},
             "no_factor": _TEXT, "caution": _TEXT, "note": _TEXT},
        )},
        "cautions": {"type": "array", "minItems": 1,
                     "items": _entry(["text", "sources"], {"text": _TEXT})},
        "thresholds": {"type": "array", "minItems": 1, "items": _entry(
            ["at_least", "label", "meaning", "sources"],
            {"at_least": {"type": "number", "exclusiveMinimum": 0}, "label": _TEXT,
             "meaning": _TEXT})},
        "threshold_note": _TEXT, "threshold_sources": _SOURCES,
        "tapers": {"type": "array", "minItems": 1, "items": _entry(
            ["label", "interval", "percent_of_original", "when", "sources"],
            {"label": _TEXT, "interval": {"enum": ["week", "month"]},
             "percent_of_original": {"type": "number", "exclusiveMinimum": 0, "maximum": 50},
             "switch_at_percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
             "then_percent_of_remaining": {"type": "number", "exclusiveMinimum": 0,
                                           "maximum": 50},
             "when": _TEXT},
        ) | {"dependentRequired": {"switch_at_percent": ["then_percent_of_remaining"],
                                   "then_percent_of_remaining": ["switch_at_percent"]}}},
        "large_step_note": _TEXT,
        "taper_rules": {"type": "array", "minItems": 1,
                        "items": _entry(["text", "sources"], {"text": _TEXT})},
    })

_range = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}
_instrument = _entry(
    ["name", "measures", "use", "items", "range", "bands", "licence", "reproduce", "link",
     "sources"],
    {"name": _TEXT, "measures": _TEXT, "use": _TEXT,
     "items": {"type": "integer", "minimum": 1}, "points": _range, "range": _range,
     "subscale": _closed(["label", "items", "range", "high_at_least"], {
         "label": _TEXT, "items": {"type": "array", "items": {"type": "integer"}},
         "range": _range, "high_at_least": {"type": "integer"}}),
     "bands": {"type": "array", "minItems": 1, "items": _closed(
         ["up_to", "label", "meaning"], {"up_to": {"type": "number"}, "label": _TEXT,
                                         "meaning": _TEXT})},
     "flags": {"type": "array", "items": _closed(
         ["item", "at_least", "text"], {"item": {"type": "integer", "minimum": 1},
                                        "at_least": {"type": "integer"}, "text": _TEXT})},
     "licence": _TEXT, "reproduce": {"type": "boolean"}, "link": _TEXT,
     "question": _TEXT, "answers": _TEXTS, "item_texts": _TEXTS},
)


SCHEMAS = {
    "references.yaml": _list_of("references", _entry(
        ["kind", "citation"],
        {"kind": {"enum": REFERENCE_KINDS}, "citation": _TEXT, "note": _TEXT,
         "caution": {"enum": CAUTIONS}},
    )),
    "glossary.yaml": _list_of("terms", _entry(
        ["term", "definition", "sources"],
        {"term": _TEXT, "definition": _TEXT, "see_also": _IDS},
    )),
    "course.yaml": _list_of("notebooks", _notebook),
    "anatomy.yaml": _anatomy,
    "questions.yaml": _list_of("questions", _question),
    "causes.yaml": _list_of("causes", _cause),
    "treatments.yaml": _list_of("treatments", _treatment),
    "diagnosis.yaml": _diagnosis,
    "trials.yaml": _list_of("trials", _trial),
    "decision_flow.yaml": _decision_flow,
    "cases.yaml": _list_of("cases", _case),
    "fbss.yaml": _fbss,
    "imaging.yaml": _imaging,
    "operations.yaml": _operations,
    "opioids.yaml": _opioids,
    "instruments.yaml": _list_of("instruments", _instrument),
}
REQUIRED_FILES = ("references.yaml", "glossary.yaml", "course.yaml", "anatomy.yaml",
                  "questions.yaml")
