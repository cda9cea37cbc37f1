"""The website built once for the session (site/build.py, as `make site` runs it), served on
127.0.0.1, and tabs of the session's headless Chromium that reach nothing but 127.0.0.1.

(This folder is not called tests/site: a test package named `site` would clash with Python's
own `site` module.)
"""
import functools
import http.server
import importlib.util
import subprocess
import sys
import threading
from urllib.parse import urlparse

import pytest

from browser.conftest import ROOT, SCREENSHOTS

SITE = ROOT / "site"


def _load_build():
    spec = importlib.util.spec_from_file_location("site_build", SITE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The built website's folder."""
    sys.path.insert(0, str(SITE))
    missing = build.missing_javascript()
    if missing:
        pytest.fail(f"the website's JavaScript is not installed ({missing[0]} is missing): "
                    "run `make site` (or `npm ci` in site/)")
    output = tmp_path_factory.mktemp("website") / "site"
    done = subprocess.run([sys.executable, str(SITE / "build.py"), str(output)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"the website did not build:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The base URL of the website, served as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(chromium, site_url):
    """A fresh tab in which every request to a host other than 127.0.0.1 is blocked. It
    records in .problems every blocked or failed request, error response and console error."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []

    def route(request_route):
        if urlparse(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            page.problems.append(f"blocked: {request_route.request.url}")
            request_route.abort()

    context.route("**/*", route)
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(
        f"HTTP {r.status}: {r.url}"))
    page.on("console", lambda m: m.type == "error" and page.problems.append(
        f"console error: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots():
    folder = SCREENSHOTS / "site"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
