"""One JupyterLab server and one headless Chromium for the whole browser suite.

The server runs from this project's environment on 127.0.0.1, on a free port, with a token and
its own settings, workspaces and runtime folders (no news or update pop-ups). The browser is
Debian's chromium package driven by Playwright; Playwright's own browser download is not used.
Without Chromium the suite skips with a message, except in CI, where it fails.

The server exposes the application to the page (`window.jupyterapp`), so the tests run
JupyterLab's commands through its command registry and wait on its models (kernel status,
execution counts) rather than on how fast the page happens to draw. Every wait has a generous
bound that only a real fault reaches. A failed test leaves a screenshot and the browser console
log in screenshots/failures/, named after the test (and so after the notebook).
"""
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import cannot_run, free_port

from course_lib.lab_settings import OVERRIDES
from course_lib.progress import CLOCK_VAR, ENV_VAR

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which(os.environ.get("CHROMIUM") or "chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "screenshots"
# JupyterLab settings of the test server, by plugin id: the course's own defaults (no news or
# update prompts), every cell rendered even off screen, no extension-manager lookups.
SETTINGS = {
    **OVERRIDES,
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def _no_browser(reason: str):
    cannot_run(f"browser tests: {reason}", "To run them install Chromium (Debian/Ubuntu: "
               "sudo apt-get install chromium) or point $CHROMIUM at one.")


def _write_settings(folder: Path) -> None:
    for plugin_id, values in SETTINGS.items():
        package, plugin = plugin_id.split(":")
        path = folder / package / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory):
    """The folder the server serves: a copy of notebooks/ (so runs never touch the committed
    outputs) and of the nbgrader course with its release notebooks generated."""
    from .assignments import prepare_course
    if not CHROMIUM:
        _no_browser("no Chromium found")
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    prepare_course(root / "course")
    return root


@pytest.fixture(scope="session")
def lab_state(tmp_path_factory):
    """The test server's own folder: settings, runtime files, the learner's progress file."""
    return tmp_path_factory.mktemp("lab-state")


@pytest.fixture(scope="session")
def lab_progress(lab_state):
    """The progress store of the test server's learner."""
    from course_lib.progress import ProgressStore
    return ProgressStore(lab_state / "progress.json")


@pytest.fixture(scope="session")
def lab(lab_root, lab_state, lab_progress):
    """A running JupyterLab: yields a function mapping a path under lab_root to its URL."""
    state = lab_state
    _write_settings(state / "settings")
    port, token = free_port(), secrets.token_hex(16)
    # a learner's own session: an empty progress file of its own and the real clock
    env = {**{k: v for k, v in os.environ.items() if k != CLOCK_VAR},
           "JUPYTER_CONFIG_DIR": str(state / "config"),
           "JUPYTER_RUNTIME_DIR": str(state / "runtime"), ENV_VAR: str(lab_progress.path)}
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={lab_root}", f"--LabApp.user_settings_dir={state / 'settings'}",
               f"--LabApp.workspaces_dir={state / 'workspaces'}",
               "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(state / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (state / "server.log").read_text()[-3000:])
            time.sleep(0.5)
    yield lambda path: f"{base}/lab/tree/{path}?token={token}&reset"
    server.terminate()
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@contextlib.contextmanager
def chromium_browser():
    """Debian's Chromium, headless, with none of its own background traffic. Playwright's sync
    API runs one at a time: tests use the session's one, the `chromium` fixture of
    tests/conftest.py."""
    if not CHROMIUM:
        _no_browser("no Chromium found")
    from playwright.sync_api import sync_playwright  # a test dependency in pyproject.toml
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser(lab, chromium):
    return chromium


# The bound on any single wait: far beyond what a busy two-core machine needs, so only a real
# fault (a hung kernel, a widget that never renders) reaches it.
WAIT_MS = 120_000
FAILURES = SCREENSHOTS / "failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.failed_report = report
    return report


@pytest.fixture
def page(browser, request):
    """A fresh tab; console errors collected in page.console_errors. If the test fails, its
    screenshot and the whole console log are saved under screenshots/failures/."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    tab.console_errors, console = [], []
    tab.on("console", lambda m: (console.append(f"{m.type}: {m.text}"),
                                 tab.console_errors.append(m.text) if m.type == "error" else None))
    tab.on("pageerror", lambda e: (console.append(f"pageerror: {e}"),
                                   tab.console_errors.append(str(e))))
    yield tab
    if getattr(request.node, "failed_report", None):
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            tab.screenshot(path=str(FAILURES / f"{name}.png"), timeout=30_000)
        except Exception as error:  # the page may be what broke; the log still matters
            console.append(f"(no screenshot: {error})")
        (FAILURES / f"{name}.console.txt").write_text("\n".join(console) + "\n")
    context.close()
