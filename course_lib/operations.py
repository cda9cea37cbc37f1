"""The index operations: what each changes on the motion segment, NICE's position on it, and
whether a patient's symptoms, signs and scan point to one lesion. Pure functions of the
knowledge base."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .anatomy import compressed_root
from .knowledge import KnowledgeBase

PART_LABELS = {
    "herniation": "the herniated piece of disc", "disc": "the whole disc",
    "ligamentum-flavum": "ligamentum flavum", "lamina-part": "part of the lamina",
    "lamina": "the whole lamina", "spinous-process": "the spinous process",
    "facet-part": "the inner edge of the facet joint", "facet": "one whole facet joint",
    "cage": "an interbody cage with bone graft", "screws-rods": "pedicle screws and rods",
    "graft-posterolateral": "bone graft between the transverse processes",
    "artificial-disc": "an artificial disc",
}
FAMILY_LABELS = {"decompression": "Decompression", "fusion": "Fusion",
                 "motion-preserving": "Motion-preserving"}


@dataclass(frozen=True)
class Changes:
    removed: tuple[str, ...]
    added: tuple[str, ...]
    motion: str          # what happens to movement at the operated level
    neighbours: str      # what happens at the levels next to it


def operation(kb: KnowledgeBase, op_id: str) -> Mapping[str, Any]:
    ops = {op["id"]: op for op in kb.operations["operations"]}
    if op_id not in ops:
        raise ValueError(f"no operation '{op_id}'; choose one of: {', '.join(ops)}")
    return ops[op_id]


def changes(op: Mapping[str, Any]) -> Changes:
    """What an operation removes and adds, and what it does to movement at its level and load
    on its neighbours, in words."""
    if op["fused"]:
        motion = "lost: the level is fused"
        neighbours = ("thought to take more of the movement and load, and to wear faster "
                      "(how much is debated)")
    elif "artificial-disc" in op["adds"]:
        motion, neighbours = "kept, by the artificial disc", "meant to stay as before"
    elif {"lamina", "facet"} & set(op["removes"]):
        motion = "kept; may increase if too much of the facet joints is removed"
        neighbours = "as before"
    else:
        motion, neighbours = "kept", "as before"
    return Changes(tuple(PART_LABELS[p] for p in op["removes"]),
                   tuple(PART_LABELS[p] for p in op["adds"]), motion, neighbours)


def ng59_items(kb: KnowledgeBase, op: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    """NICE NG59's positions for the operation, taken from the treatment that carries them."""
    return tuple(kb.treatments[op["ng59_from"]]["ng59"]) if "ng59_from" in op else ()


@dataclass(frozen=True)
class Concordance:
    roots: dict[str, str | None]   # what each of pain, signs and scan points to
    agree: bool
    verdict: str


def concordance(kb: KnowledgeBase, pain_root: str | None, sign_root: str | None,
                level: str | None, zone: str | None) -> Concordance:
    """Do the root the pain follows, the root the examination points to and the root the
    scan's herniation compresses name one lesion? None means not clear or not found."""
    scan = compressed_root(kb, level, zone).root if level and zone else None
    roots = {"pain": pain_root, "examination": sign_root, "scan": scan}
    missing = [k for k, v in roots.items() if v is None]
    named = set(roots.values()) - {None}
    if missing:
        verdict = (f"Not enough to name one lesion: the {' and the '.join(missing)} "
                   f"{'does' if len(missing) == 1 else 'do'} not point to a root.")
    elif len(named) == 1:
        verdict = (f"Pain, examination and scan all point to the {scan} root: one lesion, the "
                   "pattern that decompression is tested on.")
    else:
        verdict = ("They disagree (" + ", ".join(f"{k}: {v}" for k, v in roots.items()) +
                   "). An operation on the scan's finding may not treat this patient's pain.")
    return Concordance(roots, not missing and len(named) == 1, verdict)
