"""Morphine milligram equivalents (MME) and opioid taper plans, for learning only: not for dosing,
converting or tapering a real patient. Pure functions of course_lib/data/opioids.yaml (CDC 2022)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .knowledge import KnowledgeBase


@dataclass(frozen=True)
class TaperStep:
    period: int        # weeks or months from the start (0 = the starting dose)
    dose: float        # daily dose, in the unit of the starting dose
    paused: bool = False


def _number(value: Any, what: str, *, zero_ok: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if value < 0 or (value == 0 and not zero_ok):
        raise ValueError(f"{what} must be {'zero or more' if zero_ok else 'more than zero'}, "
                         f"got {value!r}")
    return float(value)


def drug(kb: KnowledgeBase, drug_id: str) -> Mapping[str, Any]:
    """One opioid's entry in opioids.yaml; a clear error for an unknown id."""
    drugs = {d["id"]: d for d in kb.opioids["drugs"]}
    if drug_id not in drugs:
        raise ValueError(f"unknown opioid {drug_id!r}; known: {', '.join(sorted(drugs))}")
    return drugs[drug_id]


def conversion_factors(kb: KnowledgeBase) -> dict[str, float]:
    """Each opioid's MME conversion factor (CDC 2022), for the opioids that have one."""
    return {d["id"]: d["factor"] for d in kb.opioids["drugs"] if "factor" in d}


def mme_per_day(kb: KnowledgeBase, drug_id: str, dose: float,
                per_day: float = 1) -> float:
    """MME per day of one opioid: dose per administration x administrations per day x factor.
    A fentanyl patch's dose is its rate in mcg/hr, entered with per_day=1."""
    entry = drug(kb, drug_id)
    if "factor" not in entry:
        raise ValueError(f"{entry['name']} has no MME conversion factor: {entry['no_factor']}")
    dose = _number(dose, f"the dose of {entry['name']}", zero_ok=True)
    per_day = _number(per_day, f"administrations per day of {entry['name']}")
    if entry["unit"] == "mcg/hr" and per_day != 1:
        raise ValueError(f"{entry['name']} is a rate in mcg/hr, worn all day: enter each patch's "
                         f"strength once, with per_day=1 (got {per_day:g})")
    return dose * per_day * entry["factor"]


def total_mme(kb: KnowledgeBase, regimen: Iterable[tuple[str, float, float]]) -> float:
    """Total MME per day of a regimen: (drug id, dose per administration, administrations per
    day) for each opioid taken."""
    total = 0.0
    for item in regimen:
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise ValueError(f"each regimen item is (drug, dose, per_day), got {item!r}")
        total += mme_per_day(kb, *item)
    return total


def thresholds_reached(kb: KnowledgeBase, mme: float) -> list[Mapping[str, Any]]:
    """The guideline's dose thresholds (opioids.yaml) that a daily MME reaches, lowest first."""
    mme = _number(mme, "the MME per day", zero_ok=True)
    return [t for t in kb.opioids["thresholds"] if mme >= t["at_least"]]


def taper_pattern(kb: KnowledgeBase, pattern: str) -> Mapping[str, Any]:
    patterns = {t["id"]: t for t in kb.opioids["tapers"]}
    if pattern not in patterns:
        raise ValueError(f"unknown taper pattern {pattern!r}; known: {', '.join(patterns)}")
    return patterns[pattern]


def taper_plan(kb: KnowledgeBase, start_dose: float, smallest_dose: float,
               pattern: str = "monthly", pauses: Iterable[int] = ()) -> list[TaperStep]:
    """A taper from start_dose to zero in weeks or months, as the pattern says (opioids.yaml,
    CDC 2022). Doses after the start are whole multiples of smallest_dose (the smallest amount
    that can be dispensed), rounded up so the taper is never faster than the pattern; a dose
    is held while the pattern has not yet come down a whole unit, and the step before stopping
    is smallest_dose. `pauses` lists reductions (1 = the first) before which the dose is held
    one extra period; a number listed twice holds it two."""
    p = taper_pattern(kb, pattern)
    start = _number(start_dose, "the starting dose")
    unit = _number(smallest_dose, "the smallest dose that can be dispensed")
    if unit > start:
        raise ValueError(f"the smallest dose that can be dispensed ({unit:g}) is more than the "
                         f"starting dose ({start:g})")
    pauses = list(pauses)
    bad = [s for s in pauses if isinstance(s, bool) or not isinstance(s, int) or s < 1]
    if bad:
        raise ValueError(f"pauses are reduction numbers from 1, got {bad!r}")
    switch = start * p.get("switch_at_percent", 0) / 100
    changes, dose, exact, period = [], start, start, 0   # (period, dose), before any pause
    while dose > 0:
        period += 1
        if switch and exact <= switch + 1e-9:
            exact -= exact * p["then_percent_of_remaining"] / 100
        else:
            exact -= start * p["percent_of_original"] / 100
        new = 0.0 if dose <= unit + 1e-9 else round(
            max(unit, math.ceil(exact / unit - 1e-9) * unit), 6)
        if new < dose:
            changes.append((period, new))
            dose = new
    if max(pauses, default=0) > len(changes):
        raise ValueError(f"this taper has {len(changes)} reductions; a pause before reduction "
                         f"{max(pauses)} is past its end")
    steps, shift = [TaperStep(0, start)], 0
    for number, (period, new) in enumerate(changes, start=1):
        for _ in range(pauses.count(number)):
            shift += 1
            steps.append(TaperStep(period - 1 + shift, steps[-1].dose, paused=True))
        steps.append(TaperStep(period + shift, new))
    return steps
