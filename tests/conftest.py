import os
import shutil
import tempfile
from pathlib import Path

import pytest

from course_lib.knowledge import DATA_DIR, load_knowledge

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    # Quiz tries made by nbval's kernels or by widget tests go to a throwaway progress file,
    # never to the learner's own; the notebooks' stored outputs assume an empty one.
    os.environ["FBSS_PROGRESS_FILE"] = str(Path(tempfile.mkdtemp()) / "progress.json")


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
