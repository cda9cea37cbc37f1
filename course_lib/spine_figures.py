"""SVG figures of the spine, drawn from the knowledge base: the whole column (side view) and
one motion segment. Each has a <title> and <desc> as its text alternative."""
from __future__ import annotations

import math

from .knowledge import KnowledgeBase
from .views import PALETTE, esc

REGION_COLOURS = {"cervical": PALETTE["orange"], "thoracic": PALETTE["sky"],
                  "lumbar": PALETTE["green"], "sacral": PALETTE["yellow"],
                  "coccygeal": PALETTE["purple"]}
_HEIGHT = {"cervical": 13, "thoracic": 15, "lumbar": 21, "sacral": 13, "coccygeal": 7}
_WIDTH = {"cervical": 28, "thoracic": 34, "lumbar": 44, "sacral": 40, "coccygeal": 16}
# Sideways offset of each region's middle: + is towards the back (right). Lordosis bows
# towards the front, kyphosis towards the back.
_BOW = {"lordosis": -14, "kyphosis": 14}
_GAP = 3


def _open_svg(width: int, height: int, title: str, desc: str, uid: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{uid}-t {uid}-d" '
            'style="font-family:sans-serif;font-size:12px;background:white;max-width:100%;'
            'height:auto">',
            f'<title id="{uid}-t">{esc(title)}</title><desc id="{uid}-d">{esc(desc)}</desc>',
            f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="black" '
            'stroke-width="2"/></pattern></defs>']


def _column_layout(kb: KnowledgeBase):
    """(vertebra, region, x_centre, y_top, width, height) top to bottom."""
    rows, y = [], 30.0
    for region in kb.regions.values():
        for name in region.levels:
            h = _HEIGHT.get(region.id, 14)
            rows.append([name, region, 0.0, y, _WIDTH.get(region.id, 30), h])
            y += h + (0 if region.fused else _GAP)
    # Bow each region along a half sine so the curves read as lordosis or kyphosis.
    for region in kb.regions.values():
        members = [r for r in rows if r[1] is region]
        for i, r in enumerate(members):
            r[2] = _BOW[region.curve] * math.sin(math.pi * (i + 0.5) / len(members))
    return rows, y


def spine_svg(kb: KnowledgeBase, highlight: frozenset[str] = frozenset(),
              label: str = "") -> str:
    """The column from the side (front on the left), regions labelled, the cord ending at
    the conus and the cauda equina below; `highlight` vertebrae drawn hatched and outlined."""
    rows, bottom = _column_layout(kb)
    width, cx = 430, 120
    chosen = ", ".join(r[0] for r in rows if r[0] in highlight)
    desc = ("Side view of the spine, front to the left: " + "; ".join(
        f"{reg.name.lower()}, {reg.vertebrae} vertebrae{' fused' if reg.fused else ''}, "
        f"curve {reg.curve}" for reg in kb.regions.values()) +
        f". The spinal cord ends at {kb.cord['conus_level']}; the cauda equina runs below." +
        (f" Highlighted: {chosen}." if chosen else ""))
    out = _open_svg(width, int(bottom) + 20, "The spinal column", desc, "spine")
    out.append('<text x="10" y="18">front</text><text x="190" y="18">back</text>')
    conus = kb.disc_levels.get(kb.cord["conus_level"])
    conus_y = None
    for name, region, dx, y, w_, h in rows:
        x = cx + dx - w_ / 2
        fill = REGION_COLOURS.get(region.id, PALETTE["grey"])
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w_}" height="{h}" rx="3" '
                   f'fill="{fill}" stroke="#333" stroke-width="0.8"><title>{name}</title></rect>')
        if name in highlight:
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w_}" height="{h}" rx="3" '
                       f'fill="url(#spine-hatch)" fill-opacity="0.35" stroke="black" '
                       'stroke-width="3"/>')
            if len(highlight) == 1:
                out.append(f'<text x="{x - 24:.1f}" y="{y + h - 2:.1f}" text-anchor="end" '
                           'font-weight="bold">▶</text>')
        if not region.fused or name.endswith("1"):
            out.append(f'<text x="{x - 6:.1f}" y="{y + h - 3:.1f}" text-anchor="end" '
                       f'font-size="9">{name}</text>')
        if conus and name == conus.upper:
            conus_y = y + h + _GAP / 2
    # Cord behind the bodies, then the cauda equina as fine lines.
    cord = [(cx + dx + w_ / 2 + 7, y + h / 2) for _, _, dx, y, w_, h in rows]
    above = [p for p in cord if conus_y is None or p[1] <= conus_y]
    out.append('<polyline fill="none" stroke="#444" stroke-width="4" points="' +
               " ".join(f"{x:.1f},{y:.1f}" for x, y in above) + '"/>')
    if conus_y is not None:
        below = [p for p in cord if p[1] > conus_y][:8]
        for k in range(4):
            out.append('<polyline fill="none" stroke="#444" stroke-width="0.8" points="' +
                       " ".join(f"{x + k * 2 - 3:.1f},{y:.1f}" for x, y in [above[-1], *below])
                       + '"/>')
        x, y = above[-1]
        out.append(f'<text x="{x + 12:.1f}" y="{y + 4:.1f}" font-size="10">conus '
                   f'({kb.cord["conus_level"]})</text>')
        x, y = below[len(below) // 2]
        out.append(f'<text x="{x + 12:.1f}" y="{y:.1f}" font-size="10">cauda equina</text>')
    for region in kb.regions.values():
        members = [r for r in rows if r[1] is region]
        mid = (members[0][3] + members[-1][3] + members[-1][5]) / 2
        out.append(f'<text x="285" y="{mid:.1f}"><tspan font-weight="bold">{region.name}'
                   f'</tspan><tspan x="285" dy="14">{region.vertebrae}'
                   f'{" fused" if region.fused else ""}, {region.curve}</tspan></text>')
    if label:
        out.append(f'<text x="10" y="{bottom + 12:.0f}" font-weight="bold">{esc(label)}</text>')
    out.append("</svg>")
    return "".join(out)


# (label, text x, text y, anchor, leader end x, leader end y); figure drawn at x 170-500,
# shifted 40 right; the longest label on the right must end inside the 860 wide drawing.
_SEGMENT_LABELS = [
    ("Vertebral body", 160, 70, "end", 215, 70),
    ("Nucleus pulposus (disc centre)", 160, 122, "end", 245, 130),
    ("Annulus fibrosus (outer disc)", 160, 146, "end", 222, 142),
    ("Anterior longitudinal ligament", 160, 200, "end", 207, 200),
    ("Posterior longitudinal ligament", 240, 258, "middle", 333, 225),
    ("Pedicle", 352, 24, "middle", 352, 55),
    ("Exiting root, in the foramen", 520, 86, "start", 364, 102),
    ("Facet joint", 520, 106, "start", 409, 118),
    ("Ligamentum flavum", 520, 126, "start", 381, 126),
    ("Traversing root (leaves one level lower)", 520, 146, "start", 361, 146),
    ("Lamina", 520, 168, "start", 400, 170),
    ("Spinous process", 520, 196, "start", 490, 196),
    ("Multifidus (deep back muscle)", 520, 240, "start", 470, 235),
]


def motion_segment_svg() -> str:
    """Two vertebrae and the disc, joints, ligaments, root and muscle between them."""
    out = _open_svg(860, 270, "A lumbar motion segment, side view",
                    "Side view of two lumbar vertebrae, front to the left. The disc (outer "
                    "annulus fibrosus, inner nucleus pulposus) joins the two bodies; the "
                    "longitudinal ligaments run down the front and back of the bodies. Behind, "
                    "the pedicles join the bodies to the arch; the exiting nerve root leaves "
                    "through the foramen under the upper pedicle, in front of the facet joint, "
                    "while the traversing root runs down behind the disc to leave one level "
                    "lower. "
                    "The laminae, joined by the ligamentum flavum, and the spinous processes "
                    "form the back, with the multifidus muscle behind them.", "segment")
    bone, line = "#E8E0C8", 'stroke="#333"'
    out.append('<g transform="translate(40,0)">')
    for top in (40, 150):  # upper and lower vertebra
        out += [
            f'<rect x="210" y="{top}" width="120" height="70" rx="8" fill="{bone}" {line}/>',
            f'<rect x="330" y="{top + 15}" width="45" height="28" fill="{bone}" {line}/>',
            f'<path d="M375 {top + 5} L420 {top + 5} L420 {top + 70} L375 {top + 70} Z" '
            f'fill="{bone}" {line}/>',
            f'<path d="M420 {top + 15} L490 {top + 40} L490 {top + 55} L420 {top + 50} Z" '
            f'fill="{bone}" {line}/>',
        ]
    out += [
        f'<path d="M425 90 Q470 100 500 120 L505 250 Q460 250 425 215 Z" '
        f'fill="{PALETTE["vermillion"]}" fill-opacity="0.2" stroke="{PALETTE["vermillion"]}"/>',
        f'<rect x="212" y="112" width="116" height="36" rx="14" fill="{PALETTE["sky"]}" {line}/>',
        f'<ellipse cx="270" cy="130" rx="30" ry="11" fill="{PALETTE["blue"]}" {line}/>',
        '<line x1="207" y1="36" x2="207" y2="224" stroke="#333" stroke-width="3"/>',
        '<line x1="333" y1="36" x2="333" y2="224" stroke="#333" stroke-width="3"/>',
        f'<rect x="377" y="110" width="8" height="45" fill="{PALETTE["orange"]}" {line}/>',
        '<line x1="400" y1="110" x2="418" y2="126" stroke="black" stroke-width="3"/>',
        f'<circle cx="355" cy="102" r="9" fill="{PALETTE["yellow"]}" {line}/>',
        f'<ellipse cx="352" cy="146" rx="6" ry="16" fill="{PALETTE["yellow"]}" {line}/>',
    ]
    for text, x, y, anchor, lx, ly in _SEGMENT_LABELS:
        end = x + 4 if anchor == "end" else (x - 4 if anchor == "start" else x)
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{end}" y2="{y - 4}" stroke="#777" '
                   f'stroke-width="0.8"/><text x="{x}" y="{y}" text-anchor="{anchor}">'
                   f'{esc(text)}</text>')
    out.append("</g></svg>")
    return "".join(out)


# The operation figure: three lumbar vertebrae from the side, front on the left; the operated
# level is the lower disc, its neighbour the upper one. Shapes as (kind, x, y, w, h).
_OP_TOPS = (20, 135, 250)           # tops of the three vertebral bodies
_OP_PARTS = {  # at the operated level, between the middle and lower vertebra
    "disc": (70, 205, 120, 45), "herniation": (192, 212, 22, 30),
    "ligamentum-flavum": (262, 200, 10, 55), "lamina": (240, 140, 45, 65),
    "lamina-part": (240, 175, 45, 30), "spinous-process": (285, 150, 80, 35),
    "facet-part": (226, 208, 14, 30), "facet": (226, 200, 32, 45),
}
_OP_LABELS = {"herniation": "herniated piece of disc", "disc": "disc",
              "ligamentum-flavum": "ligamentum flavum", "lamina": "lamina",
              "spinous-process": "spinous process", "facet": "facet joint"}
# label y, and the point on the drawing its leader line starts from
_OP_CALLOUTS = {"lamina": (150, (285, 160)), "spinous-process": (175, (365, 170)),
                "facet": (200, (245, 215)), "ligamentum-flavum": (225, (272, 230)),
                "herniation": (250, (213, 235)), "disc": (275, (190, 240))}


def _op_vertebra(top: int, bone: str) -> list[str]:
    line = 'stroke="#333"'
    return [f'<rect x="70" y="{top}" width="120" height="70" rx="8" fill="{bone}" {line}/>',
            f'<rect x="190" y="{top + 12}" width="40" height="26" fill="{bone}" {line}/>',
            f'<rect x="230" y="{top + 5}" width="55" height="65" fill="{bone}" {line}/>',
            f'<path d="M285 {top + 15} L365 {top + 35} L365 {top + 50} L285 {top + 50} Z" '
            f'fill="{bone}" {line}/>']


def operation_svg(op, changes) -> str:
    """One operation on the motion segment: what it removes (hatched, dashed outline, labelled
    "removed"), what it adds (labelled), and what happens to movement and to the level above.
    `op` is an entry of operations.yaml, `changes` its course_lib.operations.Changes."""
    removed, added = ", ".join(changes.removed) or "nothing", ", ".join(changes.added) or "nothing"
    desc = (f"{op['name']} on a lumbar motion segment seen from the side, front on the left. "
            f"Approach: {op['approach']} Removed: {removed}. Added: {added}. Movement at the "
            f"operated level: {changes.motion}. The level above: {changes.neighbours}.")
    out = _open_svg(760, 340, f"{op['name']}: what it changes", desc, "op")
    bone = "#E8E0C8"
    out.append('<text x="10" y="14" font-size="11">front</text>'
               '<text x="330" y="14" font-size="11">back</text>')
    for top in _OP_TOPS:
        out += _op_vertebra(top, bone)
    out.append(f'<rect x="72" y="92" width="116" height="41" rx="12" fill="{PALETTE["sky"]}" '
               'stroke="#333"/><text x="130" y="117" text-anchor="middle" font-size="10">'
               'disc above</text>')
    x, y, w_, h = _OP_PARTS["disc"]
    if "disc" not in op["removes"]:
        out.append(f'<rect x="{x + 2}" y="{y + 2}" width="{w_ - 4}" height="{h - 4}" rx="12" '
                   f'fill="{PALETTE["sky"]}" stroke="#333"/>')
    out.append(f'<rect x="230" y="205" width="24" height="36" rx="4" fill="{bone}" '
               'stroke="#333"/><line x1="232" y1="223" x2="252" y2="223" stroke="#333" '
               'stroke-width="2"/>')  # the facet joint of the operated level
    out.append(f'<rect x="262" y="200" width="10" height="55" fill="{PALETTE["orange"]}" '
               'stroke="#333"/>' if "ligamentum-flavum" not in op["removes"] else "")
    for part in op["removes"]:
        x, y, w_, h = _OP_PARTS[part]
        out.append(f'<rect x="{x}" y="{y}" width="{w_}" height="{h}" fill="white" '
                   'stroke="black" stroke-dasharray="4 3" stroke-width="1.5"/>'
                   f'<rect x="{x}" y="{y}" width="{w_}" height="{h}" fill="url(#op-hatch)" '
                   'fill-opacity="0.3"/>')
    out += _op_implants(op["adds"])
    for part, (y, (lx, ly)) in _OP_CALLOUTS.items():
        if part == "herniation" and part not in op["removes"]:
            continue  # drawn only where the operation is for one
        gone = ("removed" if part in op["removes"] else "part removed" if f"{part}-part" in op["removes"] else "")
        out.append(f'<line x1="{lx}" y1="{ly}" x2="396" y2="{y - 4}" stroke="#777" '
                   f'stroke-width="0.8"/><text x="400" y="{y}">{_OP_LABELS[part]}'
                   + (f': <tspan font-weight="bold">{gone}</tspan>' if gone else "") + "</text>")
    out.append('<text x="400" y="117" font-weight="bold">'
               + ("disc above: more movement and load (thought)" if op["fused"] else
                  "disc above") + "</text>")
    out.append('<text x="400" y="300" font-weight="bold">operated level: '
               + esc(changes.motion.split(":")[0].split(";")[0]) + "</text>")
    out.append("</svg>")
    return "".join(out)


def _op_implants(adds) -> list[str]:
    out = []
    if "cage" in adds:
        out.append(f'<rect x="90" y="210" width="80" height="35" fill="{PALETTE["grey"]}" '
                   'stroke="black" stroke-width="2"/><text x="130" y="232" '
                   'text-anchor="middle" font-size="10">cage + graft</text>')
    if "artificial-disc" in adds:
        out.append('<rect x="80" y="207" width="100" height="6" fill="#555"/>'
                   '<rect x="80" y="242" width="100" height="6" fill="#555"/>'
                   f'<ellipse cx="130" cy="227" rx="35" ry="12" fill="{PALETTE["grey"]}" '
                   'stroke="black"/><text x="130" y="231" text-anchor="middle" '
                   'font-size="10">artificial disc</text>')
    if "screws-rods" in adds:
        out.append('<line x1="240" y1="160" x2="150" y2="165" stroke="black" stroke-width="5"/>'
                   '<line x1="240" y1="275" x2="150" y2="280" stroke="black" stroke-width="5"/>'
                   '<line x1="243" y1="150" x2="243" y2="290" stroke="black" stroke-width="6"/>'
                   '<text x="150" y="155" font-size="10">screw</text>'
                   '<text x="200" y="305" font-size="10">rod and screws</text>')
    if "graft-posterolateral" in adds:
        out.append(f'<rect x="205" y="150" width="22" height="130" fill="{PALETTE["yellow"]}" '
                   'stroke="black" stroke-dasharray="2 2"/><text x="216" y="330" '
                   'text-anchor="middle" font-size="10">graft between transverse processes</text>')
    return out
