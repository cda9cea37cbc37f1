"""Causes logic: the filter, the onset timeline and the adjacent segment teaching model."""
import pytest

from course_lib.causes import LUMBAR_SEGMENTS, adjacent_segment_model, filter_causes, timeline


@pytest.mark.parametrize("fused, lowest", [(0, "L5-S1"), (1, "L5-S1"), (2, "L4-L5"), (3, "L5-S1"),
                                           (1, "L1-L2")])
def test_model_keeps_total_bending(fused, lowest):
    model = adjacent_segment_model(fused, lowest)
    assert sum(s.percent_of_normal for s in model) == pytest.approx(100 * len(LUMBAR_SEGMENTS))
    assert sum(s.fused for s in model) == fused


def test_one_level_fusion_by_hand():
    # L4-L5 fused: 100% lost; weights L1-L2 1, L2-L3 1, L3-L4 2, L5-S1 2 (sum 6).
    model = {s.segment: s for s in adjacent_segment_model(1, "L4-L5")}
    assert model["L4-L5"].fused and model["L4-L5"].percent_of_normal == 0
    assert model["L3-L4"].adjacent and model["L5-S1"].adjacent
    assert model["L3-L4"].percent_of_normal == pytest.approx(100 + 100 * 2 / 6)
    assert model["L1-L2"].percent_of_normal == pytest.approx(100 + 100 / 6)
    assert not model["L1-L2"].adjacent


def test_no_fusion_changes_nothing():
    assert all(s.percent_of_normal == 100 and not s.adjacent for s in adjacent_segment_model(0))


@pytest.mark.parametrize("fused, lowest", [(5, "L5-S1"), (-1, "L5-S1"), (2, "L1-L2")])
def test_model_rejects_impossible_fusions(fused, lowest):
    with pytest.raises(ValueError):
        adjacent_segment_model(fused, lowest)


def test_filter_by_timing_procedure_and_symptom(kb):
    everything = filter_causes(kb)
    assert len(everything) == len(kb.causes) >= 15
    post = filter_causes(kb, timing="post-operative")
    assert post and all("post-operative" in c["timing"] for c in post)
    after_discectomy = {c["id"] for c in filter_causes(kb, procedure="discectomy")}
    assert "recurrent-herniation" in after_discectomy
    assert "pseudarthrosis" not in after_discectomy           # a failed fusion needs a fusion
    assert "pseudarthrosis" in {c["id"] for c in filter_causes(kb, procedure="fusion")}
    fever = {c["id"] for c in filter_causes(kb, symptom="fever")}
    assert "infection" in fever
    assert filter_causes(kb, symptom="zzzz-no-such-word") == []


def test_timeline_is_ordered_and_sane(kb):
    rows = timeline(kb)
    assert rows == sorted(rows, key=lambda r: (r.start, r.end))
    assert all(0 <= r.start <= r.end for r in rows)
    assert any(r.approximate for r in rows) and any(not r.approximate for r in rows)
    by_name = {r.name.lower(): (r.start, r.end) for r in rows}
    infection = next(v for k, v in by_name.items() if "infection" in k)
    asd = next(v for k, v in by_name.items() if "adjacent" in k)
    assert infection[1] < asd[0]                               # infection early, ASD years later
