"""The course's one look: buttons, badges and cards, for every widget and for the website.

`CSS` is the one stylesheet. A widget carries it with `stylesheet()` (a hidden HTML widget whose
<style> applies to the page, in JupyterLab and in the website's stored views); the website also
serves it as a file (site/build.py). Colours are the Okabe-Ito palette's, chosen for contrast
of at least 4.5:1 with their text; a badge always says in words what it marks.
"""
from __future__ import annotations

import ipywidgets as w

from .views import esc

BLUE, DARK_BLUE, FOCUS = "#0072B2", "#004B75", "#E69F00"
# badge kinds: (background, text colour); the badge's own words carry the meaning
BADGES = {
    "urgent": ("#A33F00", "#FFFFFF"),     # an emergency or urgent step
    "contested": ("#FFF4D6", "#5C4300"),  # a claim taught as contested
    "evidence": ("#E3F1FA", DARK_BLUE),   # an evidence level or guideline position
    "neutral": ("#EEEEEE", "#333333"),
}

CSS = f"""
.jupyter-widgets.jupyter-button.fbss-button, .fbss-button {{
  width: auto; min-width: 5em; max-width: 100%; height: auto;
  min-height: var(--jp-widgets-inline-height, 28px); padding: 0.2em 1em; margin: 0.2em 0.4em 0.2em 0;
  white-space: normal; line-height: 1.3; font-size: var(--jp-widgets-font-size, 13px);
  border: 1px solid {BLUE}; border-radius: 3px; background: #FFFFFF; color: {DARK_BLUE};
  box-shadow: none; cursor: pointer; }}
.jupyter-widgets.jupyter-button.fbss-button.fbss-primary, .fbss-button.fbss-primary {{
  background: {BLUE}; color: #FFFFFF; }}
.jupyter-widgets.jupyter-button.fbss-button:disabled, .fbss-button:disabled {{
  opacity: 1; background: #F3F3F3; color: #555555; border: 1px dashed #767676; cursor: not-allowed; }}
.jupyter-widgets.jupyter-button.fbss-button:focus-visible, .fbss-button:focus-visible,
.fbss-question :focus-visible {{ outline: 3px solid {FOCUS}; outline-offset: 2px; }}
.fbss-hint {{ color: #555555; font-size: 90%; }}
.fbss-screen-reader-only {{ position: absolute; left: -10000em; }}
.fbss-badge {{ display: inline-block; padding: 0 0.45em; margin: 0 0.25em 0 0; border-radius: 0.7em;
  font-size: 85%; font-weight: bold; line-height: 1.5; white-space: nowrap; }}
{"".join(f".fbss-badge-{k} {{ background: {bg}; color: {fg}; }}" for k, (bg, fg) in BADGES.items())}
.fbss-badge-contested, .fbss-badge-evidence, .fbss-badge-neutral {{ border: 1px solid currentColor; }}
.fbss-card {{ border: 1px solid #BBBBBB; border-radius: 4px; padding: 0.4em 0.8em; margin: 0 0 0.5em;
  background: var(--jp-layout-color0, #FFFFFF); }}
.fbss-card > summary {{ cursor: pointer; font-weight: bold; }}
.fbss-card[open] > summary {{ margin-bottom: 0.3em; }}
.fbss-question .widget-radio-box label, .fbss-question .widget-checkbox label {{
  height: auto; white-space: normal; line-height: 1.4; margin: 0.2em 0; }}
.fbss-question .widget-radio-box label {{ display: flex; align-items: flex-start; }}
.fbss-question .widget-radio-box input {{ float: none; flex: none; order: -1; height: 1.4em; }}
.fbss-question .widget-checkbox {{ width: auto; max-width: 100%; height: auto; }}
.fbss-choices {{ margin: 0.2em 0 0.5em; padding-left: 2em; }}
.fbss-match {{ gap: 0.2em 1em; margin: 0.1em 0; }}
.fbss-match .fbss-item {{ flex: 1 1 16em; min-width: 0; }}
.fbss-match .fbss-item .widget-html-content {{ line-height: 1.4; white-space: normal; }}
.fbss-match .fbss-letters {{ flex: none; width: auto; margin: 0; }}
.fbss-match .fbss-letters .widget-radio-box {{ flex-flow: row wrap; margin-bottom: 0; }}
.fbss-match .fbss-letters .widget-radio-box label {{ margin: 0 0.9em 0 0; }}
.fbss-match .fbss-chosen {{ flex: 1 1 14em; min-width: 0; }}
.fbss-progress {{ font-size: 95%; }}
.fbss-number.widget-text input[type="number"] {{ flex: none; width: 4.5em; }}
/* controls whose words matter wrap inside .fbss-wrap instead of being cut with an ellipsis */
.fbss-wrap .widget-checkbox {{width:auto; max-width:100%; height:auto}}
.fbss-wrap .widget-checkbox .widget-label-basic {{display:flex; align-items:flex-start; white-space:normal; overflow:visible; line-height:1.4; margin:0.15em 0}}
.fbss-wrap .widget-checkbox input {{flex:none; align-self:flex-start; height:1.4em}}
.fbss-wrap .widget-radio-box label {{height:auto; white-space:normal; line-height:1.4; margin:0.2em 0; display:flex; align-items:flex-start}}
.fbss-wrap .widget-radio-box input {{float:none; flex:none; order:-1; height:1.4em}}
.fbss-wrap .jupyter-button {{white-space:normal; height:auto; text-align:left; min-height:var(--jp-widgets-inline-height, 28px); line-height:1.3; padding:0.3em 1em}}
.fbss-wrap .widget-text {{height:auto; flex-wrap:wrap}}
/* a choice: its name above, its options as radio buttons in a row, a grid or a column */
.fbss-choice.widget-radio {{flex-direction:column; align-items:stretch; width:auto; max-width:100%; height:auto; margin:0.3em 0}}
.fbss-choice > .widget-label {{width:auto; max-width:100%; white-space:normal; text-align:left; font-weight:bold; overflow:visible}}
.fbss-choice .widget-radio-box {{flex-flow:row wrap; gap:0 1.4em; margin:0 0 0 0.8em; max-width:100%}}
.fbss-choice.fbss-grid .widget-radio-box {{display:grid; grid-template-columns:repeat(auto-fill, minmax(15em, 1fr))}}
.fbss-choice.fbss-column .widget-radio-box {{display:flex; flex-direction:column}}
.fbss-choice .widget-radio-box label {{height:auto; white-space:normal; line-height:1.4; margin:0.15em 0; display:flex; align-items:flex-start}}
.fbss-choice .widget-radio-box input {{float:none; flex:none; order:-1; height:1.4em}}
.fbss-wrap .widget-html-content {{line-height:1.45}}
"""


def style_tag() -> str:
    return f"<style>{CSS}</style>"


def stylesheet() -> w.HTML:
    """The stylesheet as a hidden widget: put it among a widget's children."""
    return w.HTML(style_tag(), layout=w.Layout(display="none"))


def button(description: str, primary: bool = False, tooltip: str = "", **kwargs) -> w.Button:
    """A button in the course's style, as wide as its words (never cut)."""
    b = w.Button(description=description, tooltip=tooltip or description,
                 layout=w.Layout(width="auto"), **kwargs)
    b.add_class("fbss-button")
    if primary:
        b.add_class("fbss-primary")
    return b


def number(description: str, value: int, low: int, high: int) -> w.BoundedIntText:
    """A whole number from `low` to `high` in a field named by its label, the course's slider:
    Tab reaches it, the arrow keys and typing change it (inside JupyterLab too, whose notebook
    shortcuts leave a text field's keys alone) and a screen reader reads its label. (An
    ipywidgets slider's handle has no accessible name.)"""
    field = w.BoundedIntText(value=value, min=low, max=high, description=description,
                             continuous_update=True, style={"description_width": "initial"},
                             layout=w.Layout(width="auto", max_width="100%"))
    field.add_class("fbss-number")
    return field


def choice(description: str, options, value=None) -> w.RadioButtons:
    """One of several options, the course's drop-down list: radio buttons under their name,
    each reached by Tab and chosen by Space (inside JupyterLab too, whose command-mode shortcuts
    take a select's arrow and letter keys). Short options sit in a row, many options in columns,
    a few long ones one under another. `options` are (label, value) pairs, `value` the chosen
    one's (the first's when None)."""
    options = list(options)
    field = w.RadioButtons(options=options, value=options[0][1] if value is None else value,
                           description=description,
                           style={"description_width": "initial"},
                           layout=w.Layout(width="auto", max_width="100%"))
    field.add_class("fbss-choice")
    if sum(len(label) for label, _ in options) > 72:
        field.add_class("fbss-grid" if len(options) > 4 else "fbss-column")
    return field


def badge(text: str, kind: str = "neutral") -> str:
    """A small label (HTML) saying in words what it marks; kind picks its colours."""
    if kind not in BADGES:
        raise ValueError(f"unknown badge kind {kind!r}; one of {', '.join(BADGES)}")
    return f'<span class="fbss-badge fbss-badge-{kind}">{esc(text)}</span>'


def card(summary_html: str, body_html: str, open_: bool = False) -> str:
    """An expandable card (HTML): a one-line summary, the long text inside."""
    return (f'<details class="fbss-card"{" open" if open_ else ""}><summary>{summary_html}'
            f"</summary>{body_html}</details>")
