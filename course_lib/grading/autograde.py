"""`make grade`: autograde every submitted student of one assignment with worker processes.

    python -m course_lib.grading.autograde ASSIGNMENT [--jobs N] [--force] [nbgrader options]

Run it in the course root. Each worker process loads the course's nbgrader config once and
grades one student at a time through nbgrader's own autograde (`NbGraderAPI.autograde`, what the
formgrader's Autograde button runs), so the sandbox and every rule of nbgrader_config.py apply;
options such as --Execute.timeout=60 reach nbgrader as on its own command line.

A student counts as graded when nbgrader's autograded/<student>/<assignment>/ exists (the rule
nbgrader itself skips by) and no mark in .autograde/running/ says that a run was stopped while
grading them; --force regrades everyone. A student whose grading met SQLite's "database is
locked" is graded again (nbgrader has rolled that student back). At the end: nbgrader's export
(grades.csv), the grade table, the problems to review and the class report beside the export.
"""
import argparse
import multiprocessing
import os
import shutil
import signal
import sys
import time
import warnings
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path

from .sandbox import RUN_FOLDER

LOCKED = "database is locked"
ATTEMPTS = 5        # gradings of one student that met a locked gradebook
INTERRUPTED = 130   # exit code after Ctrl+C, as a shell reports SIGINT


def nbgrader_api(options=()):
    """nbgrader's API with the config of the course in the working directory, then options."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    app = NbGrader()
    app.parse_command_line(list(options))
    app.load_config_file()
    return NbGraderAPI(config=app.config)


def running_marks(course: Path, assignment: str) -> Path:
    """The folder of marks, one per student whose grading has started and not ended."""
    return course / RUN_FOLDER / "running" / assignment


def to_grade(api, assignment: str, force: bool = False) -> tuple[list, list]:
    """(every submitted student, those still to grade), sorted."""
    students = sorted(api.get_submitted_students(assignment))
    marks = running_marks(Path(api.coursedir.root), assignment)
    done = set() if force else {
        s for s in students if not (marks / s).exists() and os.path.isdir(
            api.coursedir.format_path(api.coursedir.autograded_directory, s, assignment))}
    return students, [s for s in students if s not in done]


# --- the worker processes -----------------------------------------------------------------

_stopping = False


def _stop(signum, frame):
    """SIGTERM from the parent: interrupt the grading once, as Ctrl+C interrupts nbgrader."""
    global _stopping
    _stopping = True
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def _worker(course: str, assignment: str, options: list, conn) -> None:
    """Grade each student id received with nbgrader's autograde; send back one result each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when to stop
    signal.signal(signal.SIGTERM, _stop)
    os.chdir(course)
    try:
        api = nbgrader_api(options)
        for student in iter(conn.recv, None):
            # Python's warnings (SQLAlchemy's, ...) go to the log, not over the progress bar
            with warnings.catch_warnings(record=True) as caught:
                result = api.autograde(assignment, student, force=True)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})   # send whole
            said = dict.fromkeys(f"[WARNING] {w.category.__name__}: {w.message}\n"
                                 for w in caught)
            conn.send({"student": student, "ok": result["success"], "stopped": _stopping,
                       "log": result.get("log", "") + result.get("error", "") + "".join(said)})
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            if _stopping:
                return
    except (KeyboardInterrupt, EOFError):
        pass


# --- the parent ---------------------------------------------------------------------------

class Progress:
    """A tqdm bar on a terminal (graded/total, rate, time left, failures); otherwise one plain
    line per student."""

    def __init__(self, assignment: str, total: int, out=None):
        from tqdm import tqdm
        tqdm.monitor_interval = 0   # no monitor thread in a process that forks workers
        out = out or sys.stdout
        self.out, self.total, self.done, self.failed = out, total, 0, 0
        size = shutil.get_terminal_size()   # 80x24 where a terminal says 0x0 (tqdm: no bar)
        self.bar = tqdm(total=total, desc=assignment, unit="student", file=out,
                        ncols=size.columns, nrows=size.lines) if out.isatty() else None
        if self.bar:
            self.bar.set_postfix(failed=0)

    def graded(self, student: str, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        if self.bar:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update()
        else:
            self.note(f"{'graded' if ok else 'FAILED'} {self.done}/{self.total} {student}")

    def note(self, text: str) -> None:
        if self.bar:
            self.bar.write(text, file=self.out)
        else:
            print(text, file=self.out, flush=True)

    def tick(self) -> None:
        if self.bar:
            self.bar.refresh()

    def close(self) -> None:
        if self.bar:
            self.bar.close()


class ClassGrading:
    """One run: a queue of students, worker processes, their results, the log."""

    def __init__(self, course: Path, assignment: str, students: list, jobs: int,
                 options: list, progress: Progress):
        self.course, self.assignment, self.options = course, assignment, options
        self.queue, self.jobs, self.progress = deque(students), jobs, progress
        self.marks = running_marks(course, assignment)
        self.marks.mkdir(parents=True, exist_ok=True)
        self.log = course / RUN_FOLDER / f"{assignment}.log"
        self.results, self.attempts, self.stopping = {}, {}, False
        self.workers = {}   # pipe end -> [process, student being graded or None]

    def _start_worker(self) -> None:
        # Forked: a worker starts with nbgrader already imported (seconds saved per worker).
        # The parent has no thread and no gradebook connection to share with it.
        # A daemon: should the parent fail, multiprocessing stops its workers as it exits.
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_worker, args=(str(self.course), self.assignment, self.options, theirs),
            daemon=True)
        # Started with SIGINT ignored, so that Ctrl+C cannot hit it before _worker runs.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            process.start()
        finally:
            signal.signal(signal.SIGINT, previous)
        theirs.close()
        self.workers[ours] = [process, None]

    def _busy(self) -> int:
        return sum(student is not None for _, student in self.workers.values())

    def _dispatch(self) -> None:
        while len(self.workers) < min(self.jobs, len(self.queue) + self._busy()):
            self._start_worker()
        for conn, entry in self.workers.items():
            if entry[1] is None and self.queue:
                entry[1] = self.queue.popleft()
                (self.marks / entry[1]).touch()
                conn.send(entry[1])

    def _write_log(self, student: str, status: str, text: str) -> None:
        with open(self.log, "a") as log:
            log.write(f"\n$ nbgrader autograde {self.assignment} --student {student}: "
                      f"{status}\n{text}")

    def _receive(self, conn) -> None:
        """A result, or the end of a worker (with the student it was grading, if any)."""
        process, student = self.workers[conn]
        try:
            result = conn.recv()
        except (EOFError, OSError):
            process.join()
            del self.workers[conn]
            # the student's mark stays, so the next run grades them again
            if student is not None and not self.stopping:
                self._write_log(student, "FAILED", f"the grading process ended "
                                                   f"(exit code {process.exitcode})\n")
                self.results[student] = False
                self.progress.graded(student, False)
            return
        self.workers[conn][1] = None
        if result["stopped"]:
            self._write_log(student, "interrupted", result["log"])
            return
        self.attempts[student] = self.attempts.get(student, 0) + 1
        if not result["ok"] and LOCKED in result["log"] and self.attempts[student] < ATTEMPTS:
            self._write_log(student, f"{LOCKED}, grading again", result["log"])
            self.progress.note(f"retry {student}: the gradebook said '{LOCKED}'; grading again")
            self.queue.appendleft(student)
            return
        self._write_log(student, "graded" if result["ok"] else "FAILED", result["log"])
        (self.marks / student).unlink(missing_ok=True)
        self.results[student] = result["ok"]
        self.progress.graded(student, result["ok"])

    def _wait(self, timeout=None) -> None:
        ready = wait(list(self.workers), timeout)
        for conn in ready:
            self._receive(conn)

    def run(self) -> bool:
        """Grade the queue; False if interrupted (Ctrl+C) first."""
        with open(self.log, "a") as log:
            log.write(f"\n### {time.strftime('%Y-%m-%d %H:%M:%S')} grading {len(self.queue)} "
                      f"of {self.assignment} with {self.jobs} workers\n")
        try:
            while self.queue or self._busy():
                self._dispatch()
                self._wait(timeout=1)
                self.progress.tick()
            for conn in self.workers:
                conn.send(None)
            while self.workers:
                self._wait()
            return True
        except KeyboardInterrupt:
            self._stop()
            return False

    def _stop(self) -> None:
        """Interrupt every worker once and collect what they finished; a second Ctrl+C kills."""
        self.stopping = True
        self.progress.note("Interrupted: stopping the workers (Ctrl+C again to kill them)")
        for process, _ in self.workers.values():
            process.terminate()
        try:
            while self.workers:
                self._wait()
        except KeyboardInterrupt:
            for process, _ in self.workers.values():
                process.kill()


def export(api) -> Path:
    """nbgrader's CSV export of the whole gradebook to grades.csv in the course root."""
    from nbgrader.plugins import CsvExportPlugin
    plugin = CsvExportPlugin(parent=api)
    plugin.to = str(Path(api.coursedir.root) / "grades.csv")
    with api.gradebook as gradebook:
        plugin.export(gradebook)
    return Path(plugin.to)


def summary(api, assignment: str) -> str:
    """The export, the grade table, the problems to review and the class report."""
    from . import class_report, demo, tampering
    course = Path(api.coursedir.root)
    grades = demo.grade_table(export(api))
    findings = {key: items for key, items in tampering.report(course).items()
                if key[1] == assignment}
    with api.gradebook as gradebook:
        figure = class_report.write(gradebook, assignment,
                                    course / f"class-report-{assignment}.png")
    students = sorted(api.get_submitted_students(assignment))
    return (demo.format_results(grades, {(s, assignment): "" for s in students}, findings)
            + f"\n\nGrades: {course / 'grades.csv'}\nClass report: {figure}"
            + f"\nnbgrader's log of each student: {course / RUN_FOLDER / assignment}.log")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.grading.autograde",
        description=__doc__.splitlines()[0].strip("`: "),
        epilog="Other options of the form --Class.trait=value go to nbgrader.")
    parser.add_argument("assignment")
    parser.add_argument("--jobs", "-j", type=int, default=len(os.sched_getaffinity(0)),
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--force", action="store_true",
                        help="regrade every student, not only those not yet graded")
    parser.add_argument("--no-summary", action="store_true",
                        help="grade only: no export, grade table, review list or class report")
    args, options = parser.parse_known_args(argv)
    unknown = [o for o in options if not (o.startswith("--") and "." in o.split("=")[0])]
    if unknown or args.jobs < 1:
        parser.error(f"unrecognised arguments: {' '.join(unknown)}" if unknown
                     else "--jobs must be at least 1")
    api = nbgrader_api(options)
    course = Path(api.coursedir.root)
    if not (course / api.coursedir.source_directory / args.assignment).is_dir():
        print(f"No assignment {args.assignment!r} in {course / api.coursedir.source_directory}"
              " (run this in the course root)", file=sys.stderr)
        return 2
    students, todo = to_grade(api, args.assignment, args.force)
    print(f"{args.assignment}: {len(students)} submitted, {len(students) - len(todo)} already "
          f"graded, grading {len(todo)} with {min(args.jobs, len(todo))} workers", flush=True)
    progress = Progress(args.assignment, len(todo))
    grading = ClassGrading(course, args.assignment, todo, args.jobs, options, progress)
    finished = grading.run()
    progress.close()
    failed = sorted(s for s, ok in grading.results.items() if not ok)
    if not finished:
        print(f"Interrupted after grading {len(grading.results)} of {len(todo)}; run the same "
              f"command again to grade the rest.", flush=True)
        return INTERRUPTED
    if not args.no_summary:
        print(summary(api, args.assignment))
    if failed:
        print(f"\nnbgrader could not grade {len(failed)}: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
