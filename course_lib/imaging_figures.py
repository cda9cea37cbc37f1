"""Drawing the scenes of course_lib.imaging with matplotlib: schematic greyscale pictures in
millimetres, each marked as a drawing, with its parts labelled in words. Enhancing tissue is
hatched as well as bright, so no meaning rests on shade alone."""
from __future__ import annotations

import numpy as np
from matplotlib import patches
from matplotlib.figure import Figure

from .imaging import Scene, scene, words
from .views import chart_html

GREY = {"dark": 0.1, "grey": 0.5, "light": 0.76, "partly": 0.8, "bright": 0.97}
HATCH = {"partly": "//", "bright": "////"}     # enhancing tissue is hatched, partly: sparsely
LABEL = dict(fontsize=8, color="black", bbox=dict(boxstyle="round,pad=0.2", fc="white",
                                                  ec="#555555", lw=0.6))
_SEED = 6
COLOURS = 64        # a drawing's PNG is reduced to this many colours (see views.chart_html)


def _g(level) -> str:
    """A grey as matplotlib reads it, from a signal word or a number 0-1."""
    return str(GREY.get(level, level))


def _label(ax, text, xy, xytext):
    ax.annotate(text, xy=xy, xytext=xytext, ha="center", va="center", **LABEL,
                arrowprops=dict(arrowstyle="-", color="#E69F00", lw=1.4))


def _fill(ax, make, level):
    """Add the patch `make()` filled with a signal; a bright one is hatched too."""
    ax.add_patch(make()).set_facecolor(_g(level))
    if level in HATCH:
        ax.add_patch(make()).set(facecolor="none", edgecolor="#444444", hatch=HATCH[level], lw=0)


def _frame(fig: Figure, ax, notice: str, title: str) -> None:
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9, loc="left")
    fig.text(0.5, 0.985, notice.upper(), ha="center", va="top", fontsize=9, weight="bold",
             color="white", bbox=dict(boxstyle="square,pad=0.3", fc="#333333", ec="none"))


def _legend(fig: Figure, y: float = 0.02) -> None:
    """The greyscale key: which shade is which signal word; bright is hatched."""
    names = {"partly": "partly enhancing", "bright": "bright = enhancing"}
    fig.text(0.02, y + 0.012, "Key:", fontsize=8, va="center")
    for x, (word, level) in zip((0.09, 0.19, 0.29, 0.39, 0.6), GREY.items()):
        fig.patches.append(patches.Rectangle((x, y), 0.025, 0.025, transform=fig.transFigure,
                                             fc=str(level), ec="black", lw=0.6,
                                             hatch=HATCH.get(word)))
        fig.text(x + 0.032, y + 0.012, names.get(word, word), fontsize=8, va="center")


# ------------------------------------------------------------------ MRI, axial at L5-S1
def _mri(ax, s: Scene) -> None:
    lesion = s.parts["lesion"]
    sac = lesion and lesion["sac"]
    ax.add_patch(patches.Rectangle((-42, -44), 84, 90, fc="0.22"))           # background
    for x in (-16, 16):                                                       # paraspinal muscles
        ax.add_patch(patches.Ellipse((x, -34), 22, 14, fc="0.36", ec="0.25"))
    ax.add_patch(patches.Ellipse((0, 27), 56, 30, fc=_g("grey"), ec="0.3"))  # disc
    ax.add_patch(patches.Ellipse((0, 1), 44, 24, fc=_g("light")))            # epidural fat
    bone = dict(fc="0.8", ec="0.15", lw=1)
    ax.add_patch(patches.Polygon([(-20, -6), (-24, -10), (-4, -25), (-1, -21)], **bone))  # right lamina
    ax.add_patch(patches.Polygon([(1, -21), (4, -25), (9, -21), (6, -18)], **bone))       # left, cut
    ax.add_patch(patches.Rectangle((-2.5, -33), 5, 11, **bone))                            # spinous
    for x in (-25, 25):
        ax.add_patch(patches.Ellipse((x, -2), 9, 13, **bone))                               # facets
    if lesion and lesion["shape"] == "scar":
        outline = [(6, 13), (12, 15), (18, 12), (19, 3), (17, -7), (13, -16), (9, -12), (8, -4),
                   (7, 5)]
        _fill(ax, lambda: patches.Polygon(outline, closed=True, ec="none"), lesion["core"])
    sac_x = {"pushed": -5, "pulled": 4}.get(sac, 0)
    ax.add_patch(patches.Ellipse((sac_x, -2), 19, 16, fc=_g("dark"), ec="0.35"))     # dural sac
    root_x = 17 if sac == "pushed" else 12
    for x, level in ((-12, "grey"), (root_x, s.parts["root"])):
        _fill(ax, lambda: patches.Circle((x, 7), 3, ec="black", lw=0.6), level)       # S1 roots
    if lesion and lesion["shape"] == "fragment":
        if lesion["rim"]:
            _fill(ax, lambda: patches.Annulus((8.5, 10.5), (7.6, 5.6), 1.8, ec="none"),
                  lesion["rim"])
        _fill(ax, lambda: patches.Ellipse((8.5, 10.5), 11.6, 7.6, ec="none"), lesion["core"])
    _label(ax, "Disc", (-14, 30), (-30, 40))
    _label(ax, "Dural sac\n(spinal fluid)", (sac_x - 4, -4), (-30, 14))
    _label(ax, "Left S1 root", (root_x + 1.5, 8), (32, 27))
    _label(ax, "Lamina partly\nremoved (operated)", (7, -21), (29, -17))
    _label(ax, "Epidural fat\n(light on T1)", (-16, -1), (-31, -16))
    if lesion:
        _label(ax, "Mass", (13, 10) if lesion["shape"] == "fragment" else (17, -4), (34, 4))
    ax.text(-40, 44, "R", fontsize=11, weight="bold", color="white", va="top")
    ax.text(40, 44, "L", fontsize=11, weight="bold", color="white", va="top", ha="right")
    ax.text(0, 45, "front", fontsize=8, color="white", ha="center", va="top")
    ax.set_xlim(-42, 42)
    ax.set_ylim(-44, 46)


# ------------------------------------------------------------------ CT, sagittal L4-L5 fusion
def _trabeculae(ax, x0, x1, y0, y1, rng, level=0.6):
    for _ in range(int((x1 - x0) * (y1 - y0) / 9)):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        a = rng.uniform(0, np.pi)
        ax.plot([x, x + 2.2 * np.cos(a)], [y, y + 2.2 * np.sin(a)], color=str(level), lw=0.7,
                zorder=1)


SCREW_Y, SCREW_W = (14, 52), 6.5          # L5 and L4 screw axes; shaft width (mm)


def _ct(ax, s: Scene, rng, streaks: bool = True) -> None:
    p = s.parts
    ax.add_patch(patches.Rectangle((-8, -8), 84, 84, fc="0.28"))
    for y0 in (0, 38):                                         # L5 and L4 bodies, then pedicles
        ax.add_patch(patches.FancyBboxPatch((0, y0), 36, 28, boxstyle="round,pad=0,rounding_size=3",
                                            fc="0.78", ec="0.95", lw=2))
        _trabeculae(ax, 1.5, 34.5, y0 + 1.5, y0 + 26.5, rng)
        ax.add_patch(patches.Rectangle((35, y0 + 7), 18, 14, fc="0.78", ec="0.95", lw=1.5))
        ax.add_patch(patches.Ellipse((58, y0 + 14), 12, 22, fc="0.78", ec="0.95", lw=1.5))
    ax.add_patch(patches.Rectangle((1, 28), 34, 10, fc="0.7"))   # graft in the disc space
    if p["bridging"]:
        _trabeculae(ax, 1.5, 34.5, 27, 39, rng)
    else:
        xs = np.linspace(1, 35, 30)
        ys = 33 + 0.9 * np.sin(xs * 1.7)
        ax.fill_between(xs, ys - 1.2, ys + 1.2, color="0.06")
    ax.add_patch(patches.Rectangle((9, 28.5), 18, 9, fc="none", ec="white", lw=1.6))  # cage
    half = SCREW_W / 2
    for y in SCREW_Y:
        lucent = p["lucency_mm"] if y == SCREW_Y[0] else 0
        if lucent:
            ax.add_patch(patches.Rectangle((8 - lucent, y - half - lucent), 56 + lucent,
                                           SCREW_W + 2 * lucent, fc="0.04"))
        if y == SCREW_Y[0] and p["broken_screw"]:
            ax.add_patch(patches.Rectangle((8, y - half - 0.8), 33, SCREW_W, fc="white"))
            ax.add_patch(patches.Rectangle((42.5, y - half), 21.5, SCREW_W, fc="white"))
        else:
            ax.add_patch(patches.Rectangle((8, y - half), 56, SCREW_W, fc="white"))
        ax.add_patch(patches.Rectangle((62, y - 5), 7, 10, fc="white"))        # screw head
    ax.add_patch(patches.Rectangle((66, 8), 5.5, 50, fc="white"))               # rod
    for y in SCREW_Y if streaks else ():                          # streaks from the metal
        for k in range(10):
            a = np.pi * k / 10 + 0.15
            ax.plot([36 + 40 * np.cos(a), 36 - 40 * np.cos(a)],
                    [y + 40 * np.sin(a), y - 40 * np.sin(a)],
                    color="white" if k % 2 else "black", lw=1.2, alpha=0.55 * p["streaks"])
    ax.set_xlim(-8, 76)
    ax.set_ylim(-8, 76)


def _ct_labels(ax) -> None:
    _label(ax, "L4", (18, 52), (18, 71))
    _label(ax, "L5", (18, 8), (18, -4))
    _label(ax, "Disc space\nwith cage", (4, 33), (-1, 45))
    _label(ax, "Rod", (69, 30), (74, 40))
    _label(ax, "L5 screw", (47, 14), (50, 1))
    ax.text(-6, 74, "front", fontsize=8, color="white", va="top")
    ax.text(76, 74, "back", fontsize=8, color="white", va="top", ha="right")


def _ruler(ax, origin, direction, length, labels_every=1, side=1, size=7, numbers=True):
    """A millimetre ruler from `origin` along `direction` ((1, 0) or (0, -1)...), 0 at origin."""
    ox, oy = origin
    dx, dy = direction
    nx, ny = -dy * side, dx * side                   # the side the ticks and numbers point to
    width = 2.6
    corners = [(ox, oy), (ox + dx * length, oy + dy * length),
               (ox + dx * length + nx * width, oy + dy * length + ny * width),
               (ox + nx * width, oy + ny * width)]
    ax.add_patch(patches.Polygon(corners, closed=True, fc="white", ec="black", lw=0.8))
    for mm in range(length + 1):
        x, y = ox + dx * mm, oy + dy * mm
        tick = 1.2 if mm % labels_every else 1.6
        ax.plot([x, x + nx * tick], [y, y + ny * tick], color="black", lw=0.8)
        if numbers and mm % labels_every == 0:
            ax.text(x + nx * 2.1, y + ny * 2.1, str(mm), fontsize=size, ha="center",
                    va="center")


def _ct_zoom(ax, s: Scene) -> None:
    """The L5 screw enlarged, with a millimetre ruler from the shaft's lower edge outwards."""
    _ct(ax, s, np.random.RandomState(_SEED), streaks=False)
    y_edge = SCREW_Y[0] - SCREW_W / 2
    ax.set_xlim(24, 40)
    ax.set_ylim(y_edge - 7, y_edge + 6)
    _ruler(ax, (30, y_edge), (0, -1), 5, side=-1, size=8)
    ax.plot([26, 40], [y_edge, y_edge], color="#E69F00", lw=1.2, ls="--")
    ax.text(39.6, y_edge + 0.5, "edge of the screw", fontsize=8, ha="right", va="bottom",
            **{"bbox": LABEL["bbox"]})
    ax.set_title("L5 screw enlarged, ruler in mm", fontsize=9, loc="left")


# ------------------------------------------------------------------ flexion-extension films
def _body(ax, corner, angle_deg, depth, height):
    """A vertebral body as a box, rotated about its posterior-inferior corner."""
    t = np.radians(angle_deg)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    box = np.array([(0, 0), (-depth, 0), (-depth, height), (0, height)])
    ax.add_patch(patches.Polygon(box @ rot.T + np.array(corner), closed=True, fc="0.8",
                                 ec="0.2", lw=1.5))


FILMS = {"flexion": (7, 9), "extension": (-5, 6)}   # L4's tilt (degrees) and back disc height


def _film(ax, slip, position, depth, reveal, zoom=False):
    angle, disc_back = FILMS[position]
    ax.add_patch(patches.Rectangle((-14, -10), 66, 80, fc="0.3"))
    _body(ax, (36, 0), 0, depth, 27)                                           # L5
    corner = (36 - slip, 27 + disc_back)
    _body(ax, corner, angle, depth, 27)                                        # L4
    ax.plot([36, 36], [27, 27 + disc_back + 8], color="#56B4E9", lw=1.4, ls="--")
    ax.plot([corner[0], corner[0]], [corner[1], 27], color="#E69F00", lw=1.6, ls=":")
    ax.plot(*corner, marker="o", color="#E69F00", ms=4)
    _ruler(ax, (36, 27), (-1, 0), 10, labels_every=1 if zoom else 2, size=8, numbers=zoom)
    if zoom:
        ax.set_xlim(22, 40)
        ax.set_ylim(23.6, 27 + disc_back + 5)
        ax.text(36.4, 27 + disc_back + 4, "back of L5", fontsize=8, va="top", bbox=LABEL["bbox"])
        ax.text(corner[0] + 0.4, corner[1] - 0.4, "back corner of L4", fontsize=8, va="top",
                bbox=LABEL["bbox"])
        if reveal:
            ax.text(22.5, 27 + 3.4, f"slip {slip:g} mm", fontsize=9, va="bottom",
                    bbox=LABEL["bbox"])
        return
    _label(ax, "L4", (12, 42), (4, 60))
    _label(ax, "L5", (12, 12), (4, 3))
    ax.text(-12, 68, "front", fontsize=8, color="white", va="top")
    ax.text(50, 68, "back", fontsize=8, color="white", va="top", ha="right")
    ax.set_xlim(-14, 52)
    ax.set_ylim(-10, 70)


# ------------------------------------------------------------------ metal artefact, axial L4
def _metal(ax, s: Scene, rng, size: float = 7) -> None:
    p = s.parts
    ax.add_patch(patches.Rectangle((-34, -40), 68, 76, fc="0.3"))
    ax.add_patch(patches.Circle((0, 16), 17, fc="0.72", ec="0.9", lw=1.5))   # vertebral body
    ax.add_patch(patches.Ellipse((0, -9), 15, 12, fc="white" if p["myelogram"] else "0.12",
                                 ec="0.5"))                                   # dural sac
    if p["myelogram"]:
        for x in (-4, 0, 4):
            ax.add_patch(patches.Circle((x, -10), 1.1, fc="0.3"))            # roots in contrast
    for side in (-1, 1):
        start, end = np.array([side * 17, -24]), np.array([side * 5, 22])
        mid, angle = (start + end) / 2, np.degrees(np.arctan2(*(end - start)[::-1]))
        length = np.hypot(*(end - start))
        if p["ct"]:
            for k in range(int(6 * p["artefact"])):
                a = rng.uniform(0, np.pi)
                ax.plot([mid[0] - 30 * np.cos(a), mid[0] + 30 * np.cos(a)],
                        [mid[1] - 30 * np.sin(a), mid[1] + 30 * np.sin(a)],
                        color="white" if k % 2 else "black", lw=0.8, alpha=0.35)
        else:
            w = 4.5 * p["artefact"]
            ax.add_patch(patches.Ellipse(mid, length + w, w, angle=angle, fc="black",
                                         ec="white", lw=1.5))
        if p["ct"]:                                   # metal is white on CT, black on MRI
            ax.add_patch(patches.Ellipse(mid, length, 3, angle=angle, fc="white", ec="none"))
        else:
            ax.add_patch(patches.Ellipse(mid, length, 3, angle=angle, fc="none", ec="0.6",
                                         lw=0.8, ls="--"))
    label = dict(LABEL, fontsize=size)
    body = "Vertebral body"
    sac = "Sac with\ncontrast" if p["myelogram"] else "Dural sac"
    metal = "Screw, streaks" if p["ct"] else "Void: screw\n(no signal)"
    for text, xy, at in ((body, (0, 24), (0, 33)), (sac, (0, -9), (0, -33)),
                         (metal, (13, -12), (22, -24))):
        ax.annotate(text, xy=xy, xytext=at, ha="center", va="center", **label,
                    arrowprops=dict(arrowstyle="-", color="#E69F00", lw=1.2))
    ax.text(-32, 34, "front", fontsize=7, color="white", va="top")
    ax.set_xlim(-34, 34)
    ax.set_ylim(-40, 36)


# ------------------------------------------------------------------ figures
def draw(kb, view, reveal: bool = True) -> Figure:
    """The drawing of one view; `reveal` False leaves out what would give away a quiz answer."""
    s = scene(kb, view)
    notice, rng = kb.imaging["notice"], np.random.RandomState(_SEED)
    if s.study == "flexion_extension":
        fig = Figure(figsize=(8, 8))
        axes = fig.subplots(2, 2, gridspec_kw={"height_ratios": [1.5, 1]})
        p = s.parts
        for col, position in enumerate(FILMS):
            slip = p[f"{position}_mm"]
            _film(axes[0, col], slip, position, p["body_depth_mm"], reveal)
            _frame(fig, axes[0, col], notice, f"{position.capitalize()} "
                   f"(bending {'forwards' if position == 'flexion' else 'backwards'}), unfused")
            _film(axes[1, col], slip, position, p["body_depth_mm"], reveal, zoom=True)
            _frame(fig, axes[1, col], notice, f"{position.capitalize()}: back of the disc "
                   "enlarged, ruler in mm")
        fig.subplots_adjust(left=0.02, right=0.98, top=0.93, bottom=0.02, wspace=0.06, hspace=0.12)
        return fig
    if s.study == "ct":
        fig = Figure(figsize=(8, 5.2))
        main, zoom = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
        _ct(main, s, rng)
        _ct_labels(main)
        _frame(fig, main, notice, "Sagittal CT through the right pedicles")
        _ct_zoom(zoom, s)
        zoom.set_aspect("equal")
        zoom.set_xticks([])
        zoom.set_yticks([])
        fig.subplots_adjust(left=0.02, right=0.98, top=0.87, bottom=0.03, wspace=0.06)
        return fig
    if s.study == "metal":
        fig = Figure(figsize=(4.2, 4.6))
        ax = fig.subplots()
        _metal(ax, s, rng)
        _frame(fig, ax, notice, s.title.split(": ")[-1])
        fig.subplots_adjust(left=0.03, right=0.97, top=0.86, bottom=0.03)
        return fig
    fig = Figure(figsize=(6.4, 6.4))
    ax = fig.subplots()
    _mri(ax, s)
    _frame(fig, ax, notice, s.title.split(": ", 1)[-1])
    _legend(fig)
    fig.subplots_adjust(left=0.03, right=0.97, top=0.9, bottom=0.08)
    return fig


def metal_comparison(kb) -> Figure:
    """The same screws imaged every way the data lists, side by side."""
    methods = kb.imaging["metal"]["methods"]
    fig = Figure(figsize=(10, 3.4))
    axes = fig.subplots(1, len(methods))
    for ax, m in zip(axes, methods):
        s = scene(kb, {"study": "metal", "method": m["id"]})
        _metal(ax, s, np.random.RandomState(_SEED), size=6)
        _frame(fig, ax, kb.imaging["notice"], "")
        ax.set_title(m["label"].replace(" with ", "\nwith ").replace(", ", ",\n"), fontsize=8)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.72, bottom=0.02, wspace=0.05)
    return fig


def image_html(kb, view, caption: str, reveal: bool = True) -> str:
    """A drawn image with its caption and, as its text alternative, the drawing in words."""
    return chart_html(draw(kb, view, reveal), caption, words(kb, scene(kb, view), reveal),
                      colours=COLOURS)
