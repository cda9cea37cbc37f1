"""Spaced review with Leitner boxes: where an answer puts a question, and when it comes back.

Pure functions of one question's progress record and `now` (an aware datetime): nothing here
reads the clock, so every schedule can be tested for any moment. A wrong answer, or an answer
shown, puts the question in box 1, due at once. A right answer moves it up one box if it was
due (a right answer before then keeps its box), and each box waits longer before the question
comes back. Records written before boxes existed (no `box`, no `last_seen`) are read as due.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

# Days a question rests in each box before it is due again: growing gaps as in Leitner's card
# box; the numbers are the course's own choice (notebook 12 says why no set is known to be best).
INTERVALS = tuple(timedelta(days=d) for d in (0, 1, 3, 7, 14))
BOXES = len(INTERVALS)

Record = Mapping[str, Any]


def box(record: Record) -> int:
    """The question's box, 1 to BOXES. A record without a valid box (an older progress file)
    is in box 2 if it was solved without the answer shown, else in box 1."""
    value = record.get("box")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= BOXES:
        return value
    return 2 if record.get("solved") and not record.get("revealed") else 1


def last_seen(record: Record) -> datetime | None:
    """When the question was last answered or shown (UTC); None if the record does not say."""
    try:
        seen = datetime.fromisoformat(record["last_seen"])
    except (KeyError, TypeError, ValueError):
        return None
    return seen if seen.tzinfo else seen.replace(tzinfo=timezone.utc)


def due_at(record: Record) -> datetime | None:
    """When the question comes back; None: it is due already (never stamped)."""
    seen = last_seen(record)
    return None if seen is None else seen + INTERVALS[box(record) - 1]


def is_due(record: Record, now: datetime) -> bool:
    due = due_at(record)
    return due is None or due <= now


def after_answer(record: Record, correct: bool, now: datetime) -> dict[str, Any]:
    """The box and stamp after one answer (correct=False: a wrong answer, or the answer shown)."""
    if not correct:
        new_box = 1
    elif is_due(record, now):
        new_box = min(box(record) + 1, BOXES)
    else:
        new_box = box(record)
    return {"box": new_box, "last_seen": now.astimezone(timezone.utc).isoformat(timespec="seconds")}


def due_now(records: Mapping[str, Record], now: datetime) -> list[str]:
    """The ids of the questions due at `now`: the lowest box first (box 1: missed), then the
    longest overdue, then by id."""
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    due = [qid for qid, record in records.items() if is_due(record, now)]
    return sorted(due, key=lambda q: (box(records[q]), due_at(records[q]) or oldest, q))
