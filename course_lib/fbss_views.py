"""Views of notebook 02 (what FBSS is): names, codes, frequency and repeat operations."""
from __future__ import annotations

import matplotlib.pyplot as plt

from .knowledge import KnowledgeBase
from .views import PALETTE, cite, esc, table_html


def names_table(kb: KnowledgeBase) -> str:
    return table_html(["Name", "Status", "What it means", "Sources"], [
        [f"<b>{esc(n['name'])}</b>", n["status"], esc(n["note"]), cite(n["sources"])]
        for n in kb.fbss["names"]])


def codes_table(kb: KnowledgeBase) -> str:
    return table_html(["System", "Code", "Title", "Covers", "Caveat", "Sources"], [
        [esc(c["system"]), f"<b>{esc(c['code'])}</b>", esc(c["title"]), esc(c["covers"]),
         "⚠ " + esc(c["caveat"]) if c.get("caveat") else "", cite(c["sources"])]
        for c in kb.fbss["codes"]])


def plot_estimates(kb: KnowledgeBase):
    """Each published estimate of how often FBSS follows surgery, as a range or a point."""
    estimates = kb.fbss["estimates"]
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(estimates) + 1.4))
    for y, e in enumerate(estimates):
        if e["high"] > e["low"]:
            ax.plot([e["low"], e["high"]], [y, y], color=PALETTE["blue"], linewidth=6,
                    solid_capstyle="butt", label="range" if y == 0 else None)
        else:
            ax.plot(e["low"], y, "D", color=PALETTE["vermillion"], markersize=9)
        label = (f"{e['low']:g}-{e['high']:g}%" if e["high"] > e["low"] else f"{e['low']:g}%")
        ax.text(e["high"] + 1.5, y, f"{label}  [{', '.join(e['sources'])}]", va="center")
    ax.set_yticks(range(len(estimates)), [e["label"] for e in estimates])
    ax.set_xlim(0, 85)
    ax.invert_yaxis()
    ax.set_xlabel("Patients with persistent pain after the operation (%)")
    ax.set_title("How common is FBSS? Three estimates")
    fig.tight_layout()
    return fig


def estimates_text(kb: KnowledgeBase) -> str:
    return " ".join(
        f"{e['population']} {e['low']:g}" + (f" to {e['high']:g}%" if e["high"] > e["low"]
                                             else "%") + f" (weakness: {e['weakness']})"
        for e in kb.fbss["estimates"])


def plot_registry(kb: KnowledgeBase):
    """The share reaching an acceptable symptom state, by number of previous operations."""
    reg = kb.fbss["registry"]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    labels = [g["previous_operations"] for g in reg["groups"]]
    values = [g["percent"] for g in reg["groups"]]
    bars = ax.bar(labels, values, color=[PALETTE["blue"], PALETTE["orange"]],
                  edgecolor="black", hatch=["", "//"])
    ax.bar_label(bars, labels=[f"{v:g}%" for v in values])
    ax.set_ylim(0, 100)
    ax.set_xlabel("Before this operation")
    ax.set_ylabel("Acceptable symptom state (%)")
    ax.set_title(f"Norwegian registry, {reg['cases']:,} operations")
    fig.tight_layout()
    return fig


def registry_text(kb: KnowledgeBase) -> str:
    reg = kb.fbss["registry"]
    return (f"{reg['outcome']}: " + "; ".join(
        f"{g['percent']:g}% with {g['previous_operations']}"
        for g in reg["groups"]) + f" ({reg['cases']:,} operations).")
