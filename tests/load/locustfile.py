"""Locust users for the class load test (tests/load/run.py starts Locust with this file).

Each user is one student of a running class hub, doing once what a student does in a lecture,
with think times between the steps: log in on the hub's login page, start their server (waiting
in the queue when the hub says too many are starting), open JupyterLab, open a course notebook
through the server's REST API and run every cell over the kernel's websocket as JupyterLab does,
answer a quiz question (the kernel-side call the quiz widget makes), fetch the assignment, save
it and submit it through nbgrader's Assignments panel, and log out.

Locust's statistics name each step; a step that fails ends that student's lecture (the rest
would fail for the same reason). Set by tests/load/run.py: FBSS_LOAD_STUDENTS (names, comma
separated), FBSS_LOAD_PASSWORD, FBSS_LOAD_NOTEBOOK, FBSS_LOAD_ASSIGNMENT, FBSS_LOAD_THINK
(mean seconds between steps). Traffic goes only to the --host given, 127.0.0.1.
"""
import json
import os
import random
import re
import time
from urllib.parse import quote, urlparse

import gevent
from kernel import WAIT_S, Kernel
from locust import HttpUser, events, task

STUDENTS = os.environ.get("FBSS_LOAD_STUDENTS", "").split(",")
PASSWORD = os.environ.get("FBSS_LOAD_PASSWORD", "")
NOTEBOOK = os.environ.get("FBSS_LOAD_NOTEBOOK", "01_spine_anatomy.ipynb")
ASSIGNMENT = os.environ.get("FBSS_LOAD_ASSIGNMENT", "anatomy_localization")
THINK = float(os.environ.get("FBSS_LOAD_THINK", "3"))
COURSE = "fbss-course"
QUIZ = """from course_lib import load_knowledge
from course_lib.progress import ProgressStore
from course_lib.quiz_widget import QuestionWidget
_q = next(q for q in load_knowledge().questions.values() if q.type == "multiple_choice")
_w = QuestionWidget(_q, store=ProgressStore())
_w.answer_input.value = 0
print(_w.submit().message)"""

_names = iter(STUDENTS)
_finished = []


def retry_after(response) -> float:
    """Seconds until the queue page asks again, as a browser reads them: the page's own refresh
    (deploy/hub/templates/error.html), else the hub's Retry-After header."""
    refresh = re.search(r'http-equiv="refresh" content="(\d+)"', response.text)
    return float(refresh.group(1) if refresh else response.headers.get("Retry-After", "30"))


class StepFailed(Exception):
    """A step of the lecture went wrong; its text is the failure's kind in Locust's report."""


class Student(HttpUser):
    wait_time = staticmethod(lambda: 0)

    def on_start(self):
        self.name = next(_names, None)
        self.base = f"/user/{self.name}"

    @task
    def lecture(self):
        """Once; then the student stays, idle, until the whole class is done."""
        if self.name is None or self.name in _finished:
            gevent.sleep(60)
            return
        try:
            self.log_in()
            self.think()
            self.start_server()
            self.open_lab()
            self.think()
            self.run_notebook()
            self.think()
            self.quiz()
            self.think()
            self.hand_in()
            self.think()
            self.client.get("/hub/logout", name="logout")
        except StepFailed:
            pass
        except Exception as error:  # noqa: BLE001 (counted as a failure of its own kind)
            events.request.fire(request_type="STEP", name="unexpected", context={},
                                response=None, response_time=0, response_length=0,
                                exception=error)
        finally:
            _finished.append(self.name)
            if len(_finished) == len(STUDENTS):        # the whole class is done: stop Locust
                gevent.spawn_later(1, self.environment.runner.quit)

    # -- helpers
    def think(self):
        gevent.sleep(random.uniform(0.5, 1.5) * THINK)

    def step(self, name: str, started: float, error: str | None = None, length: int = 0):
        """Record a step Locust cannot time itself; an error ends the lecture."""
        events.request.fire(request_type="STEP", name=name, context={}, response=None,
                            response_time=(time.perf_counter() - started) * 1000,
                            response_length=length,
                            exception=StepFailed(error) if error else None)
        if error:
            raise StepFailed(error)

    def checked(self, response, name: str, ok=(200,)):
        if response.status_code not in ok:
            raise StepFailed(f"{name}: HTTP {response.status_code}")
        return response

    def xsrf(self, path: str) -> str:
        """The _xsrf cookie for a path: the hub's (/hub/) or the user's server's."""
        for cookie in self.client.cookies:
            if cookie.name == "_xsrf" and path.startswith(cookie.path.rstrip("/") or "/"):
                return cookie.value
        return ""

    def call(self, method: str, path: str, name: str, **kwargs):
        """A request to the user's server with the XSRF header JupyterLab sends."""
        headers = {"X-XSRFToken": self.xsrf(self.base + "/")}
        with self.client.request(method, self.base + path, name=name, headers=headers,
                                 catch_response=True, timeout=WAIT_S, **kwargs) as r:
            if r.status_code >= 400:
                r.failure(f"HTTP {r.status_code}")
                raise StepFailed(f"{name}: HTTP {r.status_code}")
            return r.json() if r.content else None

    # -- the steps
    def log_in(self):
        page = self.checked(self.client.get("/hub/login", name="login page"), "login page")
        form_xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        data = {"username": self.name, "password": PASSWORD}
        if form_xsrf:
            data["_xsrf"] = form_xsrf.group(1)
        with self.client.post("/hub/login", data=data, name="login", allow_redirects=False,
                              catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"HTTP {r.status_code}")
                raise StepFailed(f"login: HTTP {r.status_code}")

    def start_server(self):
        """As the spawn page does: ask for the server, follow its progress until ready. When the
        hub answers that too many are starting (429), wait as it says and ask again."""
        started = time.perf_counter()
        while True:
            r = self.client.get(f"/hub/spawn/{self.name}", name="spawn request",
                                allow_redirects=False, catch_response=True)
            with r:
                if r.status_code == 429:
                    r.success()            # the hub's queue, not an error: counted below
                    events.request.fire(request_type="QUEUE", name="told to wait (429)",
                                        context={}, response=None, response_time=0,
                                        response_length=0, exception=None)
                    gevent.sleep(retry_after(r))
                    continue
                if r.status_code not in (200, 302):
                    r.failure(f"HTTP {r.status_code}")
                    self.step("server start", started, f"spawn request: HTTP {r.status_code}")
                break
        if self.base not in (r.headers.get("Location") or ""):   # not ready at once: pending
            self.follow_progress(started)
        self.step("server start", started)

    def follow_progress(self, started: float):
        path = f"/hub/api/users/{self.name}/server/progress"
        headers = {"X-XSRFToken": self.xsrf("/hub/"), "Accept": "text/event-stream"}
        with self.client.get(path, name="spawn progress", headers=headers, stream=True,
                             catch_response=True, timeout=WAIT_S) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                self.step("server start", started, f"spawn progress: HTTP {r.status_code}")
            for line in r.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("failed"):
                    message = re.sub(r"\d+(\.\d+)?", "N", event.get("message", ""))[:120]
                    self.step("server start", started, f"spawn failed: {message}")
                if event.get("ready"):
                    return
        self.step("server start", started, "spawn progress ended before the server was ready")

    def open_lab(self):
        """JupyterLab's page: the server's OAuth round trip with the hub sets its cookies."""
        with self.client.get(self.base + "/lab", name="open JupyterLab", catch_response=True,
                             timeout=WAIT_S) as r:
            if r.status_code != 200 or urlparse(r.url).path != self.base + "/lab":
                r.failure(f"HTTP {r.status_code} at {urlparse(r.url).path}")
                raise StepFailed(f"open JupyterLab: HTTP {r.status_code}")

    def run_notebook(self):
        nb = self.call("GET", f"/api/contents/{quote(NOTEBOOK)}", "open notebook")["content"]
        started = time.perf_counter()
        session = self.call("POST", "/api/sessions", "start kernel", json={
            "path": NOTEBOOK, "name": NOTEBOOK, "type": "notebook",
            "kernel": {"name": "python3"}})
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.client.cookies
                           if c.path.rstrip("/") in ("", self.base))
        self.kernel = Kernel(
            f"ws://{urlparse(self.host).netloc}{self.base}/api/kernels/"
            f"{session['kernel']['id']}/channels", cookie=cookie,
            headers=[f"X-XSRFToken: {self.xsrf(self.base + '/')}"])
        cells = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
        run_all = None
        for index, source in enumerate(cells):
            error = self.kernel.execute("".join(source))
            if index == 0:
                self.step("first cell", started, error)
                run_all = time.perf_counter()
            elif error:
                self.step("Run All", run_all, error)
        self.step("Run All", run_all)

    def quiz(self):
        started = time.perf_counter()
        self.step("quiz answer", started, self.kernel.execute(QUIZ))
        self.kernel.close()

    def hand_in(self):
        form = {"course_id": COURSE, "assignment_id": ASSIGNMENT}
        self.panel("fetch", form)
        path = f"/api/contents/{COURSE}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        notebook = self.call("GET", path, "open assignment")
        self.think()
        self.call("PUT", path, "save assignment", json={
            "type": "notebook", "format": "json", "content": notebook["content"]})
        self.panel("submit", form)

    def panel(self, action: str, form: dict):
        """A request of nbgrader's Assignments panel; its own error message is the failure."""
        answer = self.call("POST", f"/assignments/{action}", action, data=form)
        if not answer.get("success"):
            value = str(answer.get("value", ""))
            reason = value.strip().splitlines()[-1][:120] if value.strip() else "no reason"
            started = time.perf_counter()
            self.step(action, started, f"{action}: {reason}")
