"""The course website (issue 14), built from the committed notebooks and read in headless
Chromium with nothing but 127.0.0.1 reachable: every page loads clean, widgets show their stored
view, every diagram is drawn, the quizzes answer as the notebook's quiz does, links resolve,
and axe-core finds no critical or serious problem in the course's content."""
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser.conftest import ROOT
from browser.layout import WIDTHS, layout_problems
from course_lib.knowledge import load_knowledge
from course_lib.quiz import answer_text, check, display_order

from .conftest import build


KB = load_knowledge()
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
PAGES = ["index", "search", *(f"notebooks/{n}" for n in NOTEBOOKS)]
AXE = ROOT / "site" / "node_modules" / "axe-core" / "axe.min.js"
VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
SETTLED = f"""() => {{
    const views = [...document.querySelectorAll('{VIEW}')];
    const widgetsDrawn = views.every(v => v.previousElementSibling?.matches('.widget-subarea')
                                          && v.previousElementSibling.childElementCount > 0);
    const diagramsDrawn = [...document.querySelectorAll('pre.mermaid')]
        .every(p => p.querySelector('svg'));
    const quizzesReady = [...document.querySelectorAll('.fbss-page-quiz')]
        .every(q => q.dataset.ready === 'true');
    return document.readyState === 'complete' && widgetsDrawn && diagramsDrawn && quizzesReady;
}}"""


def source_notebook(name: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))


def open_page(tab, url: str) -> None:
    """Open a page and wait until its widgets, diagrams and quizzes are drawn."""
    tab.goto(url)
    try:
        tab.wait_for_function(SETTLED, timeout=60_000)
    except PlaywrightTimeout:
        state = tab.evaluate(f"""() => ({{
            widgets: document.querySelectorAll('{VIEW}').length,
            widgetsDrawn: document.querySelectorAll('.widget-subarea').length,
            diagrams: document.querySelectorAll('pre.mermaid').length,
            diagramsDrawn: document.querySelectorAll('pre.mermaid svg').length,
            quizzes: document.querySelectorAll('.fbss-page-quiz').length,
            quizzesReady: document.querySelectorAll('.fbss-page-quiz[data-ready]').length}})""")
        pytest.fail(f"{url} did not finish drawing: {state}; problems: {tab.problems}")


def plain(text: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


# ------------------------------------------------------------------- the built files


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.loads, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag in ("script", "img", "iframe", "audio", "video", "source") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.loads.append(attrs["href"])


def parsed_pages(site: Path) -> dict[Path, _Links]:
    """Every page of the site (the theme's template fragments in _static/ are no pages)."""
    pages = {}
    for path in site.rglob("*.html"):
        if "_static" in path.relative_to(site).parts:
            continue
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    return pages


def test_pages_load_nothing_from_elsewhere(built_site):
    for path, page in parsed_pages(built_site).items():
        remote = [u for u in page.loads if urlparse(u).scheme in ("http", "https")
                  or u.startswith("//")]
        assert not remote, f"{path.name} loads {remote}"


def test_internal_links_resolve(built_site):
    pages = parsed_pages(built_site)
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            url = urlparse(link)
            if url.scheme or link.startswith(("//", "mailto:")):
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(built_site)}: broken link {link}"
            assert not url.path.endswith(".ipynb"), f"{path.name}: link to a notebook file {link}"
            if url.fragment and target.suffix == ".html":
                assert unquote(url.fragment) in pages[target].ids, \
                    f"{path.relative_to(built_site)}: no #{url.fragment} in {target.name}"
            checked += 1
    assert checked > 100


def test_every_notebook_is_a_page_that_says_how_to_run_it(built_site):
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        page = (built_site / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="notebooks/{name}.html"' in index
        assert f"labpath=notebooks%2F{name}.ipynb" in page
        assert "make lab" in plain(page) and "Education, not medical advice." in plain(page)


def test_disclaimer_once_a_page_and_no_empty_index(built_site):
    for name in NOTEBOOKS:
        page = plain((built_site / "notebooks" / f"{name}.html").read_text(encoding="utf-8"))
        assert page.count("Education, not medical advice.") == 1, name
    assert not (built_site / "genindex.html").exists()


def test_glossary_whole_on_the_page_without_a_dead_search_box(built_site):
    page = (built_site / "notebooks" / "11_glossary_and_references.html").read_text(
        encoding="utf-8")
    terms = re.findall(r"<dt><b>(.*?)</b></dt>", page)
    assert len(terms) == len(KB.terms)
    assert "without a running notebook this page shows what can be read" in plain(page)
    assert "fbss-glossary-search" not in page


def test_prompts_to_use_a_widget_say_where_it_works():
    web = build.web_notebook(source_notebook("01_spine_anatomy"), "01_spine_anatomy", KB)
    markdown = "".join(c["source"] for c in web["cells"] if c["cell_type"] == "markdown")
    assert build.TRY_ON_WEB in markdown and build.TRY not in markdown


def test_citations_in_the_text_link_to_the_references(built_site):
    page = (built_site / "notebooks" / "02_what_is_fbss.html").read_text(encoding="utf-8")
    assert 'href="11_glossary_and_references.html#ref-sebaaly-2018"' in page
    assert "11_glossary_and_references.ipynb#" not in page


def test_quizzes_come_from_the_question_data(built_site):
    for name in NOTEBOOKS:
        page = (built_site / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<div class="fbss-page-quiz" data-notebook="([^"]+)">'
                            r'<script type="application/json">(.*?)</script>', page, re.S)
        expected = [q.id for q in KB.questions_for(name)]
        if not expected:
            assert not blocks, name
            continue
        assert [b[0] for b in blocks] == [name], name
        assert [q["id"] for q in json.loads(blocks[0][1])] == expected, name


def test_quiz_widgets_leave_the_stored_widget_state():
    web = build.web_notebook(source_notebook("00_start_here"), "00_start_here", KB)
    assert "widgets" not in web["metadata"]  # its quiz is on the page, its pre-test static
    web = build.web_notebook(source_notebook("07_treatments"), "07_treatments", KB)
    state = web["metadata"]["widgets"][build.WIDGET_STATE]["state"]  # the treatment explorer's
    assert state and not any(build._is_quiz(state, m) for m in state)


def test_widgets_that_need_a_kernel_show_what_can_be_read():
    """On the web the case study is every case with its answer, the triage board its list:
    no control that cannot work, and a line that says so."""
    web = build.web_notebook(source_notebook("10_case_studies"), "10_case_studies", KB)
    shown = [o["data"] for c in web["cells"] for o in c.get("outputs", [])]
    assert not any("fbss-case-study" in json.dumps(d) for d in shown if build.WIDGET_VIEW in d)
    static = "".join(build._text(d.get("text/html", "")) for d in shown
                     if "fbss-static-view" in build._text(d.get("text/html", "")))
    text = plain(static)
    assert all(plain(html.escape(c["title"])) in text for c in KB.cases.values())
    assert static.count(">Show the answer<") == len(KB.cases) and "leaves its controls out" in text
    web = build.web_notebook(source_notebook("05_presentation_and_diagnosis"),
                             "05_presentation_and_diagnosis", KB)
    page = json.dumps(web)
    assert "Add to the list" not in page and "See them in this order" in page
    assert 'href=\\"01_spine_anatomy.html\\"' in page


# ------------------------------------------------------------------- in the browser


def _widget_views(nb: dict) -> int:
    """How many widgets the page shows as stored views: neither quizzes nor the widgets shown
    by their static HTML."""
    state = nb["metadata"].get("widgets", {}).get(build.WIDGET_STATE, {}).get("state", {})
    return sum(not (build._is_quiz(state, model) or build._is_web_static(state, model))
               for c in nb["cells"] for o in c.get("outputs", [])
               if build.WIDGET_VIEW in o.get("data", {})
               for model in [o["data"][build.WIDGET_VIEW]["model_id"]])


def _axe_problems(tab) -> list[str]:
    """Critical and serious axe-core findings in the course's content: the article, which
    holds everything the notebooks say (the search and index pages have their results in
    main). The theme's header, sidebars and footer are left out: they are sphinx-book-theme's,
    not the course's."""
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("() => axe.run(document.querySelector('main article') ? "
                          "'main article' : 'main', {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("critical", "serious")]


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_clean(tab, site_url, shots, page):
    open_page(tab, f"{site_url}/{page}.html")
    tab.screenshot(path=str(shots / f"{Path(page).name}.png"), full_page=True)
    assert tab.problems == []
    if page.startswith("notebooks/"):
        name = Path(page).name
        source = source_notebook(name)
        assert tab.locator(".widget-subarea").count() == _widget_views(source)
        assert tab.locator(".widget-subarea .jupyter-widgets").count() >= _widget_views(source)
        web = build.web_notebook(source, name, KB)  # diagrams of static widgets are left out
        diagrams = json.dumps(web, ensure_ascii=False).count('<pre class=\\"mermaid\\">')
        assert tab.locator("pre.mermaid svg").count() == diagrams
        assert tab.locator(".fbss-run-note").count() == 1
        problems = []
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            problems += [f"{page} at {width} px: {p}" for p in layout_problems(
                tab, ".cell_output .widget-subarea, .fbss-page-quiz")]
        assert problems == []
    assert _axe_problems(tab) == []


def test_one_search_box(tab, site_url):
    open_page(tab, f"{site_url}/index.html")
    boxes = [b for b in tab.locator(".search-button-field, input[type=search]").all()
             if b.is_visible()]
    assert len(boxes) == 1


def test_captions_in_the_text_colour(tab, site_url):
    """Figure captions read like the text, not in the theme's muted grey."""
    open_page(tab, f"{site_url}/notebooks/02_what_is_fbss.html")
    text, captions = tab.evaluate("""() => [
        getComputedStyle(document.querySelector('article p')).color,
        [...document.querySelectorAll('article figcaption')].map(e => getComputedStyle(e).color)]""")
    assert captions and set(captions) == {text}


def test_search_finds_course_pages(tab, site_url):
    open_page(tab, f"{site_url}/search.html?q=stimulation")
    results = tab.locator("#search-results li")
    results.first.wait_for(timeout=30_000)
    assert results.count() >= 3
    assert tab.problems == []


def _first_of_each_type():
    seen = {}
    for q in KB.questions.values():
        seen.setdefault(q.type, q)
    return seen


def _wrong_then_right(q):
    if q.type in ("multiple_choice", "many_choice"):
        right = [i for i, a in enumerate(q.answers) if a["correct"]]
        wrongs = [i for i, a in enumerate(q.answers) if not a["correct"]]
        if q.type == "multiple_choice":
            return wrongs[0], right[0]
        return (right[:-1] if len(right) > 1 else right + wrongs[:1]), right
    if q.type == "numeric":
        answer = next(a for a in q.answers if a["correct"])
        numbers = [a.get("value", 0) for a in q.answers] + [x for a in q.answers
                                                           for x in a.get("range", ())]
        return max(numbers) + 1000, answer.get("value", (answer.get("range") or [0])[0])
    rights = [p["right"] for p in q.pairs]
    shifted = rights[1:] + rights[:1]
    return ({p["left"]: r for p, r in zip(q.pairs, shifted)},
            {p["left"]: p["right"] for p in q.pairs})


def _answer(section, q, response):
    if q.type in ("multiple_choice", "many_choice"):
        chosen = {response} if q.type == "multiple_choice" else set(response)
        for box in section.locator("input").all():
            box.set_checked(int(box.get_attribute("value")) in chosen)
    elif q.type == "numeric":
        section.locator("input").fill(f"{response:g}")
    else:
        for left, right in response.items():
            section.locator(f'select[data-left="{left}"]').select_option(value=right)
    section.get_by_role("button", name="Submit").click()


def _assert_feedback(section, feedback):
    mark = "✔" if feedback.correct else "✘"
    text = plain(section.locator(".fbss-feedback").inner_text())
    assert f"{mark} {feedback.message}" in text
    for detail in feedback.details:
        assert plain(detail) in text
    return text


@pytest.mark.parametrize("kind", ["multiple_choice", "many_choice", "numeric", "matching"])
def test_quiz_question_answered_wrong_then_right(tab, site_url, kind):
    q = _first_of_each_type()[kind]
    open_page(tab, f"{site_url}/notebooks/{q.notebook}.html")
    section = tab.locator(f".fbss-q-{q.id}")
    wrong, right = _wrong_then_right(q)
    _answer(section, q, wrong)
    text = _assert_feedback(section, check(q, wrong))
    assert not check(q, wrong).correct and "Try again" in text
    _answer(section, q, right)
    text = _assert_feedback(section, check(q, right))
    assert check(q, right).correct and plain(q.explanation) in text
    assert section.get_by_role("button", name="Submit").is_disabled()
    assert "1 of" in tab.locator(".fbss-score").inner_text()
    assert tab.problems == []


def test_quiz_by_keyboard_and_show_answer(tab, site_url):
    first, second = KB.questions_for("00_start_here")[:2]
    open_page(tab, f"{site_url}/notebooks/00_start_here.html")
    section = tab.locator(f".fbss-q-{first.id}")
    section.locator("input").first.focus()
    tab.keyboard.press("Space")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    _assert_feedback(section, check(first, display_order(first)[0]))

    section = tab.locator(f".fbss-q-{second.id}")
    section.get_by_role("button", name="Show answer").click()
    text = plain(section.locator(".fbss-feedback").inner_text())
    assert f"Answer: {plain(answer_text(second).rstrip('.'))}." in text
    assert all(box.is_disabled() for box in section.locator("input").all())
    assert tab.problems == []


def test_invalid_answer_costs_no_try(tab, site_url):
    q = _first_of_each_type()["numeric"]
    open_page(tab, f"{site_url}/notebooks/{q.notebook}.html")
    section = tab.locator(f".fbss-q-{q.id}")
    section.locator("input").fill("about ten")
    section.locator("input").press("Enter")
    feedback = check(q, "about ten")
    assert not feedback.valid
    assert f"ℹ {feedback.message}" in plain(section.locator(".fbss-feedback").inner_text())
    assert section.get_by_role("button", name="Submit").is_enabled()
