"""Settings for every test run, the notebooks' nbval cells included (they are collected from
notebooks/, outside tests/)."""
import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    # Quiz tries made by nbval's kernels or by widget tests go to a throwaway copy of the demo
    # learner's progress, never to the learner's own, read at the demo's fixed time: the
    # notebooks' stored outputs (the progress of notebook 00, the review of 09) show that.
    from course_lib.progress import demo_environment
    os.environ.update(demo_environment(tempfile.mkdtemp()))


# pytest-xdist runs each test file whole in one worker (nbval's cells of a notebook share a
# kernel; the browser suite shares one JupyterLab), and files that share a session fixture
# together: the graded demo class of tests/conftest.py is built once, in one worker.
TOGETHER = {"tests/test_class_grading.py": "tests/test_assignments.py"}
# The files that take longest are handed out first, so that none of them starts last: with
# three workers, the hub, the grading and the browser suite start at once, then the hub's
# fault tests, the Binder replay and the website as workers come free.
LONGEST_FIRST = ("tests/test_hub.py", "tests/test_assignments.py", "tests/test_class_grading.py",
                 "tests/browser/test_jupyterlab.py", "tests/test_hub_faults.py",
                 "tests/browser/test_binder.py",
                 "tests/website/test_site.py")


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker more than there are cores, because the longest files spend much of
    their time waiting on servers, kernels and subprocesses (measured on two cores: 5.5 minutes
    with three workers against 8.5 with two)."""
    return (os.cpu_count() or 1) + 1


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
