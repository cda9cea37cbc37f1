"""The loader accepts the course data and rejects broken data with one clear error."""
import shutil

import pytest
import yaml

from course_lib import ContentError
from course_lib.knowledge import DATA_DIR, load_knowledge


def edit(data_dir, name, change):
    """Load a data file, let `change` alter it, write it back."""
    path = data_dir / name
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


def error_for(data_dir) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_knowledge(data_dir)
    return info.value


def test_course_data_loads(kb):
    assert len(kb.vertebrae) == 33
    assert set(kb.roots) == {"L2", "L3", "L4", "L5", "S1"}
    assert kb.questions and kb.terms and kb.references


def test_every_reference_is_cited_somewhere(kb, data_copy):
    text = "".join(p.read_text() for p in data_copy.glob("*.yaml") if p.name != "references.yaml")
    unused = [r for r in kb.references if r not in text]
    assert not unused, f"references nobody cites: {unused}"


def test_invalid_yaml_names_file_and_line(data_copy):
    (data_copy / "glossary.yaml").write_text("terms:\n  - id: x\n    term: [unclosed\n")
    err = error_for(data_copy)
    assert err.file == "glossary.yaml"
    assert "line" in str(err) and "not valid YAML" in str(err)


def test_missing_required_field_names_entry_and_field(data_copy):
    edit(data_copy, "anatomy.yaml", lambda d: d["roots"][2].pop("sensory"))
    err = error_for(data_copy)
    assert (err.file, err.entry, err.field) == ("anatomy.yaml", "L4", "sensory")
    assert str(err) == "anatomy.yaml, entry 'L4', field 'sensory': is required but missing"


def test_wrong_type_names_nested_field(data_copy):
    edit(data_copy, "anatomy.yaml", lambda d: d["regions"][0].update(vertebrae="seven"))
    err = error_for(data_copy)
    assert (err.file, err.entry, err.field) == ("anatomy.yaml", "cervical", "vertebrae")


def test_unknown_field_is_rejected(data_copy):
    edit(data_copy, "references.yaml", lambda d: d["references"][0].update(year=2020))
    err = error_for(data_copy)
    assert err.entry == "seed-000" and "year" in str(err)


def test_duplicate_id(data_copy):
    edit(data_copy, "glossary.yaml", lambda d: d["terms"].append(dict(d["terms"][0])))
    err = error_for(data_copy)
    assert err.file == "glossary.yaml" and err.field == "id" and "twice" in err.problem


def test_unresolved_source_id(data_copy):
    edit(data_copy, "anatomy.yaml", lambda d: d["structures"][0].update(sources=["nowhere-1999"]))
    err = error_for(data_copy)
    assert (err.file, err.entry, err.field) == ("anatomy.yaml", "vertebral-body", "sources")
    assert "nowhere-1999" in str(err)


def test_question_objective_must_belong_to_its_notebook(data_copy):
    def change(d):
        q = next(q for q in d["questions"] if q["notebook"] == "01_spine_anatomy")
        q["objective"] = "start-not-advice"
    edit(data_copy, "questions.yaml", change)
    err = error_for(data_copy)
    assert err.file == "questions.yaml" and err.field == "objective"


def test_a_course_test_question_sits_in_the_first_or_last_notebook(data_copy):
    def change(d):
        next(q for q in d["questions"] if q.get("course_test") == "post")["notebook"] = "04_causes"
    edit(data_copy, "questions.yaml", change)
    err = error_for(data_copy)
    assert err.field == "notebook" and "post-test question belongs to notebook '12_review'" in str(err)


def test_pre_and_post_test_cover_the_same_objectives(data_copy):
    edit(data_copy, "questions.yaml", lambda d: d["questions"].remove(
        next(q for q in d["questions"] if q["id"] == "post-dx-tests")))
    err = error_for(data_copy)
    assert err.entry == "course_test" and "dx-tests" in str(err)


def test_single_choice_needs_exactly_one_correct(data_copy):
    def change(d):
        q = next(q for q in d["questions"] if q["type"] == "multiple_choice")
        for a in q["answers"]:
            a["correct"] = True
    edit(data_copy, "questions.yaml", change)
    err = error_for(data_copy)
    assert err.field == "answers" and "exactly one" in err.problem


def test_root_finding_must_be_known(data_copy):
    edit(data_copy, "anatomy.yaml", lambda d: d["roots"][0].update(movements=["flying"]))
    err = error_for(data_copy)
    assert (err.entry, err.field) == ("L2", "movements") and "flying" in str(err)


def test_cross_reference_in_module_files(data_copy):
    edit(data_copy, "cases.yaml", lambda d: d["cases"][0]["cause_choices"].append("no-such-cause"))
    err = error_for(data_copy)
    assert (err.file, err.field) == ("cases.yaml", "cause_choices") and "no-such-cause" in str(err)


def test_a_case_whose_answers_lead_elsewhere(data_copy):
    def retarget(d):
        case = d["cases"][0]
        case["next_step"] = next(n for n in ("rec-pain-management", "rec-intrathecal")
                                 if n != case["next_step"])
    edit(data_copy, "cases.yaml", retarget)
    err = error_for(data_copy)
    assert err.field == "next_step" and "lead to" in err.problem


def test_a_cycle_in_the_decision_flow(data_copy):
    def loop(d):
        node = next(n for n in d["nodes"] if n["id"] == "scs-trial")
        node["answers"][1]["next"] = "generator"
    edit(data_copy, "decision_flow.yaml", loop)
    err = error_for(data_copy)
    assert err.file == "decision_flow.yaml" and "cycle" in err.problem


def test_unknown_red_flag_and_trial_arm(data_copy):
    edit(data_copy, "diagnosis.yaml", lambda d: d["triage_patients"][0]["flags"].append("gout"))
    assert error_for(data_copy).field == "flags"
    shutil.copy(DATA_DIR / "diagnosis.yaml", data_copy / "diagnosis.yaml")
    edit(data_copy, "trials.yaml", lambda d: d["trials"][0]["results"][0].update(arm="placebo"))
    assert error_for(data_copy).field == "results.arm"


def test_missing_required_file(data_copy):
    (data_copy / "anatomy.yaml").unlink()
    assert error_for(data_copy).file == "anatomy.yaml"
