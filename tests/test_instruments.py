"""Screening and outcome tools: bands, the PHQ-9 scorer, the STarT Back rule, licences."""
import pytest

from course_lib.instruments import band, score, start_back_group
from test_knowledge import edit, error_for


@pytest.mark.parametrize("total, label", [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "moderately severe"), (20, "severe"), (27, "severe")])
def test_phq9_bands_are_kroenke_2001s(kb, total, label):
    assert band(kb, "phq-9", total)["label"] == label


@pytest.mark.parametrize("tool, total, label", [
    ("dn4", 3, "neuropathic pain unlikely"), ("dn4", 4, "neuropathic pain likely"),
    ("paindetect", -1, "negative"), ("paindetect", 12, "negative"),
    ("paindetect", 13, "unclear"), ("paindetect", 19, "positive"),
    ("pcs", 29, "below the clinical threshold"), ("pcs", 30, "clinically relevant catastrophising")])
def test_published_cut_offs(kb, tool, total, label):
    assert band(kb, tool, total)["label"] == label


def test_phq9_score_and_the_item_9_flag(kb):
    result = score(kb, "phq-9", [2, 2, 1, 1, 1, 2, 1, 0, 0])
    assert (result.total, result.band["label"], result.flags) == (10, "moderate", ())
    flagged = score(kb, "phq-9", [0] * 8 + [1])
    assert flagged.band["label"] == "minimal" and "safety assessment" in flagged.flags[0]


@pytest.mark.parametrize("answers, words", [
    ([1] * 8, "has 9 items, got 8"), ([4] + [0] * 8, "item 1: each answer scores 0 to 3"),
    ([0] * 8 + [-1], "item 9"), ([True] + [0] * 8, "item 1")])
def test_bad_answers_are_refused(kb, answers, words):
    with pytest.raises(ValueError, match=words):
        score(kb, "phq-9", answers)


def test_tools_the_licence_keeps_out_are_not_scored(kb):
    for tool in ("start-back", "dn4", "paindetect", "pcs", "rmdq"):
        with pytest.raises(ValueError, match="not reproduced in the course"):
            score(kb, tool, [0] * 24)
    assert all("item_texts" not in t for t in kb.instruments if not t["reproduce"])


@pytest.mark.parametrize("total, psychosocial, group", [
    (3, 3, "low"), (0, 0, "low"), (4, 3, "medium"), (9, 3, "medium"), (4, 4, "high"),
    (9, 5, "high")])
def test_start_back_groups_follow_hill_2008(kb, total, psychosocial, group):
    assert start_back_group(kb, total, psychosocial) == group


@pytest.mark.parametrize("total, psychosocial, words", [
    (10, 2, "runs from 0 to 9"), (5, 6, "subscale runs from 0 to 5"),
    (2, 3, "cannot exceed the total"), ("5", 2, "runs from 0 to 9")])
def test_start_back_refuses_impossible_scores(kb, total, psychosocial, words):
    with pytest.raises(ValueError, match=words):
        start_back_group(kb, total, psychosocial)


def test_unknown_tool(kb):
    with pytest.raises(ValueError, match="unknown tool 'sf-36'"):
        band(kb, "sf-36", 3)


def test_the_loader_checks_the_tools(data_copy):
    edit(data_copy, "instruments.yaml", lambda d: d["instruments"][1].update(
        item_texts=["an item"] * 9))
    assert "entry 'start-back', field 'item_texts'" in str(error_for(data_copy))
    edit(data_copy, "instruments.yaml", lambda d: (d["instruments"][1].pop("item_texts"),
                                                    d["instruments"][0]["bands"].pop()))
    assert "the last band must end at the top of the range, 27" in str(error_for(data_copy))
