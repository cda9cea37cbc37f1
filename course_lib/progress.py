"""The learner's progress store: one JSON file per learner, written atomically.

Location: $FBSS_PROGRESS_FILE if set, else $XDG_DATA_HOME/fbss-course/progress.json
(XDG_DATA_HOME defaults to ~/.local/share). Writers take an exclusive lock on a side file,
so two notebooks recording at once lose no update; a file that cannot be read is moved
aside with a warning, never overwritten.

Each question's record also holds its Leitner box and when it was last seen (course_lib.leitner),
and the score of its first try (what the course's pre-test and post-test compare);
records written before those fields existed load unchanged and gain them at the next answer.
Headless runs (nbval, `make notebooks`) use a copy of the demo learner's progress and a fixed
clock, $FBSS_NOW: see demo_environment. A learner's own session sets neither.

Records are keyed by question id, which never changes; the notebook a record names is only where
the question was answered. Readers look a question's notebook up in the course map, so progress
saved before the notebooks were renumbered still counts where each question is now.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; single writer assumed.
    fcntl = None

from . import leitner

ENV_VAR = "FBSS_PROGRESS_FILE"
CLOCK_VAR = "FBSS_NOW"
# The box, last_seen and first_score fields are optional: older files stay valid, unchanged.
FORMAT = 1
# The demo learner of the committed notebook outputs, and the moment they are shown at.
DEMO_FILE = Path(__file__).parent / "data" / "demo_progress.json"
DEMO_NOW = "2025-03-10T09:00:00+00:00"


def default_path() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "fbss-course" / "progress.json"


def clock() -> datetime:
    """Now, in UTC; the time in $FBSS_NOW instead when it is set (reproducible headless runs)."""
    fixed = os.environ.get(CLOCK_VAR)
    if not fixed:
        return datetime.now(timezone.utc)
    try:
        now = datetime.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"{CLOCK_VAR}={fixed!r} is not a date and time such as "
                         f"{DEMO_NOW!r}; unset it to use the real clock.") from None
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def demo_environment(folder: str | Path) -> dict[str, str]:
    """The environment of a reproducible headless run: a fresh copy of the demo learner's
    progress in `folder` (the committed file is never written) and the fixed clock."""
    target = Path(folder) / "progress.json"
    shutil.copyfile(DEMO_FILE, target)
    return {ENV_VAR: str(target), CLOCK_VAR: DEMO_NOW}


def _empty() -> dict[str, Any]:
    return {"format": FORMAT, "questions": {}}


def _is_valid(data: Any) -> bool:
    return (isinstance(data, dict) and data.get("format") == FORMAT
            and isinstance(data.get("questions"), dict)
            and all(isinstance(v, dict) for v in data["questions"].values()))


class ProgressStore:
    """Quiz attempts per question: tries, best score, solved, revealed, Leitner box, last seen."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            if fcntl:
                fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _move_aside(self, reason: str) -> None:
        for n in range(1, 10_000):
            aside = self.path.with_name(f"{self.path.name}.corrupt-{n}")
            if not aside.exists():
                break
        os.replace(self.path, aside)
        warnings.warn(f"Your progress file {self.path} could not be read ({reason}). It was "
                      f"kept as {aside.name} and a new progress file was started.",
                      stacklevel=4)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _empty()
        except (ValueError, UnicodeDecodeError) as exc:
            self._move_aside(f"not valid JSON: {exc}")
            return _empty()
        if not _is_valid(data):
            self._move_aside("not a progress file of this course")
            return _empty()
        return data

    def _write(self, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name + ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):  # make the rename itself durable
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def load(self) -> dict[str, Any]:
        """All recorded progress: {"questions": {question_id: {...}}}."""
        with self._locked():
            return self._read()

    def record(self, notebook: str, question: str, score: float, *, solved: bool,
               revealed: bool = False, tried: bool = True,
               now: datetime | None = None) -> dict[str, Any]:
        """Add one try at a question (tried=False: only the reveal is recorded) at `now`
        (default: the clock); solved: this try was right. Returns the updated record."""
        now = now or clock()
        with self._locked():
            data = self._read()
            entry = data["questions"].setdefault(
                question, {"notebook": notebook, "tries": 0, "best_score": 0.0,
                           "solved": False, "revealed": False})
            entry["notebook"] = notebook  # an older record follows a renumbering here
            entry.setdefault("first_score", float(score) if tried else 0.0)  # the pre/post-test
            entry.update(leitner.after_answer(entry, tried and solved, now))
            entry["tries"] += int(tried)
            entry["best_score"] = max(entry["best_score"], float(score))
            entry["solved"] = entry["solved"] or solved
            entry["revealed"] = entry["revealed"] or revealed
            self._write(data)
            return dict(entry)


if __name__ == "__main__":  # `python -m course_lib.progress demo-env FOLDER`: for `make notebooks`
    if sys.argv[1:2] != ["demo-env"] or len(sys.argv) != 3:
        sys.exit("usage: python -m course_lib.progress demo-env FOLDER")
    print(" ".join(f"{k}={v}" for k, v in demo_environment(sys.argv[2]).items()))
