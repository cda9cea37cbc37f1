import hashlib
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from course_lib.knowledge import DATA_DIR, load_knowledge

ROOT = Path(__file__).resolve().parents[1]


def cannot_run(reason: str, hint: str = "") -> None:
    """Skip a test that needs what this machine lacks, saying how to get it; in CI, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"cannot run in CI: {reason}")
    pytest.skip(f"skipped: {reason}" + (f". {hint}" if hint else ""))


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the course data, for breaking on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def store(tmp_path):
    from course_lib.progress import ProgressStore
    return ProgressStore(tmp_path / "progress.json")


@pytest.fixture(scope="session")
def chromium():
    """The session's one headless Chromium, shared by tests/browser and tests/website."""
    from browser.conftest import chromium_browser
    with chromium_browser() as browser:
        yield browser
def snapshot(course: Path) -> dict:
    """Hashes of every file the graded code must not change."""
    return {str(p.relative_to(course)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(course.rglob("*")) if p.is_file()
            and p.relative_to(course).parts[0] not in ("autograded", "feedback")
            and p.name != "gradebook.db"}


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """The demo class graded once with plain serial nbgrader, by a grader whose home folder
    holds a private key: (output folder, course, files before grading). OUT/ungraded is a copy
    of the course before grading (see ungraded_copy)."""
    from course_lib.grading import demo
    out = tmp_path_factory.mktemp("grade-demo")
    course = demo.prepare(out)
    shutil.copytree(course, out / "ungraded")
    before = snapshot(course)
    # outside /tmp, which the sandbox replaces anyway
    with tempfile.TemporaryDirectory(dir="/var/tmp") as home, pytest.MonkeyPatch.context() as env:
        (Path(home) / "id_rsa").write_text("the grader's private key\n")
        env.setenv("HOME", home)
        demo.grade(course, out, timeout=10)
    return out, course, before


def ungraded_copy(graded, course: Path, assignments=None) -> Path:
    """The demo course as it was before grading, copied to course, with the submissions of the
    given assignments only (all by default), their attacks aimed at this copy."""
    from course_lib.grading.submissions import DEMO_SUBMISSIONS
    shutil.copytree(graded[0] / "ungraded", course, ignore=shutil.ignore_patterns("submitted"))
    for submission in DEMO_SUBMISSIONS:
        if assignments is None or submission.assignment in assignments:
            submission.write(course)
    return course
