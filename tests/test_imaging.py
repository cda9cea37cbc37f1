"""Drawn teaching images (notebook 06): the data's checks, what each drawing shows in words,
the drawings themselves, the explorer, and images shown with quiz questions."""
import re

import pytest

from course_lib import ContentError
from course_lib.course_views import notebook_sources
from course_lib.imaging import changes, figure_view, scene, translation, words
from course_lib.imaging_figures import draw, image_html
from course_lib.imaging_widgets import ImagingExplorer, show_metal_comparison
from course_lib.knowledge import load_knowledge
from course_lib.quiz_widget import QuestionWidget
from test_knowledge import edit, error_for

NB = "06_reading_postoperative_images"


def mri(kb, sequence="t1-gd-early", timing="6-months", finding="disc"):
    return scene(kb, {"study": "mri", "sequence": sequence, "timing": timing, "finding": finding})


# ------------------------------------------------------------------ data checks
def test_a_question_naming_an_unknown_image_is_rejected(data_copy):
    edit(data_copy, "questions.yaml", lambda d: next(
        q for q in d["questions"] if q["id"] == "img-read-fragment").update(image="quiz-nowhere"))
    err = error_for(data_copy)
    assert (err.file, err.entry, err.field) == ("questions.yaml", "img-read-fragment", "image")
    assert "imaging.yaml figures" in str(err)


def test_a_figure_naming_an_unknown_finding_is_rejected(data_copy):
    edit(data_copy, "imaging.yaml", lambda d: d["figures"][0].update(finding="tumour"))
    err = error_for(data_copy)
    assert (err.file, err.entry, err.field) == ("imaging.yaml", "quiz-mri-fragment", "finding")


def test_a_finding_without_a_signal_for_every_sequence_is_rejected(data_copy):
    edit(data_copy, "imaging.yaml", lambda d: d["mri"]["findings"][0]["core"].pop("t1-pre"))
    err = error_for(data_copy)
    assert (err.entry, err.field) == ("scar", "core") and "t1-pre" in str(err)


def test_sources_under_other_names_are_checked_too(data_copy):
    edit(data_copy, "imaging.yaml", lambda d: d["flexion_extension"].update(
        limits_sources=["no-such-study"]))
    err = error_for(data_copy)
    assert err.field == "flexion_extension.limits_sources" and "no-such-study" in str(err)


# ------------------------------------------------------------------ what the drawings show
def test_early_after_gadolinium_scar_enhances_and_a_fragment_keeps_its_core(kb):
    scar, disc = dict(mri(kb, finding="scar").seen), dict(mri(kb, finding="disc").seen)
    assert scar["Mass core"].startswith("bright") and "towards" in scar["Dural sac"]
    assert disc["Mass core"] == "grey" and disc["Mass rim"].startswith("bright")
    assert "pushed away" in disc["Dural sac"]


def test_on_delayed_images_the_fragment_takes_up_contrast(kb):
    assert dict(mri(kb, "t1-gd-delayed").seen)["Mass core"].startswith("light grey, partly enhancing")


def test_three_weeks_after_surgery_every_finding_looks_the_same(kb):
    seen = {f: mri(kb, timing="3-weeks", finding=f).seen for f in ("scar", "disc", "none")}
    assert seen["scar"] == seen["disc"] == seen["none"]
    assert dict(seen["none"])["Left S1 root"].startswith("bright")
    assert dict(seen["none"])["Mass core"] == "grey"            # a grey mass with a bright rim
    assert dict(seen["none"])["Mass rim"].startswith("bright")
    assert dict(mri(kb, "t1-pre", "3-weeks").seen)["Left S1 root"] == "grey"  # no contrast yet


def test_changes_name_only_what_a_reader_sees_differently(kb):
    before, after = mri(kb, "t1-pre"), mri(kb, "t1-gd-early")
    assert changes(before, after) == ["Mass rim: no separate rim → bright (enhancing, hatched)"]
    assert changes(after, after) == []


def test_translation_is_flexion_minus_extension_against_both_limits(kb):
    assert translation(kb, "quiz-a") == {"flexion_mm": 7, "extension_mm": 2, "mm": 5,
                                         "percent": 14, "over_mm": True, "over_percent": False}
    assert not translation(kb, "stable")["over_mm"]
    assert "below both" in scene(kb, {"study": "flexion_extension", "case": "borderline"}).reading


def test_a_loose_screw_has_a_rim_wider_than_the_threshold(kb):
    ct = kb.imaging["ct"]
    lucent = scene(kb, {"study": "ct", "finding": "screw-lucency", "reconstruction": "mar"})
    assert lucent.parts["lucency_mm"] > ct["lucency_threshold_mm"]
    assert dict(lucent.seen)["Rim around the L5 screw"] == "dark, 2 mm wide"


def test_a_view_with_a_missing_or_unknown_choice_says_what_is_wrong(kb):
    with pytest.raises(ValueError, match="needs timing, finding"):
        scene(kb, {"study": "mri", "sequence": "t1-pre"})
    with pytest.raises(ValueError, match="unknown sequence 'T2'.*t1-pre"):
        mri(kb, "T2")
    with pytest.raises(ValueError, match="unknown study"):
        scene(kb, {"study": "ultrasound"})


def test_words_say_it_is_a_drawing_and_a_quiz_image_keeps_its_reading_back(kb):
    s = mri(kb, finding="scar")
    assert words(kb, s).startswith("Schematic drawing, not a patient image.")
    assert s.reading in words(kb, s) and s.reading not in words(kb, s, reveal=False)


# ------------------------------------------------------------------ the drawings
@pytest.mark.parametrize("figure", ["quiz-mri-fragment", "quiz-ct-lucency",
                                    "quiz-flexion-extension", "quiz-metal-gradient-echo"])
def test_every_drawing_says_on_it_that_it_is_a_drawing(kb, figure):
    fig = draw(kb, figure_view(kb, figure), reveal=False)
    assert "SCHEMATIC DRAWING, NOT A PATIENT IMAGE" in [t.get_text() for t in fig.texts]


def test_a_quiz_image_gives_no_answer_away(kb):
    html = image_html(kb, figure_view(kb, "quiz-mri-fragment"), "caption", reveal=False)
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt.startswith("Schematic drawing, not a patient image.")
    assert not re.search(r"fragment|scar|recurren", alt, re.I)


def test_the_flexion_extension_quiz_image_shows_no_slip_numbers(kb):
    view = figure_view(kb, "quiz-flexion-extension")
    shown = [t.get_text() for ax in draw(kb, view, reveal=False).axes for t in ax.texts]
    assert not any("slip" in t for t in shown)
    assert "slip 7 mm" in [t.get_text() for ax in draw(kb, view).axes for t in ax.texts]


def test_the_metal_comparison_shows_every_method_with_its_words(kb):
    html = show_metal_comparison(kb)
    assert all(m["label"] in html for m in kb.imaging["metal"]["methods"])
    assert 'alt="Schematic drawing, not a patient image.' in html


# ------------------------------------------------------------------ explorer and quiz
def test_the_explorer_shows_what_changed_after_a_switch(kb):
    explorer = ImagingExplorer(kb, "mri")
    first = explorer.image.value
    explorer.controls["sequence"].value = "t1-gd-early"
    assert "Mass rim: no separate rim → bright" in explorer.changed.value
    assert explorer.image.value != first
    explorer.controls["finding"].value = "scar"
    assert "Dural sac: pushed away from the mass, its spinal fluid dark → drawn towards" in \
        explorer.changed.value
    assert "Scar has blurred edges" in explorer.reading.value
    assert explorer.static_text().startswith("Schematic drawing")


def test_the_flexion_extension_explorer_offers_no_quiz_case(kb):
    labels = [label for label, _ in ImagingExplorer(kb, "flexion_extension").controls["case"].options]
    assert "A film to measure (quiz)" not in labels and len(labels) == 3


def test_an_image_question_shows_its_image_above_its_text(kb):
    widget = QuestionWidget(kb.questions["img-read-fragment"], 1, kb=kb)
    prompt = widget.children[0].value
    assert prompt.index("<img") < prompt.index("Six months after a left L5-S1 discectomy")
    assert "<img" in widget.static_html()
    plain = QuestionWidget(kb.questions["img-delayed-images"], 2, kb=kb)
    assert "<img" not in plain.children[0].value and plain.image == ""


def test_the_notebook_lists_the_sources_of_its_images(kb):
    sources = notebook_sources(kb, NB)
    assert {"petersilge-1996", "white-panjabi-1990", "hayes-1989", "brantigan-1993"} <= set(sources)


def test_other_data_needs_no_imaging_file(data_copy):
    (data_copy / "imaging.yaml").unlink()
    edit(data_copy, "questions.yaml", lambda d: [q.pop("image", None) for q in d["questions"]])
    assert load_knowledge(data_copy).imaging == {}
