"""Settings for every test run, the notebooks' nbval cells included (they are collected from
notebooks/, outside tests/)."""
import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    # Quiz tries made by nbval's kernels or by widget tests go to a throwaway progress file,
    # never to the learner's own; the notebooks' stored outputs assume an empty one.
    os.environ["FBSS_PROGRESS_FILE"] = str(Path(tempfile.mkdtemp()) / "progress.json")


# pytest-xdist runs each test file in one worker (nbval's cells of a notebook share a kernel;
# the browser suite shares one JupyterLab, the grading tests one graded class). The files that
# take longest are handed out first, one to each worker, so that none of them starts last.
LONGEST_FIRST = ("tests/test_hub.py", "tests/browser/test_jupyterlab.py", "tests/test_assignments.py")


def pytest_collection_modifyitems(config, items):
    order = {Path(config.rootpath, name): i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: order.get(item.path, len(order)))
