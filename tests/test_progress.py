"""The progress store: atomic writes, corruption kept aside, no lost update between processes."""
import json
import multiprocessing
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from course_lib.progress import (CLOCK_VAR, DEMO_FILE, DEMO_NOW, ENV_VAR, ProgressStore, clock,
                                 default_path, demo_environment)


def test_default_location_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "fbss-course" / "progress.json"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine.json"))
    assert default_path() == tmp_path / "mine.json"
    assert ProgressStore().path == tmp_path / "mine.json"


def test_record_and_read_back(store):
    store.record("nb1", "q1", 0.0, solved=False)
    entry = store.record("nb1", "q1", 1.0, solved=True)
    assert entry == {"notebook": "nb1", "tries": 2, "best_score": 1.0, "solved": True,
                     "revealed": False, "box": 2, "last_seen": DEMO_NOW,  # the tests' clock
                     "first_score": 0.0}  # the first try's, kept after the second
    store.record("nb1", "q2", 0.0, solved=False, revealed=True, tried=False)
    assert store.load()["questions"]["q2"]["tries"] == 0
    assert json.loads(store.path.read_text())["questions"]["q1"]["tries"] == 2


@pytest.mark.parametrize("content", [b'{"format": 1, "questions": {"q1": {"tri', b"\x00\xff\xfe",
                                     b'["a list"]', b'{"format": 99, "questions": {}}'])
def test_unreadable_file_is_kept_aside_with_warning(store, content):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(content)
    with pytest.warns(UserWarning, match="could not be read"):
        store.record("nb", "q", 1.0, solved=True)
    aside = store.path.with_name("progress.json.corrupt-1")
    assert aside.read_bytes() == content            # nothing lost
    assert store.load()["questions"]["q"]["solved"]  # and a fresh file works


def test_second_corruption_does_not_overwrite_the_first(store):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    for text in ("first", "second"):
        store.path.write_text(text)
        with pytest.warns(UserWarning):
            store.load()
    assert store.path.with_name("progress.json.corrupt-1").read_text() == "first"
    assert store.path.with_name("progress.json.corrupt-2").read_text() == "second"


def crash(*args, **kwargs):
    raise KeyboardInterrupt("kernel interrupted mid-write")


def test_crash_while_writing_keeps_the_old_file(store, monkeypatch):
    store.record("nb", "q1", 1.0, solved=True)
    before = store.path.read_bytes()
    monkeypatch.setattr(json, "dump", crash)
    with pytest.raises(KeyboardInterrupt):
        store.record("nb", "q2", 1.0, solved=True)
    assert store.path.read_bytes() == before
    leftovers = {p.name for p in store.path.parent.iterdir()}
    assert leftovers == {"progress.json", "progress.json.lock"}  # no stray temp file


def _writer(path, worker, count):
    store = ProgressStore(path)
    for i in range(count):
        store.record(f"nb{worker}", "shared", 0.5, solved=False)
        store.record(f"nb{worker}", f"own-{worker}-{i}", 1.0, solved=True)


def test_concurrent_writers_lose_no_update(tmp_path):
    path, workers, count = tmp_path / "progress.json", 4, 25
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    questions = ProgressStore(path).load()["questions"]
    assert questions["shared"]["tries"] == workers * count
    assert len(questions) == 1 + workers * count


# --- Leitner boxes and last-seen stamps: older files load, nothing is lost

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)
LEGACY = {"format": 1, "questions": {
    "q-old-right": {"notebook": "nb", "tries": 1, "best_score": 1.0, "solved": True,
                    "revealed": False},
    "q-old-shown": {"notebook": "nb", "tries": 0, "best_score": 0.0, "solved": False,
                    "revealed": True}}}


def test_records_carry_box_and_last_seen(store):
    entry = store.record("nb", "q", 0.0, solved=False, now=NOW)
    assert entry["box"] == 1 and entry["last_seen"] == "2025-03-10T09:00:00+00:00"
    entry = store.record("nb", "q", 1.0, solved=True, now=NOW + timedelta(minutes=1))
    assert entry["box"] == 2 and entry["tries"] == 2 and entry["solved"]
    entry = store.record("nb", "q", 0.0, solved=False, revealed=True, tried=False,
                         now=NOW + timedelta(days=5))
    assert entry["box"] == 1 and entry["tries"] == 2  # a shown answer sends it back


def test_file_from_before_boxes_loads_and_keeps_every_field(store):
    store.path.write_text(json.dumps(LEGACY))
    assert store.load() == LEGACY                     # read as it is, no warning, no rewrite
    entry = store.record("nb", "q-old-right", 1.0, solved=True, now=NOW)
    assert entry["box"] == 3                           # box 2 (solved) and due, so up one
    after = json.loads(store.path.read_text())["questions"]
    assert after["q-old-shown"] == LEGACY["questions"]["q-old-shown"]
    assert after["q-old-right"].items() >= {**LEGACY["questions"]["q-old-right"],
                                            "tries": 2}.items()


def test_crash_while_stamping_an_old_file_keeps_it(store, monkeypatch):
    store.path.write_text(json.dumps(LEGACY))
    before = store.path.read_bytes()
    monkeypatch.setattr(json, "dump", crash)
    with pytest.raises(KeyboardInterrupt):
        store.record("nb", "q-old-right", 1.0, solved=True, now=NOW)
    assert store.path.read_bytes() == before


def test_clock_is_real_unless_fixed(monkeypatch):
    monkeypatch.delenv(CLOCK_VAR, raising=False)
    assert clock().tzinfo is not None
    monkeypatch.setenv(CLOCK_VAR, "2025-03-10T09:00:00+00:00")
    assert clock() == NOW
    monkeypatch.setenv(CLOCK_VAR, "next Tuesday")
    with pytest.raises(ValueError, match="FBSS_NOW='next Tuesday' is not a date and time"):
        clock()


def test_demo_environment_is_a_copy(tmp_path):
    committed = DEMO_FILE.read_bytes()
    env = demo_environment(tmp_path)
    demo = ProgressStore(env[ENV_VAR])
    demo.record("nb", "q", 1.0, solved=True, now=NOW)
    assert DEMO_FILE.read_bytes() == committed and env[CLOCK_VAR] == DEMO_NOW
    assert "q" in demo.load()["questions"]


def test_headless_runs_use_the_demo_and_the_fixed_clock():
    """Set by the root conftest.py for nbval, as `make notebooks` does: the committed outputs of
    notebooks 00 and 12 come from the demo learner at DEMO_NOW."""
    assert os.environ[CLOCK_VAR] == DEMO_NOW
    assert Path(os.environ[ENV_VAR]) != DEMO_FILE


# --- the two progress figures of notebook 00, as the demo learner sees them

@pytest.fixture
def demo_store(tmp_path):
    """The demo learner's progress, from a copy: even a read takes a lock file beside it."""
    return ProgressStore(demo_environment(tmp_path)[ENV_VAR])


def demo_figures(kb, store):
    from course_lib.course_views import plot_progress, progress_counts
    from course_lib.review import mastery, plot_mastery
    return [plot_progress(kb, progress_counts(kb, store)),
            plot_mastery(kb, mastery(kb, store.load()["questions"]))]


def test_legends_are_whole_centred_and_clear_of_the_plot(kb, demo_store):
    for fig in demo_figures(kb, demo_store):
        fig.canvas.draw()
        width = fig.bbox.width
        (legend,) = fig.legends
        box = legend.get_window_extent()
        axes = fig.axes[0].get_tightbbox()
        assert 0 <= box.x0 and box.x1 <= width and box.y0 >= 0          # nothing cut
        assert abs((box.x0 + box.x1) / 2 - width / 2) < 0.02 * width      # centred
        assert box.y1 <= axes.y0                       # under the axis label, not over it


def test_progress_text_gives_one_line_per_notebook(kb, demo_store):
    from course_lib.course_views import progress_counts, progress_text
    counts = progress_counts(kb, demo_store)
    lines = progress_text(kb, counts).splitlines()
    assert len(lines) == len(counts)
    assert lines[0] == ("Start here: 3 of 3 questions answered correctly at least once, "
                        "0 with the answer shown, 0 not finished.")


OLD_PROGRESS = Path(__file__).parent / "data" / "progress_before_renumbering.json"


def test_progress_saved_before_a_renumbering_counts_where_questions_are_now(kb, tmp_path):
    """A real progress file from before notebooks 03-09 were renumbered: its three questions of
    the old 04_presentation_and_diagnosis (two solved, one shown after two misses) now count
    for 05_presentation_and_diagnosis, and answering one moves its record to the new id."""
    from course_lib.course_views import progress_counts
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_bytes(OLD_PROGRESS.read_bytes())
    assert "04_presentation_and_diagnosis" in OLD_PROGRESS.read_text()  # the old id is there
    counts = progress_counts(kb, store)["05_presentation_and_diagnosis"]
    assert (counts["solved"], counts["revealed"]) == (2, 1)
    assert "04_presentation_and_diagnosis" not in counts
    entry = store.record(kb.questions["q04-red-flags-select"].notebook, "q04-red-flags-select",
                         1.0, solved=True)
    assert entry["notebook"] == "05_presentation_and_diagnosis" and entry["tries"] == 3
