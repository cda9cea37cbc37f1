"""Settings for every test run, the notebooks' nbval cells included (they are collected from
notebooks/, outside tests/)."""
import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    # Quiz tries made by nbval's kernels or by widget tests go to a throwaway progress file,
    # never to the learner's own; the notebooks' stored outputs assume an empty one.
    os.environ["FBSS_PROGRESS_FILE"] = str(Path(tempfile.mkdtemp()) / "progress.json")


# pytest-xdist runs each test file whole in one worker (nbval's cells of a notebook share a
# kernel; the browser suite shares one JupyterLab), and files that share a session fixture
# together: the graded demo class of tests/conftest.py is built once, in one worker.
TOGETHER = {"tests/test_class_grading.py": "tests/test_assignments.py"}
# The files that take longest are handed out first, so that none of them starts last.
# With two workers, each starts with two of them: the hub and the website, the browser suite
# and the grading.
LONGEST_FIRST = ("tests/test_hub.py", "tests/browser/test_jupyterlab.py",
                 "tests/website/test_site.py", "tests/test_assignments.py",
                 "tests/test_class_grading.py")


def pytest_collection_modifyitems(config, items):
    order = {Path(config.rootpath, name): i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: order.get(item.path, len(order)))


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadFileScheduling

    class FilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid):
            file = super()._split_scope(nodeid)
            return TOGETHER.get(file, file)

    return FilesTogether(config, log)
