"""Morphine milligram equivalents and taper plans (course_lib/opioids.py, opioids.yaml)."""
import math

import pytest

from course_lib.opioids import (conversion_factors, mme_per_day, taper_plan,
                                thresholds_reached, total_mme)
from test_knowledge import edit, error_for

# The CDC 2022 guideline's table, typed by hand from the guideline (not read from the data).
CDC_2022 = {"codeine": 0.15, "fentanyl-transdermal": 2.4, "hydrocodone": 1.0,
            "hydromorphone": 5.0, "methadone": 4.7, "morphine": 1.0, "oxycodone": 1.5,
            "oxymorphone": 3.0, "tapentadol": 0.4, "tramadol": 0.2}


def test_the_factors_are_the_guidelines(kb):
    assert conversion_factors(kb) == CDC_2022


def test_the_guidelines_worked_examples(kb):
    # CDC 2022's own examples: hydrocodone 5 mg four times a day is 20 MME a day;
    # extended-release oxycodone 10 mg twice a day is 30 MME a day.
    assert mme_per_day(kb, "hydrocodone", 5, 4) == pytest.approx(20)
    assert mme_per_day(kb, "oxycodone", 10, 2) == pytest.approx(30)
    assert mme_per_day(kb, "fentanyl-transdermal", 25) == pytest.approx(60)
    regimen = [("hydrocodone", 5, 4), ("oxycodone", 10, 2), ("tramadol", 50, 4)]
    assert total_mme(kb, regimen) == pytest.approx(20 + 30 + 40)
    assert total_mme(kb, []) == 0


@pytest.mark.parametrize("args, words", [
    (("heroin", 10, 1), "unknown opioid 'heroin'"),
    (("buprenorphine", 8, 1), "no MME conversion factor"),
    (("morphine", -10, 2), "zero or more"),
    (("morphine", 10, 0), "more than zero"),
    (("morphine", "10", 2), "must be a number"),
    (("morphine", math.nan, 2), "must be a number"),
    (("morphine", True, 2), "must be a number"),
    (("fentanyl-transdermal", 25, 3), "per_day=1"),
])
def test_bad_input_is_refused_with_a_reason(kb, args, words):
    with pytest.raises(ValueError, match=words):
        mme_per_day(kb, *args)


def test_a_malformed_regimen_item(kb):
    with pytest.raises(ValueError, match=r"\(drug, dose, per_day\)"):
        total_mme(kb, [("morphine", 10)])


def test_thresholds(kb):
    assert thresholds_reached(kb, 49.9) == []
    assert [t["at_least"] for t in thresholds_reached(kb, 50)] == [50]
    assert [t["at_least"] for t in thresholds_reached(kb, 120)] == [50, 90]


def test_a_monthly_taper_by_hand(kb):
    # 10% of 90 mg is 9 mg a month; rounded up to 5 mg units, held until a unit lower.
    plan = taper_plan(kb, 90, 5, "monthly")
    assert [(s.period, s.dose) for s in plan] == [
        (0, 90), (1, 85), (2, 75), (3, 65), (4, 55), (5, 45), (6, 40), (7, 30), (8, 20),
        (9, 10), (10, 5), (11, 0)]


@pytest.mark.parametrize("pattern", ["monthly", "weekly"])
@pytest.mark.parametrize("start, unit", [(90, 5), (60, 2.5), (45, 10), (200, 10), (5, 5)])
def test_every_plan_is_slow_dispensable_and_ends(kb, pattern, start, unit):
    plan = taper_plan(kb, start, unit, pattern)
    doses = [s.dose for s in plan]
    assert doses[0] == start and doses[-1] == 0 and doses[-2] == unit
    assert all(a > b for a, b in zip(doses, doses[1:]))                  # always down
    assert all(d / unit == pytest.approx(round(d / unit)) for d in doses[1:])  # whole units
    step = start * 0.10                                                    # 10% of the original
    for s in plan[1:-1]:                                                   # never faster
        assert s.dose >= start - step * s.period - 1e-9


def test_the_weekly_pattern_slows_below_30_percent(kb):
    plan = taper_plan(kb, 100, 5, "weekly")
    early = [s.dose for s in plan if s.period <= 7]
    assert early == [100, 90, 80, 70, 60, 50, 40, 30]      # 10 a week while above 30
    late = [s.period for s in plan if 0 < s.dose <= 30]
    assert late[-1] - late[0] > 7                          # then 10% of what remains


def test_pauses_hold_the_dose(kb):
    plain = taper_plan(kb, 100, 10)
    paused = taper_plan(kb, 100, 10, pauses=[2, 2, 5])
    assert len(paused) == len(plain) + 3
    assert [(s.period, s.dose, s.paused) for s in paused[:5]] == [
        (0, 100, False), (1, 90, False), (2, 90, True), (3, 90, True), (4, 80, False)]
    assert paused[-1].period == plain[-1].period + 3
    assert [s.dose for s in paused if not s.paused] == [s.dose for s in plain]


@pytest.mark.parametrize("args, kwargs, words", [
    ((0, 5), {}, "starting dose must be more than zero"),
    ((90, 0), {}, "smallest dose that can be dispensed must be more than zero"),
    ((10, 20), {}, "is more than the starting dose"),
    ((90, 5), {"pattern": "daily"}, "unknown taper pattern 'daily'"),
    ((90, 5), {"pauses": [0]}, "reduction numbers from 1"),
    ((90, 5), {"pauses": [1.5]}, "reduction numbers from 1"),
    ((90, 5), {"pauses": [40]}, "past its end"),
])
def test_bad_taper_input_is_refused_with_a_reason(kb, args, kwargs, words):
    with pytest.raises(ValueError, match=words):
        taper_plan(kb, *args, **kwargs)


def test_the_loader_checks_the_opioid_data(data_copy):
    edit(data_copy, "opioids.yaml", lambda d: d["drugs"][0].pop("factor"))
    assert "entry 'codeine', field 'factor': give either a factor" in str(error_for(data_copy))
    edit(data_copy, "opioids.yaml",
         lambda d: (d["drugs"][0].update(factor=0.15), d.update(table_sources=["nobody-2000"])))
    assert "nobody-2000" in str(error_for(data_copy))
    edit(data_copy, "opioids.yaml",
         lambda d: (d.update(table_sources=["nielsen-2016"]), d["thresholds"].reverse()))
    assert "must rise strictly" in str(error_for(data_copy))
