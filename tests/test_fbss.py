"""Notebook 02's data and views against the course's fact sheet (sections 2 and 3)."""
import matplotlib

matplotlib.use("Agg")

from course_lib.fbss_views import (codes_table, estimates_figure, estimates_text,  # noqa: E402
                                   names_table, plot_estimates, plot_registry, registry_figure,
                                   registry_text)
from course_lib.views import esc  # noqa: E402


def test_registry_figures_match_the_fact_sheet(kb):
    registry = kb.fbss["registry"]
    assert registry["cases"] == 26723
    assert [g.get("percent") for g in registry["groups"]] == [66.0, None, None, None, 22.0]
    assert [g["odds_ratio"] for g in registry["groups"]] == [1.0, 2.1, 2.6, 4.4, 6.9]
    assert [tuple(g["ci"]) for g in registry["groups"][1:]] == [
        (1.9, 2.2), (2.3, 3.0), (3.4, 5.5), (4.5, 10.5)]          # Riksaasen 2023, abstract
    text = registry_text(kb)
    assert "66% with 0 previous against 22% with 4 or more previous" in text
    assert "6.9 after 4 or more (95% CI 4.5-10.5)" in text


def test_estimates_match_the_fact_sheet(kb):
    ranges = {e["id"]: (e["low"], e["high"]) for e in kb.fbss["estimates"]}
    assert ranges == {"sebaaly-range": (10, 40), "inoue-survey": (20.6, 20.6),
                      "open-posterior-cohort": (16.8, 16.8)}
    assert all(e["weakness"] for e in kb.fbss["estimates"])
    assert "10 to 40%" in estimates_text(kb) and "20.6%" in estimates_text(kb)


def test_codes_and_names(kb):
    codes = {c["code"]: c for c in kb.fbss["codes"]}
    assert set(codes) == {"M96.1", "MG30.21"}
    assert all(c.get("caveat") for c in codes.values())      # both are taught with their limits
    assert all(esc(c["caveat"]) in codes_table(kb) for c in codes.values())
    assert {n["status"] for n in kb.fbss["names"]} >= {"traditional", "current"}
    assert "PSPS" in names_table(kb)


def test_figures_draw(kb):
    assert len(plot_estimates(kb).axes[0].get_yticklabels()) == len(kb.fbss["estimates"])
    points = plot_registry(kb).axes[0].lines[0].get_ydata()
    assert list(points) == [1.0, 2.1, 2.6, 4.4, 6.9]


def test_figures_carry_their_text_as_description_not_a_second_copy(kb):
    for figure, words in ((estimates_figure, estimates_text), (registry_figure, registry_text)):
        html = figure(kb)
        assert f'alt="{esc(words(kb))}"' in html and html.count(esc(words(kb))) == 1
        assert "<figcaption" in html
