"""The shared view helpers: citations that link to the references, figures whose words are
their description, lists in table cells, and the references every notebook lists."""
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_lib.course_views import all_references_html, notebook_sources, references_html  # noqa: E402
from course_lib.views import bullets, chart_html, cite, esc  # noqa: E402


def test_citations_link_to_an_entry_of_the_references(kb):
    anchors = set(re.findall(r'<li id="ref-([^"]+)"', all_references_html(kb)))
    assert anchors == set(kb.references)
    html = cite(["sebaaly-2018", "nice-ng59"])
    assert re.findall(r'href="11_glossary_and_references.ipynb#ref-([^"]+)"', html) == [
        "sebaaly-2018", "nice-ng59"]


def test_reference_lists_link_their_ids_and_dois(kb):
    html = all_references_html(kb)
    assert 'href="https://doi.org/10.1111/papr.13379">' in html  # the sentence's full stop stays out
    listed = references_html(kb, "02_what_is_fbss", ("den-boer-2006",))
    for source in notebook_sources(kb, "02_what_is_fbss", ("den-boer-2006",)):
        assert f'#ref-{source}"' in listed
    assert "sebaaly-2018" in notebook_sources(kb, "02_what_is_fbss")  # from the data it shows


def test_chart_carries_its_words_as_description_and_is_reproducible():
    def draw():
        fig, ax = plt.subplots(figsize=(4, 2))
        ax.bar(["a", "b"], [1, 2])
        return fig

    plt.close("all")  # figures another test of this worker left open are not this test's
    words = 'Two bars: "a" is 1, b is 2.'
    first, second = chart_html(draw(), "Figure 9. Two bars.", words), chart_html(draw(), "x", words)
    assert 'alt="Two bars: &quot;a&quot; is 1, b is 2."' in first
    assert "<figcaption" in first and "Figure 9. Two bars." in first
    assert first.split("<figcaption")[0] == second.split("<figcaption")[0]  # nbval compares it
    assert not plt.get_fignums()  # shown once, as the image, not again by the backend


@pytest.mark.parametrize("items, expected", [(["one"], "one"), ([], "")])
def test_bullets_only_for_several_items(items, expected):
    assert bullets(items) == expected


def test_bullets_make_a_list():
    assert bullets(["a", "b"]).count("<li>") == 2


def test_the_trials_figure_carries_its_results_in_words(kb):
    from course_lib.treatment_views import trials_chart, trials_text
    panels = [("process", "relief-50"), ("brox-2006", "odi")]
    html = trials_chart(kb, panels)
    assert f'alt="{esc(trials_text(kb, panels))}"'.replace("\n", " ") in html
    assert "<figcaption" in html and not plt.get_fignums()
