"""The class on JupyterHub, end to end, with real Unix users (deploy/hub/).

An instructor and three students get throwaway accounts on a hub on 127.0.0.1. Two students
fetch and submit through the hub, with the requests the Assignments panel makes (nbgrader's
server extension, each with their own API token); the third with nbgrader's command line. The
instructor collects, autogrades in the course's sandbox, and releases feedback; every student
fetches theirs. One of the two does it all by clicking the Assignments panel of JupyterLab in
Chromium, and the instructor opens the formgrader there; their screenshots are kept in
screenshots/hub/. One student is hostile. A second assignment (the course's fourth) is released
beside the first, handed in by the command-line student alone, collected and autograded.
Accounts, servers and the hub are gone afterwards.

Needs root (accounts) and npm (the proxy); `make hub-env hub-proxy` is run here, so the course
environment and the proxy come from the project's own files. In CI a skip is a failure.
"""
import contextlib
import csv
import json
import os
import pwd
import re
import secrets
import shutil
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from browser.conftest import FAILURES, SCREENSHOTS, WAIT_MS
from conftest import ROOT, cannot_run
from course_lib.grading.submissions import solved
from load.attacks import hostile_attempts, reached

sys.path.insert(0, str(ROOT / "deploy" / "hub"))
from classhub import COURSE_ID, ClassHub, make_environment, remove_account  # noqa: E402
from course_home import FOLDER  # noqa: E402

ASSIGNMENT = "anatomy_localization"
SECOND = "persistent_pain"                  # handed in by the command-line student only
PREFIX = os.environ.get("HUB_PREFIX", "/opt/fbss-course")
TAG = "fbt" + secrets.token_hex(3)          # unique throwaway account names
INSTRUCTOR = f"{TAG}-teach"
FULL, HOSTILE, CLI = f"{TAG}-full", f"{TAG}-hostile", f"{TAG}-cli"
# what each student hands in and its autograded score (6 points autograded in this assignment)
WRONG_Q1 = "def compressed_root(disc, zone):\n    return 'L5'\n"
EXPECTED = {FULL: 6.0, HOSTILE: 0.0, CLI: 3.0}
EXPECTED_SECOND = {CLI: 6.0}                # every answer right: 6 points autograded
SHOTS = SCREENSHOTS / "hub"
SECONDS = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"    # a submission's time, no microseconds


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        cannot_run("the hub test creates Unix accounts", "Run it as root (sudo make test).")
    if not shutil.which("npm"):
        cannot_run("the hub test needs npm for the proxy", "Debian: apt-get install npm")
    make = make_environment(PREFIX)
    assert make.returncode == 0, make.stdout[-3000:] + make.stderr[-3000:]
    with ClassHub(INSTRUCTOR, [FULL, HOSTILE, CLI], prefix=PREFIX) as class_hub:
        yield class_hub
    for name in [INSTRUCTOR, FULL, HOSTILE, CLI]:
        remove_account(name)


def home(name: str) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


def panel(hub, name, action="", **form):
    """A request of the Assignments panel: GET list or POST fetch/submit/fetch_feedback."""
    path = f"/user/{name}/assignments" + (f"/{action}" if action else f"?course_id={COURSE_ID}")
    status, body = hub.request(path, hub.token(name), "POST" if action else "GET",
                               form={"course_id": COURSE_ID, **form} if action else None)
    assert status == 200, (status, body)
    answer = json.loads(body)
    assert answer["success"], answer
    return answer["value"]


def hand_in(name: str, notebook, q1: str | None = None, assignment: str = ASSIGNMENT) -> None:
    """Save the student's answers into their fetched copy, as JupyterLab would; question 1's
    answer names its author, to tell whose feedback is whose."""
    path = home(name) / COURSE_ID / assignment / f"{assignment}.ipynb"
    nb = notebook(path)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "q1-answer":
            cell.source = f"# answered by {name}\n" + (q1 or cell.source)
    nbformat.write(nb, path)
    shutil.chown(path, name, name)


@contextlib.contextmanager
def jupyterlab(chromium, hub, name: str):
    """A browser tab logged in to the hub as `name`, on their JupyterLab (started by the login,
    as for any user). If the block fails, screenshots/failures/hub-<name>.png shows where."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    try:
        tab.goto(f"{hub.url}/hub/login")
        tab.fill("input[name=username]", name)
        tab.fill("input[name=password]", hub.password)
        tab.click("#login_submit")
        tab.wait_for_url(f"**/user/{name}/lab**")
        tab.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for()
        yield tab
    except BaseException:
        FAILURES.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(FAILURES / f"hub-{name}.png"))
        raise
    finally:
        context.close()


def menu(tab, top: str, item: str):
    tab.locator(".lm-MenuBar-itemLabel", has_text=top).click()
    tab.locator(".lm-Menu-itemLabel", has_text=item).click()


def click_in_panel(tab, section: str, button: str, then: str, shot: str):
    """Click the assignment's button in a section of the Assignments panel, wait until the panel
    has done it (no button left saying "...ing...") and the assignment is listed in section
    `then`, and keep a screenshot."""
    tab.locator(f"#{section} .list_item", has_text=ASSIGNMENT).first.locator(
        "button", has_text=button).click()
    expect(tab.locator(".nbgrader-mainarea-widget button", has_text="...")).to_have_count(
        0, timeout=WAIT_MS)
    expect(tab.locator(f"#{then}")).to_contain_text(ASSIGNMENT, timeout=WAIT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / shot))


@pytest.fixture(scope="module")
def graded(hub, chromium):
    source = ROOT / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    second = ROOT / "assignments" / "source" / SECOND / f"{SECOND}.ipynb"
    hub.release([ASSIGNMENT, SECOND])
    hub.start_server(HOSTILE)
    assert sorted((a["assignment_id"], a["status"]) for a in panel(hub, HOSTILE)) == [
        (ASSIGNMENT, "released"), (SECOND, "released")]
    panel(hub, HOSTILE, "fetch", assignment_id=ASSIGNMENT)
    hub.nbgrader(CLI, "fetch_assignment", ASSIGNMENT)
    hub.nbgrader(CLI, "fetch_assignment", SECOND)
    with jupyterlab(chromium, hub, FULL) as student:
        # a new student's JupyterLab opens on the course notebooks in their home
        expect(student.locator(".jp-DirListing-item", has_text="00_start_here")).to_be_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        student.screenshot(path=str(SHOTS / "student-notebooks.png"))
        menu(student, "Nbgrader", "Assignment List")
        click_in_panel(student, "released_assignments_list", "Fetch", "fetched_assignments_list",
                       "student-fetched.png")

        hand_in(FULL, lambda path: solved(source, path))
        hand_in(HOSTILE, lambda path: nbformat.read(path, as_version=4))
        hand_in(CLI, lambda path: solved(source, path), q1=WRONG_Q1)
        hand_in(CLI, lambda path: solved(second, path), assignment=SECOND)

        click_in_panel(student, "fetched_assignments_list", "Submit", "submitted_assignments_list",
                       "student-submitted.png")
        expect(student.locator("#submitted_assignments_list .nested_list_item").first
               ).to_contain_text(re.compile(SECONDS))
        submitted = panel(hub, HOSTILE, "submit", assignment_id=ASSIGNMENT)
        assert any(a["status"] == "submitted" for a in submitted), submitted
        hub.nbgrader(CLI, "submit", ASSIGNMENT)
        hub.nbgrader(CLI, "submit", SECOND)
        attacks = hostile_attempts(hub, HOSTILE, FULL, INSTRUCTOR, ASSIGNMENT)

        course = home(INSTRUCTOR) / COURSE_ID
        for step in (["collect"], ["autograde"], ["generate_feedback"], ["release_feedback"]):
            hub.nbgrader(INSTRUCTOR, *step, ASSIGNMENT)
        for step in (["collect"], ["autograde"]):    # feedback works alike for every assignment
            hub.nbgrader(INSTRUCTOR, *step, SECOND)
        hub.nbgrader(INSTRUCTOR, "export")
        student.locator("#refresh_assignments_list").click()
        click_in_panel(student, "submitted_assignments_list", "Fetch Feedback",
                       "submitted_assignments_list", "student-feedback.png")
    panel(hub, HOSTILE, "fetch_feedback", assignment_id=ASSIGNMENT)
    hub.nbgrader(CLI, "fetch_feedback", ASSIGNMENT)
    with open(course / "grades.csv") as f:
        grades = {(row["assignment"], row["student_id"]): float(row["raw_score"] or 0)
                  for row in csv.DictReader(f) if row["timestamp"]}
    return {"grades": grades, "attacks": attacks, "course": course}


def test_each_student_gets_their_grade(graded):
    expected = {**{(ASSIGNMENT, name): score for name, score in EXPECTED.items()},
                **{(SECOND, name): score for name, score in EXPECTED_SECOND.items()}}
    assert graded["grades"] == expected


def test_each_student_gets_only_their_own_feedback(graded):
    for name in EXPECTED:
        pages = list((home(name) / COURSE_ID / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert len(pages) == 1, (name, pages)
        text = pages[0].read_text()
        assert f"answered by {name}" in text
        assert not [other for other in EXPECTED if other != name and f"answered by {other}" in text]


def test_instructor_opens_the_formgrader_in_its_own_tab(graded, hub, chromium):
    """JupyterHub forbids framing a user's pages, so nbgrader's own Formgrader tab would stay
    blank: the instructor's Grading menu opens it in a browser tab of its own instead."""
    with jupyterlab(chromium, hub, INSTRUCTOR) as lab:
        menu(lab, "Nbgrader", "Assignment List")      # the framed Formgrader is not offered
        expect(lab.locator(".lm-Menu-itemLabel", has_text="Formgrader")).to_have_count(0)
        lab.keyboard.press("Escape")
        lab.locator(".lm-MenuBar-itemLabel", has_text="Grading").click()
        SHOTS.mkdir(parents=True, exist_ok=True)
        lab.screenshot(path=str(SHOTS / "instructor-grading-menu.png"))
        with lab.context.expect_page() as opened:
            lab.locator(".lm-Menu-itemLabel", has_text="Formgrader").click()
        formgrader = opened.value
        expect(formgrader.locator("body")).to_contain_text(ASSIGNMENT, timeout=WAIT_MS)
        due = formgrader.locator("tr", has_text=ASSIGNMENT).locator("td.duedate")
        expect(due).to_have_text(hub.duedate, timeout=WAIT_MS)      # set by the release
        formgrader.screenshot(path=str(SHOTS / "instructor-formgrader.png"))
        page = formgrader.goto(f"{hub.url}/user/{INSTRUCTOR}/formgrader/gradebook/"
                               f"{ASSIGNMENT}/{ASSIGNMENT}")
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        for name in EXPECTED:
            expect(formgrader.locator("body")).to_contain_text(name, timeout=WAIT_MS)
        formgrader.screenshot(path=str(SHOTS / "instructor-gradebook.png"))


def test_hostile_student_achieves_nothing(graded, hub):
    attacks = graded["attacks"]
    # the forged folder can be made (the inbound folder is writable by all, as nbgrader needs)
    # but is never collected: the grades above are each student's own
    assert not reached(attacks), attacks
    submitted = graded["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(EXPECTED)
    assert "Not collected" in hub.nbgrader(INSTRUCTOR, "collect", ASSIGNMENT, "--update").stderr


def test_submission_times_to_the_second_and_due_dates_checked(graded, hub):
    listed = next(a for a in panel(hub, HOSTILE) if a["status"] == "submitted")["submissions"]
    assert listed and all(re.fullmatch(SECONDS, s["timestamp"]) for s in listed), listed
    # the students' copy opens with the due date (their Assignments list shows none)
    fetched = nbformat.read(home(HOSTILE) / COURSE_ID / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                            as_version=4)   # as fetched, but for the answer to question 1
    due = datetime.strptime(hub.duedate, "%Y-%m-%d %H:%M:%S UTC")
    assert fetched.cells[0].source.startswith(f"**Due: {due:%A %d %B %Y}, 17:00 UTC.**")
    bad = hub.nbgrader(INSTRUCTOR, "release_assignment", ASSIGNMENT, "--force",
                       f"--ReleaseWithDueDate.duedates={ASSIGNMENT}=next week", check=False)
    assert bad.returncode and "is not a date" in bad.stderr, bad.stderr[-2000:]


def test_course_notebooks_in_every_home_at_each_start(hub):
    """The course notebooks a user lacks are copied into their home at each start of their
    server, as theirs; a notebook they changed is kept, one they removed comes back (as a new
    course notebook would), and a name they made into a link is left alone."""
    hub.start_server(CLI)
    folder = home(CLI) / FOLDER
    course = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in folder.iterdir()) == course
    assert {p.stat().st_uid for p in [folder, *folder.iterdir()]} == {pwd.getpwnam(CLI).pw_uid}
    changed, removed, linked = (folder / name for name in course[:3])
    planted = hub.state / "planted.ipynb"           # the hub's own folder, closed to students
    hub.run_as(CLI, "sh", "-c", f"echo '# my notes' >> {changed} && rm {removed} {linked} && "
               f"ln -s {planted} {linked}")
    hub.stop_server(CLI)
    hub.start_server(CLI)
    assert changed.read_text().endswith("# my notes\n")
    assert removed.read_bytes() == (ROOT / "notebooks" / removed.name).read_bytes()
    assert linked.is_symlink() and not planted.exists()


def test_private_homes_and_memory_limit(hub):
    for name in [INSTRUCTOR, FULL, HOSTILE, CLI]:
        assert home(name).stat().st_mode & 0o777 == 0o700
    pid = hub.server_pid(FULL)
    cgroup = [line.split(":", 2) for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines()]
    memory = [path for _, controllers, path in cgroup if "memory" in controllers.split(",")]
    if memory:          # cgroup v1 (as on the machines this was built on)
        limit = Path("/sys/fs/cgroup/memory", memory[0].lstrip("/"), "memory.limit_in_bytes")
        assert memory[0].endswith(f"/jupyterhub-{FULL}")
        assert int(limit.read_text()) == 2 << 30


def test_nothing_left_behind(hub):
    """Runs last in this file: after the hub is closed no account, process or folder is left."""
    servers = [hub.server_pid(name) for name in (FULL, HOSTILE)]
    workdir = hub.workdir
    hub.close()
    for name in [INSTRUCTOR, FULL, HOSTILE, CLI]:
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
    assert not [pid for pid in servers if Path(f"/proc/{pid}").exists()]
    assert not workdir.exists()
