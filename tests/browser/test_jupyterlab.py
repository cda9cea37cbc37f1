"""Every course notebook and every release notebook, opened, run and used in JupyterLab in a
real headless Chromium, as a student would."""
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from course_lib import load_knowledge
from course_lib.quiz import choice_letter, display_order, matching_choices

from .assignments import CHECK, graded_cells
from .conftest import ROOT, SCREENSHOTS
from .layout import WIDTHS, layout_problems

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
KB = load_knowledge()


# JavaScript: the open notebook panel of a path, found through the application the test server
# exposes to the page. The helpers below act and wait through it: its commands and models say
# what JupyterLab is doing, whatever the speed of the machine.
PANEL = ("(path => window.jupyterapp && [...window.jupyterapp.shell.widgets('main')]"
         ".find(w => w.context?.path === path))")
RUN_BOUND_MS = 300_000


def open_notebook(page, lab, path: str):
    """Open a notebook and wait until it is the current tab with its kernel up and idle."""
    page.goto(lab(path))
    page.wait_for_function(f"""path => {{
        const panel = {PANEL}(path);
        return panel?.context.isReady && window.jupyterapp.shell.currentWidget === panel
            && panel.sessionContext.session?.kernel?.status === 'idle'; }}""", arg=path)


def run_all(page, path: str):
    """Clear every output and run all cells through JupyterLab's own commands; return when the
    run has finished (JupyterLab stops a Run All at the first error, leaving later cells unrun)
    and the kernel is idle again."""
    page.evaluate(f"""async ([path, bound]) => {{
        const app = window.jupyterapp, panel = {PANEL}(path);
        app.shell.activateById(panel.id);
        await app.commands.execute('notebook:clear-all-cell-outputs');
        const cells = [...panel.content.model.cells];
        if (cells.some(c => c.type === 'code' && (c.executionCount || c.outputs.length)))
            throw new Error('outputs were not cleared');
        let timer, poll;
        const stuck = new Promise((_, reject) => timer = setTimeout(
            () => reject(new Error(`Run All did not finish within ${{bound / 1000}} s`)), bound));
        // Finished: the command's promise settles, or (should it never settle, as a panel's
        // update racing the run can leave it) every code cell has run and the kernel is idle.
        const ran = new Promise(resolve => poll = setInterval(() => {{
            if (cells.every(c => c.type !== 'code' || c.executionCount)
                && panel.sessionContext.session?.kernel?.status === 'idle') resolve();
        }}, 500));
        try {{ await Promise.race([app.commands.execute('notebook:run-all-cells'), ran, stuck]); }}
        finally {{ clearTimeout(timer); clearInterval(poll); }} }}""", [path, RUN_BOUND_MS])
    page.wait_for_function(
        f"path => {PANEL}(path).sessionContext.session?.kernel?.status === 'idle'", arg=path)


def code_cells(page, path: str) -> list[dict]:
    """Each code cell of the notebook's model: its index among all cells, execution count and
    output types ('stderr' for standard error)."""
    return page.evaluate(f"""path => [...{PANEL}(path).content.model.cells].map((c, i) =>
        c.type !== 'code' ? null : {{index: i, count: c.executionCount,
            outputs: c.outputs.toJSON().map(o => o.name === 'stderr' ? 'stderr' : o.output_type)}}
        ).filter(Boolean)""", path)


def unrun_cells(page, path: str) -> int:
    return sum(c["count"] is None for c in code_cells(page, path))


def error_cells(page, path: str) -> list[int]:
    """Indices of the cells with an error or stderr output."""
    return [c["index"] for c in code_cells(page, path)
            if {"error", "stderr"} & set(c["outputs"])]


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_FAILURES = ("model not found", "Error displaying widget")
# A widget's output carries no MIME type in the page (ipywidgets' renderer is no RenderedCommon,
# and older jupyterlab_widgets, as on Binder, set none either): it is the output that holds a
# widget view. WIDGET_OUTPUTS are all of them, CELL_WIDGETS a cell's own (not those nested in an
# Output widget).
WIDGET_OUTPUTS = f"{VISIBLE} .jp-OutputArea-output:has(.jupyter-widgets)"
CELL_WIDGETS = (f"{VISIBLE} .jp-Cell-outputArea > .jp-OutputArea-child > "
                ".jp-OutputArea-output:has(.jupyter-widgets)")


def assert_widgets_rendered(page, path: str) -> int:
    """Wait until every widget output of the notebook's model has its view in the page and no
    view shows a failure (one may show for a moment while Run All replaces the outputs), then
    check both; return how many there are."""
    wanted = page.evaluate(f"""path => [...{PANEL}(path).content.model.cells]
        .flatMap(c => c.type === 'code' ? c.outputs.toJSON() : [])
        .filter(o => o.data?.['{WIDGET_MIME}']).length""", path)
    drawn = f'document.querySelectorAll("{CELL_WIDGETS}").length'
    try:
        page.wait_for_function(f"""([wanted, failures]) => {drawn} >= wanted
            && !failures.some(f => document.body.innerText.includes(f))""",
                               arg=[wanted, WIDGET_FAILURES])
    except PlaywrightTimeout:
        pass   # the checks below say what failed or is missing
    for failure in WIDGET_FAILURES:
        assert failure not in page.locator(VISIBLE).inner_text(), f"{path}: {failure}"
    shown = page.evaluate(f"() => {drawn}")
    assert shown == wanted, f"{path}: {shown} of its {wanted} widgets were drawn"
    return wanted


def save_screenshots(page, name):
    """The notebook after Run All, one viewport at a time, in screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    scroller = page.locator(f"{VISIBLE} .jp-WindowedPanel-outer").first
    height = scroller.evaluate("e => e.scrollHeight")
    step = scroller.evaluate("e => e.clientHeight")
    tops = [*range(0, max(height - step, 1), step), max(height - step, 0)]
    for n, top in enumerate(dict.fromkeys(tops)):
        scroller.evaluate("(e, top) => { e.scrollTo(0, top); return new Promise("
                          "r => requestAnimationFrame(() => requestAnimationFrame(r))); }", top)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{n + 1:02d}.png"))
    scroller.evaluate("e => e.scrollTo(0, 0)")


AXE = ROOT / "site" / "node_modules" / "axe-core" / "axe.min.js"
OUTPUTS = f"{VISIBLE} .jp-OutputArea-output"


def at_width(page, width: int) -> None:
    """The window at `width` px with JupyterLab's file browser open, once the notebook's layout
    has followed."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.evaluate("""async width => {
        const app = window.jupyterapp;
        await app.commands.execute('filebrowser:activate');
        for (let i = 0; i < 600 && (window.innerWidth !== width
                                    || app.shell.leftCollapsed); i++)
            await new Promise(r => setTimeout(r, 100));
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }""",
                  width)


def widths_checked(page, name: str, shots: bool = False) -> list[str]:
    """Layout problems of the notebook's widgets at each laptop width (file browser open); with
    `shots`, screenshots at each width (FBSS_SCREENSHOTS=all) or at the first one."""
    problems = []
    every = os.environ.get("FBSS_SCREENSHOTS") == "all"
    for i, width in enumerate(WIDTHS):
        at_width(page, width)
        if shots and (every or i == 0):
            save_screenshots(page, f"{Path(name).stem}-{width}")
        problems += [f"{name} at {width} px: {p}" for p in layout_problems(page, WIDGET_OUTPUTS)]
    page.set_viewport_size({"width": 1400, "height": 1000})
    return problems


def axe_problems(page) -> list[str]:
    """Critical and serious axe-core findings in the open notebook's outputs (the course's own
    content, not JupyterLab's). Images without an alt are left to images_without_words, which
    also finds the alt JupyterLab fills in."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""outputs => axe.run({include: [...document.querySelectorAll(outputs)]},
        {resultTypes: ['violations']})""", OUTPUTS)
    return [f"{v['impact']}: {v['id']} ({v['help']}) at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("critical", "serious")
            and v["id"] != "image-alt"]


def images_without_words(page) -> list[str]:
    """Images in the notebook's outputs with no text alternative: no alt, an empty one, or the
    "Image" that JupyterLab's HTML renderer puts on an image that has none. (JupyterLab draws a
    matplotlib figure shown as PNG with no alt at all: views.chart_html shows it with one.)"""
    found = page.evaluate("""outputs => [...document.querySelectorAll(outputs)].flatMap(
        (output, n) => [...output.querySelectorAll('img')].filter(img => {
            const alt = (img.getAttribute('alt') || '').trim();
            return !alt || alt === 'Image'; }).map(img => ({
                where: `image in output ${n + 1} (${img.closest('[class*="fbss-"]')?.className
                    || img.parentElement.className}) has alt "${img.getAttribute('alt') || ''}"`
                })))""", OUTPUTS)
    return [f["where"] for f in found]


def answer(question_box, q, correct: bool):
    """Give a correct (or a wrong) answer to question q through its controls."""
    if q.type in ("multiple_choice", "many_choice"):
        right = [i for i, a in enumerate(q.answers) if a["correct"]]
        wrong = [i for i, a in enumerate(q.answers) if not a["correct"]][:1]
        kind = "radio" if q.type == "multiple_choice" else "checkbox"
        shown = display_order(q)
        for i in right if correct else wrong:
            question_box.locator(f"input[type={kind}]").nth(shown.index(i)).check()
    elif q.type == "numeric":
        good = next(a for a in q.answers if a["correct"])
        value = good["value"] if good["type"] == "value" else good["range"][0]
        question_box.locator("input[type=text]").fill(str(value if correct else 1e9))
    else:
        items, choices = question_box.locator(".fbss-match"), matching_choices(q)
        for i, pair in enumerate(q.pairs):
            choice = pair["right"] if correct else next(
                p["right"] for p in q.pairs if p["right"] != pair["right"])
            letter = choice_letter(choices.index(choice))
            items.nth(i).get_by_role("radio", name=letter, exact=True).check()
    question_box.locator("button", has_text="Submit").click()


def use_quizzes(page):
    """One question of each type answered correctly, one answered wrong first."""
    boxes = page.locator(f"{VISIBLE} .fbss-question")
    seen = set()
    for i in range(boxes.count()):
        box = boxes.nth(i)
        qid = re.search(r"fbss-q-(\S+)", box.get_attribute("class")).group(1)
        q = KB.questions[qid]
        if q.type in seen:
            continue
        box.scroll_into_view_if_needed()
        if not seen:
            answer(box, q, correct=False)
            box.get_by_text("✘").first.wait_for()
        answer(box, q, correct=True)
        box.get_by_text("✔ Correct.").wait_for()
        assert q.explanation[:40] in box.inner_text().replace("\n", " ") or "<" in q.explanation
        seen.add(q.type)
    return seen


def use_spine_explorer(page, explorer):
    explorer.scroll_into_view_if_needed()
    explorer.get_by_role("radio", name="Cervical", exact=True).check()
    explorer.get_by_text("Cervical spine").wait_for()
    explorer.get_by_role("radio", name="C5", exact=True).check()
    page.wait_for_function(
        "e => e.querySelector('desc').textContent.includes('Highlighted: C5.')",
        arg=explorer.element_handle())
    assert "spinal cord" in explorer.inner_text()


def use_lesion_localizer(explorer):
    explorer.scroll_into_view_if_needed()
    s1 = KB.roots["S1"]
    explorer.get_by_role("radio", name=KB.findings["sensory"][s1.sensory[0]], exact=True).check()
    explorer.get_by_text("Most likely root: S1").wait_for()


def use_causes_explorer(explorer):
    explorer.scroll_into_view_if_needed()
    count = explorer.locator("[role=status]")
    everything = count.inner_text()
    explorer.get_by_role("radio", name="fusion", exact=True).check()
    explorer.locator("input[type=text]").fill("fever")
    explorer.locator("input[type=text]").press("Enter")
    explorer.get_by_text("Infection", exact=False).first.wait_for()
    explorer.page.wait_for_function(  # the count of matching causes has changed
        "([count, before]) => count.innerText !== before",
        arg=[count.element_handle(), everything])


def use_adjacent_segment_model(page, model):
    model.scroll_into_view_if_needed()
    model.get_by_role("radio", name="L4-L5", exact=True).check()
    page.wait_for_function("e => e.querySelector('desc').textContent.includes("
                           "'L4-L5: fused; L5-S1: 133% (next to the fusion)')",
                           arg=model.element_handle())


def use_triage_board(board):
    board.scroll_into_view_if_needed()
    board.locator("input[type=checkbox]").first.check()
    board.locator("input[type=text]").fill("Browser check patient")
    board.get_by_role("button", name="Add to the list").click()
    board.locator("tbody").get_by_text("Browser check patient").wait_for()
    board.get_by_role("status").get_by_text("Browser check patient").wait_for()
    rows = [r.inner_text() for r in board.locator("tbody tr").all()]
    new = next(i for i, row in enumerate(rows) if "Browser check patient" in row)
    assert all("EMERGENCY" in row for row in rows[:new + 1]) and "URGENT" in rows[new + 1]


def use_odi_calculator(calculator):
    calculator.scroll_into_view_if_needed()
    for radio in calculator.get_by_role("radio", name="2", exact=True).all():
        radio.check()
    calculator.get_by_text("20 of 50 possible points").wait_for()
    calculator.get_by_role("radio", name="skipped", exact=True).first.check()
    calculator.get_by_text("18 of 45 possible points").wait_for()


def mermaid_drawings(where) -> None:
    """Wait until every Mermaid output in `where` is drawn (JupyterLab draws each as an image)
    rather than left as text; a drawing folded away in a widget is drawn all the same."""
    outputs = where.locator("[data-mime-type='text/vnd.mermaid']")
    for i in range(outputs.count()):
        outputs.nth(i).locator(".jp-RenderedMermaid img").wait_for(state="attached")


def wait_for_drawing(where, text):
    """Wait until a Mermaid diagram in `where` shows `text` (the image's source is the SVG)."""
    where.page.wait_for_function("""([where, text]) => [...where.querySelectorAll(
        '.jp-RenderedMermaid img')].some(img => {
            try { return decodeURIComponent(img.src).includes(text); }
            catch { return img.src.includes(text); } })""", arg=[where.element_handle(), text])


def use_flow_stepper(stepper):
    stepper.scroll_into_view_if_needed()
    stepper.get_by_role("button", name="No red flag").click()
    stepper.get_by_text(KB.flow.nodes["psychosocial"].text[:40]).first.wait_for()
    wait_for_drawing(stepper, "✔ Psychosocial")
    stepper.get_by_role("button", name="Back").click()
    stepper.get_by_role("button", name="No red flag").wait_for()


def use_treatment_explorer(explorer):
    explorer.scroll_into_view_if_needed()
    explorer.get_by_role("radio", name="Neuromodulation", exact=True).check()
    explorer.get_by_text("1 of", exact=False).wait_for()


def use_case_study(study):
    study.scroll_into_view_if_needed()
    case = next(iter(KB.cases.values()))
    study.get_by_role("radio", name=KB.causes[case["cause"]]["name"], exact=True).check()
    tests = {t["id"]: t["name"] for t in KB.diagnosis["tests"]}
    for t in case["tests"]:
        study.get_by_role("checkbox", name=tests[t], exact=True).check()
    step = KB.flow.nodes[case["next_step"]].title
    study.get_by_role("radio", name=step, exact=True).check()
    study.get_by_role("button", name="Check").click()
    study.get_by_text("✔ Next step: right").wait_for()
    assert "✘" not in study.inner_text()
    wait_for_drawing(study, "✔ " + step)


def use_glossary_search(search):
    search.scroll_into_view_if_needed()
    search.locator("input[type=text]").fill("cauda")
    search.locator("input[type=text]").press("Enter")
    search.page.wait_for_function(  # the list is filtered, not merely showing the term
        "e => e.innerText.includes('Cauda equina') && !e.innerText.includes('Lordosis')",
        arg=search.element_handle())


def use_imaging_explorer(explorer):
    """Switch the second option of the first choice: the explorer says in words what changed."""
    explorer.scroll_into_view_if_needed()
    explorer.get_by_role("radio").nth(1).check()
    explorer.page.wait_for_function("e => e.innerText.includes('What changed:') && "
                                    "e.innerText.includes('→')", arg=explorer.element_handle())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_course_notebook(page, lab, name):
    path = f"notebooks/{name}"
    open_notebook(page, lab, path)
    run_all(page, path)
    assert error_cells(page, path) == [], f"{name}: a cell shows an error"
    assert unrun_cells(page, path) == 0, f"{name}: some cells did not run"
    assert_widgets_rendered(page, path)
    assert page.console_errors == [], f"JavaScript errors after Run All: {page.console_errors}"
    problems = widths_checked(page, name, shots=True)
    accessibility = axe_problems(page) + images_without_words(page)
    for explorer in page.locator(f"{VISIBLE} .fbss-spine-explorer").all():
        use_spine_explorer(page, explorer)
    for localizer in page.locator(f"{VISIBLE} .fbss-lesion-localizer").all():
        use_lesion_localizer(localizer)
    for explorer in page.locator(f"{VISIBLE} .fbss-causes-explorer").all():
        use_causes_explorer(explorer)
    for model in page.locator(f"{VISIBLE} .fbss-asd-model").all():
        use_adjacent_segment_model(page, model)
    mermaid_drawings(page.locator(VISIBLE))
    widgets = {"triage-board": use_triage_board, "odi-calculator": use_odi_calculator,
               "treatment-explorer": use_treatment_explorer,
               "glossary-search": use_glossary_search,
               "flow-stepper": use_flow_stepper, "case-study": use_case_study,
               "imaging-explorer": use_imaging_explorer}
    for css, use in widgets.items():
        for box in page.locator(f"{VISIBLE} .fbss-{css}").all():
            use(box)
    if KB.questions_for(Path(name).stem):
        assert use_quizzes(page), "no quiz question could be answered"
    assert page.console_errors == [], f"JavaScript errors while in use: {page.console_errors}"
    problems += [f"after use: {p}" for p in widths_checked(page, name)]
    assert not accessibility + problems, "\n".join([
        *(f"{name}: axe-core in JupyterLab: {p}" for p in accessibility),
        *(f"widget cut or past the edge: {p}" for p in dict.fromkeys(problems))])


ASSIGNMENTS = sorted([*(p.name for p in (ROOT / "assignments" / "source").iterdir()
                        if p.is_dir()), CHECK])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_notebook(page, lab, lab_root, assignment):
    """Each release notebook runs; only answer and test cells may fail before it is answered."""
    releases = sorted((lab_root / "course" / "release" / assignment).glob("*.ipynb"))
    assert releases, f"no release notebook for {assignment}"
    for release in releases:
        path = release.relative_to(lab_root).as_posix()
        open_notebook(page, lab, path)
        run_all(page, path)
        unexpected = set(error_cells(page, path)) - graded_cells(release)
        assert not unexpected, f"{release.name}: cells {sorted(unexpected)} fail untouched"
        assert_widgets_rendered(page, path)
        save_screenshots(page, f"release-{release.stem}")
        assert page.console_errors == [], f"{release.name}: {page.console_errors}"


def validate(page) -> str:
    page.locator(f"{VISIBLE} .jp-Toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    page.wait_for_function("() => !document.querySelector('.jp-Dialog')?.innerText"
                           ".includes('Validating')")
    verdict = dialog.inner_text()
    dialog.locator("button").last.click()
    return verdict


def test_validate_button(page, lab):
    """nbgrader's Validate button: fails the untouched release, passes once answered."""
    path = f"course/release/{CHECK}/{CHECK}.ipynb"
    open_notebook(page, lab, path)
    assert "fail" in validate(page).lower()
    editor = page.locator(f"{VISIBLE} .jp-CodeCell").nth(0).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("def vertebrae_count():\n    return 33\n")
    page.evaluate(f"""async path => {{  // Validate checks the file on disk
        const panel = {PANEL}(path);
        await panel.context.save();
        if (panel.context.model.dirty) throw new Error('the notebook is still unsaved'); }}""",
                  path)
    verdict = validate(page)
    assert "passes all the tests" in verdict or "Success" in verdict, verdict


def test_review_answer_is_recorded(page, lab, lab_progress):
    """Notebook 12 in a learner's own session: a question missed in notebook 01 comes back in
    the review; answered right there, its record in the learner's progress file moves up a box,
    stamped by the real clock (not the demo learner's, not the demo's fixed time)."""
    q = KB.questions["q01-cord-end"]
    missed = datetime.now(timezone.utc) - timedelta(minutes=5)
    lab_progress.record(q.notebook, q.id, 0.0, solved=False, now=missed)
    path = "notebooks/12_review.ipynb"
    open_notebook(page, lab, path)
    run_all(page, path)
    assert error_cells(page, path) == []
    review = page.locator(f"{VISIBLE} .fbss-review-quiz")
    box = review.locator(f".fbss-q-{q.id}")
    box.scroll_into_view_if_needed()
    answer(box, q, correct=True)
    box.get_by_text("✔ Correct.").wait_for()
    review.get_by_text("Score: 1 of", exact=False).wait_for()  # shown once the answer is saved
    record = lab_progress.load()["questions"][q.id]
    assert record["box"] == 2 and record["solved"]
    assert datetime.fromisoformat(record["last_seen"]) > missed.replace(microsecond=0)
    assert page.console_errors == []


def focused(page) -> str:
    """The focused element: its tag, type and text."""
    return page.evaluate("""() => { const e = document.activeElement;
        return `${e.tagName.toLowerCase()}:${e.type || ''}:${(e.innerText || '').trim()}`; }""")


def tab_to(page, box, what: str):
    """Press Tab once and check that the focus reached `what` (a prefix of focused())."""
    page.keyboard.press("Tab")
    assert focused(page).startswith(what), f"Tab reached {focused(page)}, not {what}"


# JavaScript: true once every widget model of the open notebook has sent all its changes to
# the kernel and heard back. ipywidgets holds a model's next change until the kernel has
# answered its last one, while a button's click goes at once, so a Submit pressed right after
# typing "33" could reach the kernel before the second "3" (seen once under a full run's load).
WIDGETS_SYNCED = f"""async path => {{
    const panel = {PANEL}(path);
    const renderers = panel.content.widgets.flatMap(cell => cell.outputArea?.widgets ?? [])
        .flatMap(child => child.widgets ?? []).filter(w => w._manager);
    const manager = await renderers[0]._manager.promise;
    const models = await Promise.all(Object.values(manager._models));
    return models.length > 0 && models.every(m => !m._pending_msgs && m._msg_buffer === null);
    }}"""


def submit_by_keyboard(page, box, path):
    box.page.wait_for_function("b => !b.disabled",  # the kernel has an answer
                               arg=box.locator("button", has_text="Submit").element_handle())
    page.wait_for_function(WIDGETS_SYNCED, arg=path)  # and all of it
    tab_to(page, box, "button:submit:Submit")
    page.keyboard.press("Enter")
    box.get_by_text("✔ Correct.").wait_for()


def keyboard_notebook() -> str:
    """The first notebook with a question of every kind."""
    kinds = {"multiple_choice", "many_choice", "numeric", "matching"}
    return next(Path(n).stem for n in NOTEBOOKS
                if kinds <= {q.type for q in KB.questions_for(Path(n).stem)})


def test_quiz_by_keyboard_alone(page, lab):
    """One question of each kind answered with the keyboard only, in JupyterLab, whose
    command-mode shortcuts take arrow and letter keys from controls that are not text fields:
    Tab to each option (radio buttons, checkboxes, each item's letters in a matching question),
    Space to choose, typing in a number's field, Enter on Submit."""
    name = keyboard_notebook()
    path = f"notebooks/{name}.ipynb"
    open_notebook(page, lab, path)
    run_all(page, path)
    kinds = {}
    for q in KB.questions_for(name):
        kinds.setdefault(q.type, q)
    for q in kinds.values():
        box = page.locator(f"{VISIBLE} .fbss-q-{q.id}")
        box.scroll_into_view_if_needed()
        if q.type == "numeric":
            box.locator("input[type=text]").focus()
            good = next(a for a in q.answers if a["correct"])
            page.keyboard.type(str(good["value"] if good["type"] == "value" else good["range"][0]))
            submit_by_keyboard(page, box, path)
            continue
        kind = "checkbox" if q.type == "many_choice" else "radio"
        if q.type == "matching":   # per item, its letters: the right one's is chosen
            choices = matching_choices(q)
            right = [choices.index(p["right"]) for p in q.pairs]
            chosen = [[i == r for i in range(len(choices))] for r in right]
        else:
            chosen = [[q.answers[i]["correct"] for i in display_order(q)]]
        box.locator(f"input[type={kind}]").first.focus()
        for n, pick in enumerate(o for item in chosen for o in item):
            if n:
                tab_to(page, box, f"input:{kind}")
            if pick:
                page.keyboard.press("Space")
        if q.type == "matching":   # each item's chosen answer is written out in words
            for i, pair in enumerate(q.pairs):
                box.locator(".fbss-match").nth(i).locator(".fbss-chosen").get_by_text(
                    pair["right"], exact=False).wait_for()
        submit_by_keyboard(page, box, path)
    assert page.console_errors == []


def test_explorer_by_keyboard_alone(page, lab):
    """An explorer's number field and choice used with the keyboard only, in JupyterLab (the
    adjacent segment model of notebook 04): the arrow keys change the number (a text field keeps
    its keys); Tab reaches each option of the choice, a radio button, and Space chooses it (a
    select lost its arrow and letter keys to the notebook's command-mode shortcuts), and the
    notebook's own keys do nothing to the notebook while the choice has the focus."""
    path = "notebooks/04_causes.ipynb"
    open_notebook(page, lab, path)
    run_all(page, path)
    model = page.locator(f"{VISIBLE} .fbss-asd-model")
    model.scroll_into_view_if_needed()

    def drawn(text):
        page.wait_for_function("([e, text]) => e.querySelector('desc').textContent.includes(text)",
                               arg=[model.element_handle(), text])

    model.get_by_role("spinbutton").focus()   # fused segments: 1, the lowest L5-S1
    page.keyboard.press("ArrowUp")
    drawn("L4-L5: fused; L5-S1: fused")
    tab_to(page, model, "input:radio")        # L1-L2
    for _ in range(3):                        # L2-L3, L3-L4, L4-L5
        tab_to(page, model, "input:radio")
    page.keyboard.press("Space")
    drawn("L3-L4: fused; L4-L5: fused; L5-S1: 180%")
    assert model.get_by_role("radio", name="L4-L5", exact=True).is_checked()
    assert focused(page).startswith("input:radio"), "the focus left the choice"
    # the notebook's command-mode keys do nothing there (course_lib.lab_settings): M made the
    # widget's cell Markdown, X cut it, the arrow keys moved to another cell
    def cell_types():
        return page.evaluate(f"path => [...{PANEL}(path).content.model.cells].map(c => c.type)",
                             path)

    cells = cell_types()
    for key in ("m", "x", "a", "ArrowDown", "ArrowUp", "d", "d"):
        page.keyboard.press(key)
        assert focused(page).startswith("input:radio"), f"{key} took the focus from the choice"
        assert cell_types() == cells, f"{key} changed the notebook"
    drawn("L3-L4: fused; L4-L5: fused; L5-S1: 180%")      # the widget is still there
    assert page.console_errors == []
