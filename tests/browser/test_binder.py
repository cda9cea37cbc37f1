"""Binder, checked here: the build that repo2docker generates for this repository (binder/),
replayed from the package registries as the image's user in its home, the server started as
the image's command starts it, and the course opened from it in headless Chromium.

repo2docker (its version pinned in binder.py) writes the Dockerfile (`--no-build --debug`); the
replay (binder.py) runs its steps: pip with binder/requirements.txt into the base environment's
JupyterLab and notebook server (pinned from repo2docker's own lock file), then binder/postBuild.
Binder's start page (the labpath of the README's badge) and a widget notebook are run there
with Run All: no errors, every widget rendered, a clean browser console. The image itself is
built only by Binder. Needs root (a throwaway account, removed afterwards) and Chromium; in CI
a skip is a failure.
"""
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import cannot_run, free_port

from .binder import BuildError, Replay, dockerfile, install_repo2docker, instructions, \
    repository_copy, script_file, substitute
from .conftest import ROOT, SCREENSHOTS, _write_settings
from .test_jupyterlab import assert_widgets_rendered, error_cells, open_notebook, run_all, \
    unrun_cells

sys.path.insert(0, str(ROOT / "deploy" / "hub"))
from classhub import create_account, remove_account, wait_for  # noqa: E402

WIDGET_NOTEBOOK = "notebooks/01_spine_anatomy.ipynb"
LOGS = SCREENSHOTS / "binder"   # the Dockerfile, the build's and the server's logs (git-ignored)


def start_page() -> str:
    """The notebook the README's Binder badge opens (its labpath)."""
    badge = re.search(r"/v2/gh/\S+?\?labpath=([^)&\s]+)", (ROOT / "README.md").read_text())
    return urllib.parse.unquote(badge[1])


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5)
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """Binder's build replayed and its server started: yields a function mapping a notebook's
    path to its URL there. The account, its server and the base environment are removed after,
    also when a step fails."""
    if os.geteuid() != 0:
        cannot_run("the Binder replay builds as a throwaway Unix account",
                   "Run it as root (sudo make test).")
    user, server = "fbb" + secrets.token_hex(3), None
    tmp = tmp_path_factory.mktemp("binder")
    LOGS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="fbss-binder-"))  # the base environment's folder

    def clean_up():
        if server:
            server.terminate()
        remove_account(user)   # stops its processes (the server, kernels) first
        shutil.rmtree(work, ignore_errors=True)

    try:
        create_account(user)
        account = pwd.getpwnam(user)
        shutil.chown(work, user, user)
        repository_copy(ROOT, tmp / "repo")
        repo2docker, buildpacks = install_repo2docker(tmp / "repo2docker")
        text = dockerfile(repo2docker, tmp / "repo", user, account.pw_uid)
        (LOGS / "Dockerfile").write_text(text)
        replay = Replay(text, tmp / "repo", account, work / "notebook", buildpacks)
        try:
            replay.build()
        finally:
            (LOGS / "build.log").write_text(replay.log)
        settings = Path(account.pw_dir) / ".jupyter"   # JupyterLab's user settings, in the home
        _write_settings(settings / "lab" / "user-settings")   # as the browser suite's
        for path in [settings, *settings.rglob("*")]:
            shutil.chown(path, user, user)
        port, token = free_port(), secrets.token_hex(16)
        base = f"http://127.0.0.1:{port}"
        with open(LOGS / "server.log", "wb") as log:
            server = subprocess.Popen(
                replay.start_command(f"--port={port}", f"--IdentityProvider.token={token}",
                                     "--no-browser", "--LabApp.expose_app_in_browser=True"),
                env=replay.env, cwd=replay.cwd, stdout=log, stderr=subprocess.STDOUT,
                **replay.as_user())

        def exited():
            if server.poll() is not None:
                raise BuildError(f"the image's command exited ({server.returncode}):\n"
                                 + (LOGS / "server.log").read_text()[-3000:])
        wait_for("the image's command: the server's answer", lambda: answers(
            f"{base}/api/status?token={token}"), exited)
    except (BuildError, TimeoutError) as error:
        failure = f"Binder's build, replayed (its logs in {LOGS}): {error}"
    except BaseException:
        clean_up()
        raise
    else:
        failure = None
    if failure:
        clean_up()
        pytest.fail(failure, pytrace=False)
    yield lambda path: f"{base}/lab/tree/{path}?token={token}"
    clean_up()


@pytest.fixture(scope="module")
def browser(binder, chromium):
    """The browser suite's `page` fixture, on the replayed Binder server."""
    return chromium


def toc_race(error: str) -> bool:
    """JupyterLab 4.4's table of contents (Binder's base environment) can fail to follow cells
    run together, as the suite's Run All runs them ("isRunning" of a heading not yet listed).
    The error is the table of contents' own; newer JupyterLab, which the course's own suite
    runs, does not raise it. Nothing else is let through."""
    return "isRunning" in error and ("updateRunningStatus" in error or "onExecuted" in error)


def run_on_binder(page, binder, path: str):
    open_notebook(page, binder, path)
    run_all(page, path)
    assert error_cells(page, path) == [], f"{path}: a cell shows an error on Binder"
    assert unrun_cells(page, path) == 0, f"{path}: some cells did not run on Binder"
    assert assert_widgets_rendered(page, path), f"{path} shows no widget"
    errors = [e for e in page.console_errors if not toc_race(e)]
    assert errors == [], f"JavaScript errors on Binder: {errors}"


def test_start_page(page, binder):
    path = start_page()
    assert (ROOT / path).is_file(), f"the README's Binder badge opens {path}, which is missing"
    run_on_binder(page, binder, path)


def test_widget_notebook(page, binder):
    run_on_binder(page, binder, WIDGET_NOTEBOOK)


def test_dockerfile_reading():
    """The replay's reading of a Dockerfile: continued lines, comments, variables, and
    repo2docker's escaped names of its own files."""
    text = "FROM x\n# note\nENV A=1 \\\n    B=${A}/b\n\nRUN echo \\\n  $B\n"
    assert instructions(text) == [("FROM", "x"), ("ENV", "A=1 \n    B=${A}/b"),
                                  ("RUN", "echo \n  $B")]
    assert substitute("${A}/$B/${C}", {"A": "1", "B": "2"}) == "1/2/"
    assert script_file("build_script_files/-2fsrv-2fenv-2epy-2d3-2e11-2elock-093b36") == \
        Path("/srv/env.py-3.11.lock")


def test_only_the_table_of_contents_race_is_let_through():
    race = ("Failed to update the table of contents. TypeError: Cannot read properties of "
            "undefined (reading 'isRunning')\n    at We.updateRunningStatus (jlab_core.js:1:2)")
    assert toc_race(race)
    assert toc_race("TypeError: Cannot set properties of undefined (setting 'isRunning')\n"
                    "    at We.onExecuted (jlab_core.js:1:2)")
    assert not toc_race("TypeError: Cannot read properties of undefined (reading 'model')")
    assert not toc_race("Error: Failed to load model class 'HTMLModel' from module "
                        "'@jupyter-widgets/controls'")
