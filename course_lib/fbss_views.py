"""Views of notebook 02 (what FBSS is): names, codes, frequency and repeat operations."""
from __future__ import annotations

import matplotlib.pyplot as plt

from .knowledge import KnowledgeBase
from .views import PALETTE, chart_html, cite, esc, table_html


def names_table(kb: KnowledgeBase) -> str:
    return table_html(["Name", "Status", "What it means", "Sources"], [
        [f"<b>{esc(n['name'])}</b>", n["status"], esc(n["note"]), cite(n["sources"])]
        for n in kb.fbss["names"]])


def codes_table(kb: KnowledgeBase) -> str:
    return table_html(["System", "Code", "Title", "Covers", "Caveat", "Sources"], [
        [esc(c["system"]), f"<b>{esc(c['code'])}</b>", esc(c["title"]), esc(c["covers"]),
         esc(c.get("caveat", "")), cite(c["sources"])]
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


def estimates_figure(kb: KnowledgeBase) -> str:
    """The estimates as a figure, their text alternative as the image's description."""
    return chart_html(plot_estimates(kb), "Figure 1. Three published estimates of how often "
                      "pain persists after spine surgery, each with its source.",
                      estimates_text(kb))


def estimates_text(kb: KnowledgeBase) -> str:
    return " ".join(
        f"{e['population']} {e['low']:g}" + (f" to {e['high']:g}%" if e["high"] > e["low"]
                                             else "%") + f" (weakness: {e['weakness']})"
        for e in kb.fbss["estimates"])


def plot_registry(kb: KnowledgeBase):
    """The odds of not reaching an acceptable symptom state, by number of previous operations."""
    reg = kb.fbss["registry"]
    groups = reg["groups"]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    x = range(len(groups))
    odds = [g["odds_ratio"] for g in groups]
    low = [g["odds_ratio"] - g.get("ci", [g["odds_ratio"]] * 2)[0] for g in groups]
    high = [g.get("ci", [g["odds_ratio"]] * 2)[1] - g["odds_ratio"] for g in groups]
    ax.errorbar(x, odds, yerr=[low, high], fmt="o-", color=PALETTE["vermillion"], capsize=5,
                markersize=8, label="odds ratio with 95% confidence interval")
    for i, g in enumerate(groups):
        note = f"{g['odds_ratio']:g}" + (f"\n{g['percent']:g}% acceptable" if "percent" in g else "")
        ax.annotate(note, (i, g["odds_ratio"]), xytext=(10, 4), textcoords="offset points",
                    va="bottom")
    ax.axhline(1, color="grey", linestyle=":", linewidth=1)
    ax.set_xticks(list(x), [g["previous_operations"] for g in groups])
    ax.set_xlim(-0.4, len(groups) - 0.1)
    ax.set_ylim(0, 12)
    ax.set_xlabel("Previous lumbar operations")
    ax.set_ylabel("Odds of no acceptable symptom state\n(relative to no previous operation)")
    ax.set_title(f"Norwegian registry, {reg['cases']:,} operations:\nworse results with each previous operation")
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


def registry_figure(kb: KnowledgeBase) -> str:
    """The registry's gradient as a figure, its text alternative as the image's description."""
    return chart_html(plot_registry(kb), "Figure 2. The odds of not reaching an acceptable "
                      "symptom state a year after surgery rise with each previous operation "
                      "[norwegian-registry-2023].", registry_text(kb))


def registry_text(kb: KnowledgeBase) -> str:
    reg = kb.fbss["registry"]
    ends = [g for g in reg["groups"] if "percent" in g]
    steps = [g for g in reg["groups"] if "ci" in g]
    return (f"{reg['outcome']} ({reg['cases']:,} operations): "
            + " against ".join(f"{g['percent']:g}% with {g['previous_operations']} previous"
                               for g in ends)
            + ". Odds of not reaching it, against no previous operation: "
            + "; ".join(f"{g['odds_ratio']:g} after {g['previous_operations']} "
                        f"(95% CI {g['ci'][0]:g}-{g['ci'][1]:g})" for g in steps) + ".")
