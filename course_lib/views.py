"""Shared pieces of the course's views: palette, HTML helpers, static fallback for widgets."""
from __future__ import annotations

import html

# Okabe-Ito colour-blind-safe palette.
PALETTE = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}

esc = html.escape


def cite(source_ids) -> str:
    """A short inline citation: [id, id]."""
    return "[" + ", ".join(esc(s) for s in source_ids) + "]"


def figure_html(svg: str, caption: str) -> str:
    """A figure with its text alternative as a visible caption."""
    return (f'<figure style="margin:0">{svg}<figcaption style="font-size:90%">'
            f"{esc(caption)}</figcaption></figure>")


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


def table_html(headers, rows) -> str:
    """A left-aligned HTML table; cells are given as HTML."""
    cell = 'style="text-align:left;vertical-align:top"'
    head = "".join(f"<th {cell}>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td {cell}>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

