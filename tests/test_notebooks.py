"""Content checks of the committed notebooks (nbval checks their outputs separately)."""
import json
import re

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CITATION = re.compile(r"`\[([a-z][a-z0-9.-]*)\]`")


def cells(path, kind=None):
    nb = json.loads(path.read_text())
    return [c for c in nb["cells"] if kind is None or c["cell_type"] == kind]


def text(cell):
    return "".join(cell["source"])


def test_notebooks_match_the_course_map(kb):
    ready = {nb.id for nb in kb.notebooks.values() if nb.status == "ready"}
    assert {p.stem for p in NOTEBOOKS} == ready


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_title_carries_the_notebooks_number_and_name(kb, path):
    """Notebook 00 opens with the course's name instead."""
    first = text(cells(path, "markdown")[0]).splitlines()[0]
    title = kb.notebooks[path.stem].title
    expected = f"# {title}:" if path.stem.startswith("00") else f"# {path.stem[:2]} · {title}"
    assert first.startswith(expected), first


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_disclaimer_at_start_and_end(path):
    markdown = [text(c) for c in cells(path, "markdown")]
    assert any("not medical advice" in t for t in markdown[:3])
    assert "not medical advice" in markdown[-1]


SETUP = "from course_lib.notebook import *"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_setup_out_of_sight_and_visible_cells_one_readable_call(path):
    """The setup cell is folded away and on the website left out; the cells a student sees
    hold no comprehension, loop or set literal (a named helper reads better)."""
    setup, *visible = cells(path, "code")
    assert text(setup).startswith(SETUP) and text(setup).count("\n") <= 2, text(setup)
    assert setup["metadata"].get("jupyter", {}).get("source_hidden") is True
    assert "remove-cell" in setup["metadata"].get("tags", [])
    for cell in visible:
        source = text(cell)
        assert not re.search(r"\bfor\b.+\bin\b|frozenset|\{\s*\"[^\"]*\"\s*[,}]", source), \
            f"a visible cell holds a comprehension, loop or set literal: {source[:80]}"
        assert not source.startswith("print("), f"printed text under a figure: {source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_next_section_written_the_same_way(kb, path):
    """Every notebook but the last points to the next with the same sentence shape."""
    order = list(kb.notebooks)
    (section,) = [" ".join(text(c).split()) for c in cells(path, "markdown")
                  if text(c).startswith("## Next")]
    assert "The [course map](00_start_here.ipynb) shows your progress." in section
    if path.stem != order[-1]:
        following = kb.notebooks[order[order.index(path.stem) + 1]]
        number = following.id[:2]
        assert f"Notebook {number}, [*{following.title}*]({following.id}.ipynb)," in section


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_structure_and_clean_outputs(path):
    code = cells(path, "code")
    assert "kb = setup()" in text(code[0])
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), \
        "outputs are not from one fresh run: use `make notebooks`"
    for c in code[1:]:
        assert len(text(c).splitlines()) <= 10, f"long code cell: {text(c)[:60]}"
    outputs = json.dumps([c["outputs"] for c in code])
    assert '"output_type": "error"' not in outputs
    assert str(ROOT) not in outputs and not re.search(r"/(home|root|tmp|Users)/\w", outputs), \
        "an output holds a path of the machine that ran it"
    assert not re.search(r" at 0x[0-9a-f]+", outputs), "an output holds a memory address"
    widgets = json.loads(path.read_text())["metadata"].get("widgets", {})
    assert "application/vnd.jupyter.widget-state+json" in widgets, \
        "widget state not stored: widgets would not show when the notebook is opened"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_quiz_present_and_objectives_assessed(kb, path):
    nb_id = path.stem
    if not kb.notebooks[nb_id].objectives:      # a reference notebook: no goals, no quiz
        assert not kb.questions_for(nb_id)
        return
    assert any(f'Quiz("{nb_id}"' in text(c) for c in cells(path, "code"))
    assessed = {q.objective for q in kb.questions_for(nb_id)}
    for objective in kb.notebooks[nb_id].objectives:
        assert objective.id in assessed, f"objective {objective.id} has no quiz question"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_citations_resolve_and_sections_cite(kb, path):
    """Every [source-id] in the text exists; every numbered section but the quiz cites one."""
    section, sections = None, {}
    for cell in cells(path, "markdown"):
        body = text(cell)
        heading = re.match(r"## (\d+)\. (\w+)", body)
        if heading:
            section = None if heading.group(2) == "Quiz" else heading.group(1)
            if section:
                sections[section] = set()
        for source in CITATION.findall(body):
            assert source in kb.references, f"unknown source id [{source}]"
            if section:
                sections[section].add(source)
    uncited = [s for s, ids in sections.items() if not ids]
    assert not uncited, f"sections citing no source: {uncited}"
