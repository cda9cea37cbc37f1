"""Spine anatomy logic: regions and levels, which root a disc herniation compresses, and
which root a set of examination findings points to. Pure functions of the knowledge base."""
from __future__ import annotations

from dataclasses import dataclass

from .knowledge import KnowledgeBase, Region, Root


def region_of(kb: KnowledgeBase, vertebra: str) -> Region:
    for region in kb.regions.values():
        if vertebra in region.levels:
            return region
    raise KeyError(f"{vertebra!r} is not a vertebra; choose one of {', '.join(kb.vertebrae)}")


def neural_content(kb: KnowledgeBase, vertebra: str) -> str | None:
    """What lies in the canal behind a (mobile) vertebra: cord, conus or cauda equina."""
    if region_of(kb, vertebra).fused:
        return None
    conus = kb.disc_levels[kb.cord["conus_level"]].upper if kb.cord["conus_level"] in \
        kb.disc_levels else kb.cord["conus_level"]
    here, end = kb.vertebrae.index(vertebra), kb.vertebrae.index(conus)
    if here < end:
        return "the spinal cord"
    if here == end:
        return (f"the conus medullaris, where the cord usually ends (level "
                f"{kb.cord['conus_level']}; normal range {kb.cord['conus_range']})")
    if here == end + 1:
        return (f"usually the roots of the cauda equina, though in some adults the conus "
                f"reaches this far (normal range {kb.cord['conus_range']})")
    return "the roots of the cauda equina; the cord has ended higher up"


def disc_below(kb: KnowledgeBase, vertebra: str):
    return next((d for d in kb.disc_levels.values() if d.upper == vertebra), None)


@dataclass(frozen=True)
class Compression:
    level: str
    zone: str
    root: str
    role: str            # "traversing" or "exiting"
    explanation: str
    sources: tuple[str, ...]


def compressed_root(kb: KnowledgeBase, level: str, zone: str) -> Compression:
    """The root a herniation of the disc at `level` in `zone` compresses."""
    disc, z = kb.disc_levels[level], kb.herniation_zones[zone]
    root = disc.lower if z.affects == "traversing" else disc.upper
    other = next(o for o in kb.herniation_zones.values() if o.affects != z.affects)
    other_root = disc.upper if z.affects == "traversing" else disc.lower
    text = (f"A {z.label.lower()} herniation at {level} compresses the {z.affects} {root} root. "
            f"{z.explanation} A {other.label.lower()} herniation at the same level would catch "
            f"the {other.affects} {other_root} root instead.")
    return Compression(level, zone, root, z.affects, text, z.sources)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def describe_root(kb: KnowledgeBase, root: Root) -> str:
    """The root's findings in words."""
    f = kb.findings
    sensory = " and ".join(_lower_first(f["sensory"][s]) for s in root.sensory)
    movements = "; ".join(_lower_first(f["movements"][m]) for m in root.movements)
    reflex = " or ".join(_lower_first(f["reflexes"][r]) for r in root.reflexes) or \
        "no standard reflex"
    return (f"{root.id}: sensory change over the {sensory}; weakness of {movements}; "
            f"reflex: {reflex}.")


@dataclass(frozen=True)
class Localization:
    root: str | None             # the one root that fits every finding, if there is one
    candidates: tuple[str, ...]  # roots that fit every finding given
    message: str
    sources: tuple[str, ...]


def localize(kb: KnowledgeBase, sensory: str | None = None, weakness: str | None = None,
             reflex: str | None = None) -> Localization:
    """The root that best explains a sensory area, a weak movement and a reduced reflex.

    Each finding is an id from the knowledge base's findings, or None or "" when absent."""
    findings = {"sensory": sensory, "movements": weakness, "reflexes": reflex}
    given = {k: v for k, v in findings.items() if v}
    for kind, value in given.items():
        if value not in kb.findings[kind]:
            raise KeyError(f"{value!r} is not a known {kind} finding")
    sources = tuple(dict.fromkeys(s for r in kb.roots.values() for s in r.sources))
    if not given:
        return Localization(None, (), "Choose at least one finding.", sources)

    def fits(root: Root, kind: str, value: str) -> bool:
        return {"sensory": value in root.sensory, "movements": value in root.movements,
                "reflexes": value in root.reflexes}[kind]

    candidates = tuple(r.id for r in kb.roots.values()
                       if all(fits(r, k, v) for k, v in given.items()))
    phrase = {"sensory": "sensory change over the {}", "movements": "weakness of {}",
              "reflexes": "a reduced {}"}
    labels = {k: phrase[k].format(_lower_first(kb.findings[k][v])) for k, v in given.items()}
    if len(candidates) == 1:
        root = kb.roots[candidates[0]]
        opening = (f"These findings fit the {root.id} root. " if len(given) > 1 else
                   f"This finding is consistent with {root.id}, but one finding alone is weak "
                   "evidence: add the others. ")
        message = (opening + " ".join(
            f"{labels[k][0].upper()}{labels[k][1:]} belongs to {root.id}." for k in given) +
            f" Full picture of {describe_root(kb, root)}")
        if root.note:
            message += f" Note: {root.note}"
        return Localization(root.id, candidates, message, sources)
    if candidates:
        message = (f"These findings fit {' or '.join(candidates)}. Add another finding to tell "
                   "them apart: " + " ".join(describe_root(kb, kb.roots[c]) for c in candidates))
        return Localization(None, candidates, message, sources)
    per_finding = "; ".join(
        f"{labels[k]} points to "
        f"{' or '.join(r.id for r in kb.roots.values() if fits(r, k, v)) or 'none of L2-S1'}"
        for k, v in given.items())
    message = ("These findings do not fit one root: " + per_finding + ". Think of more than one "
               "root, the cauda equina, a peripheral nerve or a cause outside the spine.")
    return Localization(None, (), message, sources)


def anatomy_sources(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every source the anatomy data cites, in first-cited order."""
    entries = [*kb.regions.values(), *kb.structures.values(), *kb.roots.values(),
               *kb.herniation_zones.values()]
    ids = [s for e in entries for s in e.sources] + list(kb.cord["sources"])
    return tuple(dict.fromkeys(ids))
