"""Sphinx configuration of the course's website; site/build.py stages the source and runs it.

Every script and style a page loads is served from the site itself: the theme's own files, and
the JavaScript of site/package.json copied from site/node_modules (`npm ci` installs it).
Nothing is fetched when the site is built or read.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
WIDGETS_DIST = NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist"
# Copied to _static/: require.js and the widgets' HTML manager (stored widget views, with the
# fonts it refers to), Mermaid (diagrams).
VENDOR_FILES = [
    NODE_MODULES / "requirejs" / "require.js",
    WIDGETS_DIST / "embed-amd.js",
    *sorted(p for p in WIDGETS_DIST.glob("*") if p.suffix in (".woff2", ".woff", ".ttf", ".eot", ".svg")),
    NODE_MODULES / "mermaid" / "dist" / "mermaid.min.js",
]

project = "FBSS: an interactive course on Failed Back Surgery Syndrome"
author = "The FBSS course authors"
copyright = "the FBSS course authors; code MIT, course content CC BY 4.0"
language = "en"
root_doc = "index"

extensions = ["myst_nb"]
nb_execution_mode = "off"           # the committed outputs are the page; nothing runs
# require.js, then where the widget manager's modules (and so its fonts) live, then the manager
nb_ipywidgets_js = {"require.js": {}, "fbss-widgets.js": {}, "embed-amd.js": {}}
nb_merge_streams = True
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # notebooks start at their h1 and may skip to h3

html_theme = "sphinx_book_theme"
html_title = "FBSS course"
html_static_path = ["static", *map(str, VENDOR_FILES)]
html_css_files = ["fbss-course.css", "fbss-site.css"]  # the first from course_lib/style.py
html_last_updated_fmt = None
html_context = {"default_mode": "light"}
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "repository_url": "https://github.com/fbss-course/fbss-course",
    "use_repository_button": True,
    "use_download_button": False,  # the notebooks themselves are in the repository
    "path_to_docs": "",
    "home_page_in_toc": True,
    "show_toc_level": 2,
}
# The disclaimer is said once a page: at the top of each notebook's page and of the home page.
html_use_index = False  # the course has no index entries: the page would be empty


def _page_scripts(app, pagename, templatename, context, doctree):
    """Mermaid and the site's script only on the pages with diagrams (in the page or in a
    stored widget view) or quizzes; Mermaid first, before require.js can claim its modules."""
    text = context.get("body", "") + "".join(
        str(getattr(s, "attributes", {}).get("body", "")) for s in context.get("script_files", []))
    if "fbss-diagram" in text:
        app.add_js_file("mermaid.min.js", priority=100)
    if "fbss-diagram" in text or "fbss-page-quiz" in text:
        app.add_js_file("fbss-site.js")


def _course_stylesheet(app, exception):
    """The course's one stylesheet (course_lib/style.py), served as _static/fbss-course.css."""
    if exception is None and app.builder.format == "html":
        from course_lib.style import CSS
        (Path(app.outdir) / "_static" / "fbss-course.css").write_text(CSS, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _page_scripts)
    app.connect("build-finished", _course_stylesheet)
