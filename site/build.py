"""Build the course's static website from the committed notebooks: no execution, no network.

    python site/build.py OUTPUT_FOLDER        (what `make site` runs)

The notebooks are staged next to OUTPUT_FOLDER with a few changes for the web, then Sphinx
(myst-nb, sphinx-book-theme; configuration in site/conf.py) writes the HTML:
- each quiz's stored widget becomes a quiz that answers on the page (site/quiz.js), built from
  course_lib's question data, with the stored text version kept for readers without JavaScript;
- each decision-flow diagram (`text/vnd.mermaid`) becomes a Mermaid block, drawn as SVG;
- each explorer, board or calculator whose controls need a kernel shows its static HTML (what a
  reader can use without one: every case with its answer, every cause, the triage list), with
  a line saying that it is live in JupyterLab;
- each other widget keeps its stored view, with a line saying that it is live in JupyterLab;
- a prompt to use a widget (`*Try:*`) says that it works in JupyterLab;
- citations link to their entry in the references page: `[id]` in the text and the links of
  the outputs (written for JupyterLab, to the notebook) alike;
- each page opens with how to run it: Binder, or locally; the educational-use disclaimer is
  said once, at the top (the notebook repeats it at its end);
- the setup cell (tagged `remove-cell`) is left out by myst-nb.
"""
from __future__ import annotations

import copy
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT))

from course_lib.knowledge import load_knowledge  # noqa: E402
from course_lib.quiz import answer_text, display_order, matching_choices  # noqa: E402
from course_lib.quiz_widget import question_image  # noqa: E402
from course_lib.views import REFERENCES_PAGE, WEB_STATIC  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MERMAID = "text/vnd.mermaid"
BINDER = "https://mybinder.org/v2/gh/fbss-course/fbss-course/HEAD?labpath="
STATIC_VIEW_NOTE = ('<p class="fbss-stored-view"><i>In JupyterLab this is a widget to use; '
                    "without a running notebook this page shows what can be read, and leaves "
                    "its controls out.</i></p>")
STORED_VIEW_NOTE = ('<p class="fbss-stored-view"><i>This is the view stored when the notebook '
                    "was last run; open the notebook in JupyterLab to use it live.</i></p>")
DISCLAIMER = "**Education, not medical advice.**"
# `[source-id]` as the notebooks' text cites a source (tests/test_notebooks.py reads the same)
CITATION = re.compile(r"`\[([a-z][a-z0-9.-]*)\]`")
REFERENCES_HTML = REFERENCES_PAGE.replace(".ipynb", ".html")
# A prompt to use a widget, which on the page shows its stored view only
TRY = "*Try:*"
TRY_ON_WEB = "*Try, in JupyterLab (here the widget shows its stored view):*"


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def run_note(name: str) -> dict:
    """The markdown cell that tells a reader how to run this page as a notebook."""
    path = f"notebooks/{name}.ipynb"
    source = (
        ":::{admonition} Run this page as a notebook\n:class: tip fbss-run-note\n"
        "This is the website version of the notebook: figures, diagrams and quizzes work "
        "here, and the widgets show the view stored when the notebook was last run. To use "
        f"them live, open it in JupyterLab: [on Binder]({BINDER}{quote(path, safe='')}) "
        "(nothing to install), or on your computer in a clone of the course: `make lab`, "
        f"then open `{path}`.\n:::\n")
    return {"cell_type": "markdown", "id": "fbss-run-note", "metadata": {}, "source": source}


def quiz_data(kb, notebook: str) -> list[dict]:
    """A notebook's questions as the page's quiz reads them: answers in the order the kernel
    quiz shows them, and the answer in words."""
    questions = []
    for q in kb.questions_for(notebook):
        item = {"id": q.id, "type": q.type, "question": q.question, "unit": q.unit,
                "explanation": q.explanation, "max_tries": q.max_tries,
                "answer_text": answer_text(q).rstrip(".")}
        if q.image:  # a drawn image the question asks to read, shown above its text
            item["image"] = question_image(q, kb)
        if q.type in ("multiple_choice", "many_choice"):
            item["answers"] = [dict(q.answers[i], index=i) for i in display_order(q)]
        elif q.type == "numeric":
            item["answers"] = [dict(a) for a in q.answers]
        else:
            item["pairs"] = [dict(p) for p in q.pairs]
            item["choices"] = matching_choices(q)
        questions.append(item)
    return questions


def quiz_html(kb, notebook: str, stored_html: str) -> str:
    payload = json.dumps(quiz_data(kb, notebook), ensure_ascii=False).replace("</", "<\\/")
    return (f'<div class="fbss-page-quiz" data-notebook="{html.escape(notebook)}">'
            f'<script type="application/json">{payload}</script>'
            f"<noscript>{stored_html}</noscript></div>")


def mermaid_html(source: str, description: str) -> str:
    return (f'<figure class="fbss-diagram"><pre class="mermaid">{html.escape(source)}</pre>'
            f"<figcaption>{html.escape(description)}</figcaption></figure>")


def _draw_mermaid(output: dict) -> None:
    """A `text/vnd.mermaid` output becomes HTML that Mermaid draws on the page."""
    data = output.get("data", {})
    if MERMAID in data:
        output["data"] = {"text/html": mermaid_html(_text(data[MERMAID]),
                                                    _text(data.get("text/plain", "")))}


def _references(value) -> set[str]:
    """Widget model ids referenced anywhere inside a widget's state."""
    if isinstance(value, str):
        return {value[len("IPY_MODEL_"):]} if value.startswith("IPY_MODEL_") else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*map(_references, value)) if value else set()
    return set()


def prune_widget_state(nb: dict, shown: set[str]) -> None:
    """Keep only the widget models the page still shows (and the models they use)."""
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    keep, todo = set(), [m for m in shown if m in state]
    while todo:
        model = todo.pop()
        if model not in keep:
            keep.add(model)
            todo += [m for m in _references(state[model]) if m in state]
    if keep:
        for model in set(state) - keep:
            del state[model]
    else:
        nb["metadata"].pop("widgets", None)


def _has_class(state: dict, model_id: str, name: str) -> bool:
    return name in state.get(model_id, {}).get("state", {}).get("_dom_classes", [])


def _is_quiz(state: dict, model_id: str) -> bool:
    return _has_class(state, model_id, "fbss-quiz")


def _linked_citations(markdown: str) -> str:
    """Each `[id]` of a markdown cell as a link to the source's entry in the references."""
    return CITATION.sub(lambda m: f'<a class="fbss-cite" href="{REFERENCES_HTML}#ref-{m.group(1)}">'
                                  f"<code>[{m.group(1)}]</code></a>", markdown)


def _is_web_static(state: dict, model_id: str) -> bool:
    return _has_class(state, model_id, WEB_STATIC)


def static_view(stored_html: str) -> str:
    """A widget whose controls cannot work without a kernel, as its static HTML (what a reader
    can use here), links to notebooks pointing at their pages."""
    body = re.sub(r'href="([\w.-]+)\.ipynb', r'href="\1.html', stored_html)
    return f'<div class="fbss-static-view">{body}</div>{STATIC_VIEW_NOTE}'


def web_notebook(nb: dict, name: str, kb) -> dict:
    """The notebook as the website shows it (see the module docstring)."""
    nb = copy.deepcopy(nb)
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    shown = set()
    for model in state.values():  # diagrams shown inside a widget (an Output widget)
        for output in model["state"].get("outputs", []):
            _draw_mermaid(output)
    for cell in nb["cells"]:
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW)
            if view and _is_quiz(state, view["model_id"]):
                output["data"] = {"text/html": quiz_html(kb, name, _text(data["text/html"]))}
            elif view and _is_web_static(state, view["model_id"]):
                output["data"] = {"text/html": static_view(_text(data["text/html"]))}
            elif view:
                shown.add(view["model_id"])
                outputs.append(output)
                output = {"output_type": "display_data", "metadata": {},
                          "data": {"text/html": STORED_VIEW_NOTE}}
            _draw_mermaid(output)
            outputs.append(output)
        if "outputs" in cell:
            cell["outputs"] = outputs
    prune_widget_state(nb, shown)
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    for cell in markdown:
        cell["source"] = _linked_citations(_text(cell["source"])).replace(TRY, TRY_ON_WEB)
    if DISCLAIMER in markdown[-1]["source"] and DISCLAIMER in "".join(
            c["source"] for c in markdown[:-1]):
        nb["cells"].remove(markdown[-1])
    nb["cells"].insert(1, run_note(name))
    # links written for JupyterLab (to the references notebook) lead to its page
    return json.loads(json.dumps(nb).replace(f"{REFERENCES_PAGE}#", f"{REFERENCES_HTML}#"))


def stage(source: Path) -> None:
    """Write the Sphinx source folder: the home page and every notebook, made for the web."""
    if source.exists():
        shutil.rmtree(source)
    (source / "notebooks").mkdir(parents=True)
    shutil.copy(SITE / "index.md", source / "index.md")
    kb = load_knowledge()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        (source / "notebooks" / path.name).write_text(
            json.dumps(web_notebook(nb, path.stem, kb), ensure_ascii=False, indent=1),
            encoding="utf-8")


def missing_javascript() -> list[str]:
    from conf import VENDOR_FILES  # site/conf.py: the files the pages load from node_modules
    return [str(p.relative_to(SITE)) for p in VENDOR_FILES if not p.is_file()]


def build(output: Path) -> None:
    sys.path.insert(0, str(SITE))
    missing = missing_javascript()
    if missing:
        sys.exit("The site's JavaScript is not installed (missing: " + ", ".join(missing)
                 + "). Run `npm ci` in site/, or `make site`, which does it.")
    work = output.parent / f"{output.name}-work"
    stage(work / "source")
    if output.exists():
        shutil.rmtree(output)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                    "-c", str(SITE), "-d", str(work / "doctrees"), str(work / "source"),
                    str(output)], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        build(Path(sys.argv[1]).resolve())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"Sphinx failed (exit {exc.returncode}); its messages are above.")
