import shutil
from pathlib import Path

import pytest

from course_lib.knowledge import DATA_DIR, load_knowledge

ROOT = Path(__file__).resolve().parents[1]


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
