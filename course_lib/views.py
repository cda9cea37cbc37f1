"""Shared pieces of the course's views: palette, HTML helpers, static fallback for widgets."""
from __future__ import annotations

import base64
import html
import io

# Okabe-Ito colour-blind-safe palette.
PALETTE = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}

esc = html.escape


# Where every source is listed, each under the anchor `ref-<id>` (notebook 11); the website
# links to its page instead (site/build.py).
REFERENCES_PAGE = "11_glossary_and_references.ipynb"


def reference_link(source_id: str) -> str:
    return f"{REFERENCES_PAGE}#ref-{source_id}"


def cite(source_ids) -> str:
    """A short inline citation, [id, id], each id a link to its entry in the references."""
    return "[" + ", ".join(
        f'<a class="fbss-cite" href="{reference_link(s)}" style="white-space:nowrap">{esc(s)}</a>'
        for s in source_ids) + "]"


def bullets(items) -> str:
    """Items given as HTML as a list, for a table cell that holds several things."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ('<ul style="margin:0;padding-left:1.2em">'
            + "".join(f"<li>{i}</li>" for i in items) + "</ul>")


def figure_html(svg: str, caption: str) -> str:
    """A figure with its text alternative as a visible caption."""
    return (f'<figure style="margin:0">{svg}<figcaption style="font-size:90%">'
            f"{esc(caption)}</figcaption></figure>")


def chart_html(fig, caption: str, text: str, colours: int | None = None) -> str:
    """A matplotlib figure as an image that fits its column, with a visible caption and its
    text alternative (`text`, the figure in words) as the image's description, not printed a
    second time under it. The figure is closed: it is shown once, here. `colours` reduces the
    image to that many colours, for drawings in a few flat shades (a third of the bytes)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    if colours:
        from PIL import Image  # matplotlib's own dependency
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").quantize(colors=colours)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
    width = round(fig.get_figwidth() * 100)  # drawn at 1.5 times its size, sharp when zoomed
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<figure class="fbss-chart" style="margin:0 0 1em">'
            f'<img src="data:image/png;base64,{data}" alt="{esc(text)}" width="{width}" '
            f'style="max-width:100%;height:auto">'
            f'<figcaption style="font-size:90%">{esc(caption)}</figcaption></figure>')


class StaticFallback:
    """Mixin for a widget: when displayed, its output also carries a static text/html and a
    short text/plain version, read where no widget frontend runs (static HTML, GitHub) and
    compared by nbval."""

    def static_html(self) -> str:
        """By default the widget's `result` HTML, where widgets keep what they show."""
        return self.result.value

    def static_text(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.static_text()
        bundle["text/html"] = self.static_html()
        return bundle


def status_html(message_html: str, sources) -> str:
    """A calculator's result, announced to screen readers when it changes, with its sources."""
    return (f'<div role="status" aria-live="polite">{message_html}</div>'
            f"<p>Sources: {cite(sources)}</p>")


def status_line(message: str, sources) -> str:
    """A calculator's result in one bold line of words, as `status_html`."""
    return status_html(f"<p><b>{esc(message)}</b></p>", sources)


def offline_result_html(widget: str, given: str, result_html: str, inputs_html: str = "") -> str:
    """What a calculator shows where no kernel runs: that it needs one, what it was given (a
    phrase, then optionally a list as HTML) and its result."""
    return f"<p>The {widget} needs a running notebook. {given}:</p>{inputs_html}{result_html}"


def table_html(headers, rows) -> str:
    """A left-aligned HTML table; cells are given as HTML."""
    cell = 'style="text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal"'
    head = "".join(f"<th {cell}>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td {cell}>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


WEB_STATIC = "fbss-web-static"
"""The DOM class of a widget the website shows by its static HTML (site/build.py): what a reader
can use there without a kernel, its controls left out."""
