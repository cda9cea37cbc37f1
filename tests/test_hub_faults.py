"""The class hub survives its usual faults (deploy/hub/), with real Unix users on 127.0.0.1.

A hub with an instructor and two students, each student with a running server and a kernel
reached over its websocket through the proxy, as JupyterLab reaches it. Then: the hub is
killed and restarted, and stopped and restarted; the proxy is killed; one student's kernel goes
over the memory limit; the exchange's disk fills during a submit; two collects and two
autogrades run at once while students submit. Needs root, like tests/test_hub.py.
"""
import csv
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, cannot_run
from course_lib.grading.submissions import solved
from load.kernel import Kernel

sys.path.insert(0, str(ROOT / "deploy" / "hub"))
from classhub import COURSE_ID, ClassHub, make_environment, remove_account, wait_for  # noqa: E402

ASSIGNMENT = "anatomy_localization"
PREFIX = os.environ.get("HUB_PREFIX", "/opt/fbss-course")
TAG = "fbf" + secrets.token_hex(3)          # unique throwaway account names
INSTRUCTOR, ANN, BOB = f"{TAG}-teach", f"{TAG}-ann", f"{TAG}-bob"
# server and kernels together: a server takes about 140 MiB, a plain kernel about 60
MEM_LIMIT = "600M"


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        cannot_run("the hub's fault tests create Unix accounts", "Run them as root.")
    if not shutil.which("npm"):
        cannot_run("the hub's fault tests need npm for the proxy", "Debian: apt-get install npm")
    make = make_environment(PREFIX)
    assert make.returncode == 0, make.stdout[-3000:] + make.stderr[-3000:]
    with ClassHub(INSTRUCTOR, [ANN, BOB], prefix=PREFIX, mem_limit=MEM_LIMIT) as class_hub:
        for name in (ANN, BOB):
            class_hub.start_server(name)
        yield class_hub
    for name in [INSTRUCTOR, ANN, BOB]:
        remove_account(name)


def open_kernel(hub, name: str, kernel_id: str | None = None) -> Kernel:
    """A websocket to the user's kernel through the proxy; unless kernel_id, a new notebook's
    kernel, started as JupyterLab starts it (a session)."""
    if kernel_id is None:
        notebook = f"notebook-{secrets.token_hex(4)}.ipynb"
        status, body = hub.request(f"/user/{name}/api/sessions", hub.token(name), "POST", data={
            "path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}})
        assert status == 201, (status, body)
        kernel_id = json.loads(body)["kernel"]["id"]
    kernel = Kernel(f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel_id}/channels",
                    headers=[f"Authorization: token {hub.token(name)}"])
    kernel.id = kernel_id
    return kernel


def answers(kernel: Kernel, code: str) -> str:
    """What the code prints; fails with what went wrong."""
    error = kernel.execute(code)
    assert error is None, (error, kernel.output)
    return kernel.output.strip()


def reconnected(hub, name: str, kernel: Kernel) -> Kernel:
    """As JupyterLab does after a dropped connection: a new websocket to the same kernel, once
    the proxy routes the user's server again."""
    def route():
        try:
            status, _ = hub.request(f"/user/{name}/api/kernels/{kernel.id}", hub.token(name))
        except OSError:             # no proxy listening yet
            return False
        return status == 200
    wait_for(f"{name}'s kernel through the proxy", route)
    return open_kernel(hub, name, kernel.id)


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def test_hub_killed_or_restarted_servers_and_kernels_go_on(hub):
    """The hub crashes (SIGKILL) and is restarted; then it is restarted as an administrator
    does (SIGTERM). Each time the students' servers and kernels keep running and keep their
    state, students keep working through the proxy while the hub is down, and the restarted
    hub takes the servers back (their tokens work, the API says they are ready)."""
    kernel = open_kernel(hub, ANN)
    answers(kernel, "x = 41")
    server = hub.server_pid(ANN)
    for stop, x in (("crash", "42"), ("restart", "43")):
        if stop == "crash":
            os.kill(hub.process.pid, signal.SIGKILL)
            hub.process.wait()
            hub.process = None
        else:
            hub.stop(keep_proxy=True)
        assert answers(kernel, "x += 1; print(x)") == x               # the hub is down
        hub.start()
        assert alive(server) and hub.server_pid(ANN) == server
        assert hub.api(f"/users/{ANN}")["servers"][""]["ready"]
        kernel = reconnected(hub, ANN, kernel)
        answers(kernel, "pass")
    assert answers(kernel, "print(x)") == "43"


def test_proxy_killed_is_restarted_with_its_routes(hub):
    """The proxy dies: the hub starts a new one and adds the servers' routes again; students
    reconnect to the same kernels, which kept their state."""
    kernel = open_kernel(hub, BOB)
    answers(kernel, "y = 'kept'")
    old = hub.proxy_pid()
    os.kill(old, signal.SIGKILL)
    wait_for("a new proxy", lambda: hub.proxy_pid() not in (None, old))
    kernel = reconnected(hub, BOB, kernel)
    assert answers(kernel, "print(y)") == "kept"


def test_kernel_over_the_memory_limit_dies_alone_and_says_why(hub):
    """One student's kernel takes more than the limit: the kernel is stopped and restarted,
    the student's next cell says why in words, their server goes on, and another student's
    kernel keeps its state."""
    other = open_kernel(hub, BOB)
    answers(other, "z = 'untouched'")
    kernel = open_kernel(hub, ANN)
    answers(kernel, "big = None")
    server = hub.server_pid(ANN)
    died = kernel.execute("big = b'x' * (1 << 30)")        # 1 GiB against a 600 MB limit
    assert died is not None and "died" in died, (died, kernel.output)
    kernel = reconnected(hub, ANN, kernel)
    assert kernel.execute("print(big)") == "cell error: NameError"     # a new kernel
    said = kernel.output
    assert "used more memory than this hub allows you (0.6 GB" in said, said
    assert "run its cells again from the top" in said
    assert answers(kernel, "print('next')") == "next"                  # said once
    assert alive(server) and hub.server_pid(ANN) == server
    assert answers(other, "print(z)") == "untouched"


def home(name: str) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


def answered(name: str) -> Path:
    """The student's fetched notebook, answered in full, as JupyterLab saves it."""
    source = ROOT / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    path = home(name) / COURSE_ID / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(solved(source, path), path)
    shutil.chown(path, name, name)
    return path


def submissions(hub, name: str) -> list[Path]:
    """The student's submissions that collect can see (no hidden names)."""
    return sorted((hub.exchange / COURSE_ID / "inbound").glob(f"{name}+{ASSIGNMENT}+*"))


def collected(hub, name: str) -> Path:
    course = home(hub.instructor) / COURSE_ID
    return course / "submitted" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


@pytest.fixture
def small_exchange(hub):
    """The exchange on a filesystem of its own, 2 MB, that the test fills: a real full disk."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=1777", "fbss-exchange",
                    str(hub.exchange)], check=True)
    try:
        hub.release([ASSIGNMENT])
        yield hub.exchange
    finally:
        subprocess.run(["umount", "--lazy", str(hub.exchange)], check=False)


def test_disk_full_during_submit_hands_in_nothing_partial(hub, small_exchange):
    """The exchange's disk fills during a submit: the student is told in words, nothing partial
    is ever collected, and a later submit, once there is room, is collected whole."""
    hub.nbgrader(ANN, "fetch_assignment", ASSIGNMENT)
    work = answered(ANN)
    free = os.statvfs(small_exchange)
    filler = small_exchange / "filler"        # all but one block: the copy starts, then fails
    filler.write_bytes(b"\0" * ((free.f_bavail - 1) * free.f_frsize))
    assert work.stat().st_size > 2 * free.f_frsize
    failed = hub.nbgrader(ANN, "submit", ASSIGNMENT, check=False)
    assert failed.returncode != 0
    assert "NOT handed in: the exchange has no room left" in failed.stdout + failed.stderr
    assert submissions(hub, ANN) == []
    hub.nbgrader(hub.instructor, "collect", ASSIGNMENT)
    assert not collected(hub, ANN).exists()

    filler.unlink()                            # the instructor makes room
    hub.nbgrader(ANN, "submit", ASSIGNMENT)
    assert len(submissions(hub, ANN)) == 1
    hub.nbgrader(hub.instructor, "collect", "--update", ASSIGNMENT)
    assert collected(hub, ANN).read_bytes() == work.read_bytes()


def at_once(hub, *commands) -> list[subprocess.CompletedProcess]:
    """Run each (user, nbgrader args...) in a thread of its own, all at the same time."""
    results = [None] * len(commands)

    def run(i, name, *args):
        results[i] = hub.nbgrader(name, *args, check=False)
    threads = [threading.Thread(target=run, args=(i, *command))
               for i, command in enumerate(commands)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_collects_and_autogrades_at_once_while_students_submit(hub):
    """Two instructors (two terminals, or a terminal and the formgrader) collect while the
    students submit, then both autograde: every submission is collected whole, once, and each
    student has one grade, the right one."""
    hub.release([ASSIGNMENT])
    for name in (ANN, BOB):
        hub.nbgrader(name, "fetch_assignment", "--replace", ASSIGNMENT)
    work = {name: answered(name).read_bytes() for name in (ANN, BOB)}
    teach = hub.instructor
    ran = at_once(hub, (ANN, "submit", ASSIGNMENT), (BOB, "submit", ASSIGNMENT),
                  (teach, "collect", "--update", ASSIGNMENT),
                  (teach, "collect", "--update", ASSIGNMENT))
    ran += at_once(hub, (teach, "collect", "--update", ASSIGNMENT),
                   (teach, "collect", "--update", ASSIGNMENT))
    ran += at_once(hub, (teach, "autograde", ASSIGNMENT), (teach, "autograde", ASSIGNMENT))
    assert not [r.args for r in ran if r.returncode], "\n".join(
        r.stdout[-2000:] + r.stderr[-2000:] for r in ran if r.returncode)
    for name in (ANN, BOB):
        assert collected(hub, name).read_bytes() == work[name]
    hub.nbgrader(teach, "export")
    with open(home(teach) / COURSE_ID / "grades.csv") as f:
        rows = [row for row in csv.DictReader(f) if row["assignment"] == ASSIGNMENT]
    assert sorted((r["student_id"], float(r["raw_score"])) for r in rows) == \
        [(ANN, 6.0), (BOB, 6.0)]
