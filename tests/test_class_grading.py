"""Grading a class in parallel (course_lib/grading/autograde.py), run as an instructor runs it:
the same grades as plain serial nbgrader (the session fixture `graded`) after Ctrl+C, after
kill -9 of the whole run, with the SQLite gradebook locked by another program, and with the
gradebook in a real PostgreSQL server. Each test grades one assignment of the demo class, so
together they grade every demo submission both ways."""
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import cannot_run, free_port, ungraded_copy
from course_lib.grading import demo, tampering


OPTIONS = ["--Execute.timeout=10"]   # as the serial grading of the `graded` fixture
BOUND = 600                          # seconds: generous bounds on meaningful states, never sleeps


class Run:
    """`python -m course_lib.grading.autograde` in its own process group, as in a terminal;
    its plain output lines collected as they come."""

    def __init__(self, course: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course_lib.grading.autograde", *args, *OPTIONS],
            cwd=course, env=demo.nbgrader_env(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines, self._new = [], queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            self._new.put(line)
        self._new.put(None)

    def wait_for(self, predicate) -> None:
        """Wait until an output line satisfies predicate (the output ending fails)."""
        while (line := self._new.get(timeout=BOUND)) is not None:
            if predicate(line):
                return
        pytest.fail("the run ended first:\n" + self.output)

    def finish(self) -> int:
        self.process.wait(timeout=BOUND)
        while self._new.get(timeout=BOUND) is not None:
            pass
        return self.process.returncode

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def students(self, status: str) -> set:
        """Students of the plain progress lines, such as 'graded 3/9 full'."""
        return {line.split()[2] for line in self.lines if line.startswith(status + " ")}


def finished(line: str) -> bool:
    return line.startswith(("graded ", "FAILED "))


def grades(db_url: str, assignment: str) -> dict:
    """Every grade of every submission in the gradebook, cell by cell."""
    from nbgrader.api import Gradebook
    with Gradebook(db_url, "fbss-course") as gradebook:
        return {(sub.student.id, nb.name, g.name): (g.auto_score, g.manual_score,
                                                     g.needs_manual_grade)
                for sub in gradebook.assignment_submissions(assignment)
                for nb in sub.notebooks for g in nb.grades}


def sqlite_url(course: Path) -> str:
    return f"sqlite:///{course / 'gradebook.db'}"


def assert_same_as_serial(graded, course: Path, assignment: str, db_url: str) -> None:
    """Cell by cell, in the export and in the tampering report."""
    out, serial_course, _ = graded
    expected = grades(sqlite_url(serial_course), assignment)
    assert len({key[0] for key in expected}) >= 4
    assert grades(db_url, assignment) == expected

    def exported(csv):
        return {k: v for k, v in demo.grade_table(csv).items() if k[1] == assignment}
    assert exported(course / "grades.csv") == exported(out / "grades.csv")
    assert {student for student, _ in exported(course / "grades.csv")} == {
        p.name for p in (course / "submitted").iterdir() if (p / assignment).is_dir()}

    def findings(root):
        return {k: v for k, v in tampering.report(root).items() if k[1] == assignment}
    assert findings(course) == findings(serial_course)
    assert (course / f"class-report-{assignment}.png").stat().st_size > 10_000


def live_processes(course: Path, group: int) -> list:
    """Processes, zombies aside, of the run's process group or working on the course."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and (int(fields[2]) == group or str(course) in cmdline):
            found.append(cmdline)
    return found


def assert_all_gone(course: Path, group: int) -> None:
    """Workers and sandboxed kernels end with the run (bounded wait: they die with it)."""
    waiter = threading.Event()
    for _ in range(BOUND * 10):
        if not live_processes(course, group):
            return
        waiter.wait(0.1)
    pytest.fail(f"left running: {live_processes(course, group)}")


def test_ctrl_c_stops_cleanly_and_the_next_run_grades_the_rest(graded, tmp_path):
    assignment = "anatomy_localization"   # syntax error, endless loop, a kernel that exits,
    course = ungraded_copy(graded, tmp_path / "course", [assignment])   # renamed, hostile, ...
    run = Run(course, assignment, "--jobs", "2")
    run.wait_for(lambda line: len(run.students("graded")) >= 2)
    os.killpg(run.process.pid, signal.SIGINT)            # Ctrl+C in a terminal
    assert run.finish() == 130, run.output
    assert "Interrupted after grading" in run.output
    assert_all_gone(course, run.process.pid)
    done = run.students("graded")

    again = Run(course, assignment, "--jobs", "2")
    assert again.finish() == 1, again.output     # nbgrader cannot grade two of them
    everyone = {p.name for p in (course / "submitted").iterdir()}
    assert again.students("graded") | again.students("FAILED") == everyone - done
    assert again.students("FAILED") == {"renamed", "kernel_exits"}
    assert f"{len(everyone)} submitted, {len(done)} already graded" in again.output
    assert_same_as_serial(graded, course, assignment, sqlite_url(course))


def test_kill_9_of_the_whole_run_leaves_a_usable_gradebook(graded, tmp_path):
    assignment = "causes_and_outcomes"    # not a notebook, 100 MB of output, a hook, ...
    course = ungraded_copy(graded, tmp_path / "course", [assignment])
    run = Run(course, assignment, "--jobs", "2")
    run.wait_for(finished)
    os.killpg(run.process.pid, signal.SIGKILL)
    run.finish()
    assert_all_gone(course, run.process.pid)
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    done = run.students("graded")

    again = Run(course, assignment, "--jobs", "2")
    assert again.finish() == 1, again.output     # the text file is not a notebook
    assert not again.students("graded") & done
    assert_same_as_serial(graded, course, assignment, sqlite_url(course))


def test_a_locked_sqlite_gradebook_loses_no_grade(graded, tmp_path):
    """Another program holds the gradebook locked longer than SQLite waits: the workers meet
    'database is locked', and grade those students again once it is free."""
    assignment = "decision_flow"
    course = ungraded_copy(graded, tmp_path / "course", [assignment])
    holder = sqlite3.connect(course / "gradebook.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    run = Run(course, assignment, "--jobs", "3")
    run.wait_for(lambda line: line.startswith("retry "))
    holder.execute("COMMIT")
    holder.close()
    assert run.finish() == 0, run.output
    assert "database is locked" in run.output
    assert_same_as_serial(graded, course, assignment, sqlite_url(course))


# --- PostgreSQL -------------------------------------------------------------------------------

def postgres_bin() -> Path:
    """Debian's PostgreSQL programs; skip where there are none, fail in CI."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    problem = None if found else "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        problem = "psycopg is not installed (make install)"
    if problem:
        cannot_run(problem)
    return found[-1].parent


@pytest.fixture
def postgres_url():
    """A throwaway PostgreSQL cluster on 127.0.0.1, no unix socket, trust for its one user;
    initdb refuses to run as root, so the cluster then belongs to the user nobody."""
    bin_dir = postgres_bin()
    base = Path(tempfile.mkdtemp(prefix="fbss-postgres-"))
    data, port = base / "data", free_port()
    as_owner = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    if as_owner:
        shutil.chown(base, "nobody")

    def pg(*args):
        subprocess.run([*as_owner, *args], check=True, capture_output=True, timeout=BOUND)

    pg(bin_dir / "initdb", "-D", data, "-U", "grader", "--auth=trust", "--no-sync")
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                   "unix_socket_directories = ''\nfsync = off\n")
    pg(bin_dir / "pg_ctl", "-D", data, "-l", base / "server.log", "-w", "-t", "120", "start")
    try:
        pg(bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "grader", "fbss")
        yield f"postgresql+psycopg://grader@127.0.0.1:{port}/fbss"
    finally:
        pg(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base)


def test_a_postgresql_gradebook_gets_the_same_grades(graded, tmp_path, postgres_url):
    assignment = "persistent_pain"        # right, partly wrong, a syntax error, a cut-off file
    course = ungraded_copy(graded, tmp_path / "course", [assignment])
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {postgres_url!r}\n")
    demo.release(course, [assignment])    # the assignment into the new gradebook
    run = Run(course, assignment, "--jobs", "3")
    assert run.finish() == 1, run.output     # nbgrader cannot read the cut-off file
    assert run.students("FAILED") == {"broken"}
    assert_same_as_serial(graded, course, assignment, postgres_url)
    assert grades(sqlite_url(course), assignment) == {}   # nothing went to the SQLite file
