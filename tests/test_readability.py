"""The readability tool (tests/readability.py) counts the sentences a learner reads."""
from readability import markdown_sentences, output_sentences


def test_markdown_drops_headings_and_citations_and_splits_list_items():
    source = ("## 2. Scar\n\nScar is common after surgery `[tullberg-1994]`. It can tether a root.\n\n"
              "- first item of a list\n- second item of a list")
    assert markdown_sentences(source) == ["Scar is common after surgery . It can tether a root.",
                                          "first item of a list.", "second item of a list."]


def test_printed_lines_are_one_entry_each_with_wrapped_lines_joined():
    cell = {"source": ["print(mastery_text(kb, counts))"], "outputs": [{
        "output_type": "stream", "text": ["00 · Answer a quiz question: 2 learning (box\n",
                                          "     2-3)\n", "01 · Name the five regions: 1 secure\n"]}]}
    assert output_sentences(cell) == ["00 · Answer a quiz question: 2 learning (box 2-3).",
                                      "01 · Name the five regions: 1 secure."]
