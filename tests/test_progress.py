"""The progress store: atomic writes, corruption kept aside, no lost update between processes."""
import json
import multiprocessing

import pytest

from course_lib.progress import ENV_VAR, ProgressStore, default_path


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
                     "revealed": False}
    store.record("nb1", "q2", 0.0, solved=False, revealed=True, tried=False)
    assert store.by_notebook()["nb1"]["q2"]["tries"] == 0
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


def test_crash_while_writing_keeps_the_old_file(store, monkeypatch):
    store.record("nb", "q1", 1.0, solved=True)
    before = store.path.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("kernel interrupted mid-write")
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
