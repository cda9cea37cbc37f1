"""Drawn teaching images of the operated spine: what each drawing shows, from imaging.yaml.

A view names a study and its choices, as a figure in imaging.yaml does: {"study": "mri",
"sequence": ..., "timing": ..., "finding": ...}, {"study": "ct", "finding": ...,
"reconstruction": ...}, {"study": "flexion_extension", "case": ...} or {"study": "metal",
"method": ...}. `scene` turns a view into what is drawn; `seen` lists what a reader sees, in
words, which is the drawing's text alternative and, compared between two views, what changed.
Drawing is in imaging_figures.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import ContentError

STUDIES = {"mri": ("sequence", "timing", "finding"), "ct": ("finding", "reconstruction"),
           "flexion_extension": ("case",), "metal": ("method",)}
SIGNAL_WORDS = {"dark": "dark", "grey": "grey", "light": "light grey",
                "partly": "light grey, partly enhancing (sparse hatch)", "bright": "bright"}


def by_id(items) -> dict[str, Mapping[str, Any]]:
    return {i["id"]: i for i in items}


def choices(kb, study: str, name: str) -> dict[str, Mapping[str, Any]]:
    """The options of one control of a study, by id (cases for the quiz left out)."""
    data = kb.imaging
    lists = {("mri", "sequence"): data["mri"]["sequences"], ("mri", "timing"): data["mri"]["timings"],
             ("mri", "finding"): data["mri"]["findings"], ("ct", "finding"): data["ct"]["findings"],
             ("ct", "reconstruction"): data["ct"]["reconstructions"],
             ("flexion_extension", "case"): [c for c in data["flexion_extension"]["cases"]
                                             if c.get("in_explorer", True)],
             ("metal", "method"): data["metal"]["methods"]}
    return by_id(lists[(study, name)])


def imaging_sources(kb) -> list[str]:
    """Every source id imaging.yaml cites, in order of first use."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" or key.endswith("_sources"):
                    found.extend(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(kb.imaging)
    return list(dict.fromkeys(found))


def figure_view(kb, figure_id: str) -> dict:
    """The view a named figure (imaging.yaml figures) shows."""
    figures = by_id(kb.imaging.get("figures", []))
    if figure_id not in figures:
        raise ContentError("imaging.yaml", figure_id, "figures", "no figure with this id")
    return {k: v for k, v in figures[figure_id].items() if k != "id"}


@dataclass(frozen=True)
class Scene:
    """What one drawing shows: the study, its parts and the words a reader needs."""
    study: str
    title: str
    parts: Mapping[str, Any]
    seen: tuple[tuple[str, str], ...]       # (what, how it looks), in reading order
    reading: str = ""                       # the interpretation (hidden in a quiz image)
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)


def _pick(table: Mapping[str, Mapping[str, Any]], key: str, what: str):
    if key not in table:
        raise ValueError(f"unknown {what} {key!r}; one of {', '.join(table)}")
    return table[key]


def mri_scene(kb, sequence: str, timing: str, finding: str) -> Scene:
    mri = kb.imaging["mri"]
    seq = _pick(by_id(mri["sequences"]), sequence, "sequence")
    time = _pick(by_id(mri["timings"]), timing, "timing")
    found = _pick(by_id(mri["findings"]), finding, "finding")
    if time["early"]:       # healing looks the same whatever lies beneath
        early = mri["early_changes"]
        lesion = {"shape": "fragment", "core": early["mass"][sequence],
                  "rim": early["mass_rim"].get(sequence), "sac": "pushed"}
        root = "bright" if early["root_enhances"] and seq["contrast"] else "grey"
        reading = ("At this time after surgery the healing tissue looks like this whatever lies "
                   "beneath: scar, a disc and normal healing cannot be told apart. Read the scan "
                   "against the symptoms; repeat it later if the answer matters.")
    else:
        lesion = None if found["shape"] == "none" else {
            "shape": found["shape"], "core": found["core"][sequence],
            "rim": found.get("rim", {}).get(sequence), "sac": found["sac"]}
        root, reading = "grey", found["reading"]
    seen = [("Dural sac", {"pushed": "pushed away from the mass", "pulled": "drawn towards the mass",
                           None: "round, in the middle of the canal"}[lesion and lesion["sac"]]
             + ", its spinal fluid dark")]
    if lesion:
        kind = "blurred edges, wrapping the root" if lesion["shape"] == "scar" else \
            "smooth, rounded, joining the disc"
        seen.append(("Mass on the operated (left) side", kind))
        seen.append(("Mass core", _signal(lesion["core"])))
        seen.append(("Mass rim", _signal(lesion["rim"]) if lesion["rim"] else "no separate rim"))
    else:
        seen.append(("Mass on the operated (left) side", "none"))
    seen.append(("Left S1 root", _signal(root)))
    return Scene("mri", f"Axial T1 MRI, {mri['level']}: {seq['label']}, {time['label']}",
                 {"sequence": sequence, "lesion": lesion, "root": root}, tuple(seen), reading,
                 (seq["note"], time["note"]),
                 tuple(dict.fromkeys([*seq["sources"], *time["sources"], *found["sources"]])))


def _signal(signal: str) -> str:
    return SIGNAL_WORDS[signal] + (" (enhancing, hatched)" if signal == "bright" else "")


def ct_scene(kb, finding: str, reconstruction: str) -> Scene:
    ct = kb.imaging["ct"]
    found = _pick(by_id(ct["findings"]), finding, "finding")
    recon = _pick(by_id(ct["reconstructions"]), reconstruction, "reconstruction")
    lucency = found["lucency_mm"]
    seen = (("Disc space at the cage", "bone with its texture bridging L4 to L5" if found["bridging"]
             else "a dark cleft across it, no bridging bone"),
            ("Rim around the L5 screw", f"dark, {lucency:g} mm wide" if lucency else "none"),
            ("L5 screw shaft", "broken by a gap" if found["broken_screw"] else "whole"),
            ("Streaks from the metal", "strong" if recon["streaks"] >= 0.5 else "faint"))
    return Scene("ct", f"Sagittal CT, {ct['level']}: {recon['label']}",
                 {"bridging": found["bridging"], "lucency_mm": lucency,
                  "broken_screw": found["broken_screw"], "streaks": recon["streaks"]},
                 seen, found["reading"], (recon["note"],),
                 tuple(dict.fromkeys([*found["sources"], *recon["sources"]])))


def translation(kb, case: str) -> dict:
    """The measurement of one flexion-extension case against the threshold."""
    fe = kb.imaging["flexion_extension"]
    c = _pick(by_id(fe["cases"]), case, "case")
    moved = round(c["flexion_mm"] - c["extension_mm"], 1)
    percent = round(100 * moved / fe["body_depth_mm"])
    limit = fe["threshold"]
    return {"flexion_mm": c["flexion_mm"], "extension_mm": c["extension_mm"], "mm": moved,
            "percent": percent, "over_mm": moved > limit["mm"],
            "over_percent": percent > limit["percent"]}


def flexion_extension_scene(kb, case: str) -> Scene:
    fe, m = kb.imaging["flexion_extension"], translation(kb, case)
    limit = fe["threshold"]
    verdict = ("above both" if m["over_mm"] and m["over_percent"] else
               "below both" if not (m["over_mm"] or m["over_percent"]) else
               "above the millimetre limit but not the percentage" if m["over_mm"] else
               "above the percentage but not the millimetre limit")
    reading = (f"L4 translates {m['flexion_mm']:g} - {m['extension_mm']:g} = {m['mm']:g} mm, "
               f"{m['percent']}% of a {fe['body_depth_mm']:g} mm body. White and Panjabi's "
               f"limits are more than {limit['mm']:g} mm or {limit['percent']:g}%: this is "
               f"{verdict}.")
    seen = (("Slip of L4 on L5 in flexion", f"{m['flexion_mm']:g} mm on the ruler"),
            ("Slip of L4 on L5 in extension", f"{m['extension_mm']:g} mm on the ruler"))
    return Scene("flexion_extension", f"Lateral flexion and extension films, {fe['level']}",
                 {**m, "body_depth_mm": fe["body_depth_mm"]}, seen, reading,
                 (limit["note"], fe["limits"]),
                 tuple(dict.fromkeys([*by_id(fe["cases"])[case]["sources"], *limit["sources"],
                                      *fe["limits_sources"]])))


def metal_scene(kb, method: str) -> Scene:
    metal = kb.imaging["metal"]
    m = _pick(by_id(metal["methods"]), method, "method")
    size = m["artefact"]
    seen = (("Artefact around each screw",
             ("streaks" if method.startswith("ct") else "a black void with a bright edge")
             + f", drawn {size:g} times the screw's width"),
            ("Canal and sac", "outlined by bright contrast" if method == "ct-myelography" else
             "partly hidden" if size >= 3 else "seen"))
    return Scene("metal", f"Axial image, {metal['level']}: {m['label']}",
                 {"method": method, "artefact": size, "ct": method.startswith("ct"),
                  "myelogram": method == "ct-myelography"},
                 seen, m["shows"], (metal["material_note"],),
                 tuple(dict.fromkeys([*m["sources"], *metal["material_sources"]])))


def scene(kb, view: Mapping[str, str]) -> Scene:
    """The scene of a view: {"study": ..., and that study's choices}."""
    study = view.get("study")
    if study not in STUDIES:
        raise ValueError(f"unknown study {study!r}; one of {', '.join(STUDIES)}")
    missing = [k for k in STUDIES[study] if k not in view]
    if missing:
        raise ValueError(f"a {study} view needs {', '.join(missing)}")
    make = {"mri": mri_scene, "ct": ct_scene, "flexion_extension": flexion_extension_scene,
            "metal": metal_scene}[study]
    return make(kb, *(view[k] for k in STUDIES[study]))


def words(kb, s: Scene, reveal: bool = True) -> str:
    """The drawing in words, its text alternative; `reveal` adds the reading (not in a quiz)."""
    seen = "; ".join(f"{what}: {how}" for what, how in s.seen)
    text = f"{kb.imaging['notice']}. {s.title}. {seen}."
    return f"{text} {s.reading}" if reveal and s.reading else text


def changes(before: Scene, after: Scene) -> list[str]:
    """What a reader sees differently in `after` than in `before`, one line per part."""
    old = dict(before.seen)
    return [f"{what}: {old[what]} → {how}" if what in old else f"{what}: {how}"
            for what, how in after.seen if old.get(what) != how]
