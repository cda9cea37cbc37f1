"""`make grade-demo`: the whole instructor pipeline on a throwaway copy of the course.

    python -m course_lib.grading.demo OUT [--timeout SECONDS] [--jobs N]

Copies assignments/ (config and sources) to OUT/course, then runs nbgrader's own commands:
generate_assignment, autograde (on the demo submissions, in parallel by
course_lib.grading.autograde unless --jobs 0), generate_feedback and export. Prints the grade
table and the tampering report; the feedback HTML stays in OUT/course/feedback/.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from .submissions import ASSIGNMENTS, DEMO_SUBMISSIONS, write_all
from .tampering import format_report, report

COURSE_SOURCE = Path(__file__).resolve().parents[2] / "assignments"
LOG = "nbgrader.log"


def nbgrader_env() -> dict:
    """The environment for nbgrader: it runs tools such as alembic by name, so this Python's
    bin/ comes first on PATH."""
    return {**os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def nbgrader(course: Path, *args: str, log=None) -> int:
    """Run one nbgrader command in the course; its output goes to the log file."""
    with open(log or os.devnull, "a") as out:
        out.write(f"\n$ nbgrader {' '.join(args)}\n")
        out.flush()
        return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                              env=nbgrader_env(), stdout=out, stderr=subprocess.STDOUT).returncode


def copy_course(course: Path) -> None:
    """A copy of the course root without anything nbgrader generated."""
    shutil.copytree(COURSE_SOURCE, course, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "grades.csv",
        "README.md", ".autograde", "class-report-*"))


def release(course: Path, assignments, log=None) -> None:
    """nbgrader generate_assignment for each assignment; stop at the first failure."""
    for assignment in assignments:
        if nbgrader(course, "generate_assignment", assignment, "--force", log=log):
            raise RuntimeError(f"nbgrader generate_assignment {assignment} failed"
                               + (f": see {log}" if log else ""))


def prepare(out: Path) -> Path:
    """Copy the course to OUT/course, generate its releases, write the demo submissions."""
    course = out / "course"
    shutil.rmtree(out, ignore_errors=True)
    copy_course(course)
    release(course, ASSIGNMENTS, log=out / LOG)
    write_all(course)
    return course


def grade(course: Path, out: Path, timeout: int | None = None, jobs: int = 0) -> None:
    """Autograde every submission (with plain serial nbgrader, or with the parallel command
    and its progress bar if jobs), generate the feedback, export OUT/grades.csv."""
    limit = [f"--Execute.timeout={timeout}"] if timeout else []
    for assignment in ASSIGNMENTS:
        # Exit code 1 when any submission could not be graded; the others are graded anyway.
        if jobs:
            subprocess.run([sys.executable, "-m", "course_lib.grading.autograde", assignment,
                            f"--jobs={jobs}", "--no-summary", *limit], cwd=course,
                           env=nbgrader_env())
        else:
            nbgrader(course, "autograde", assignment, *limit, log=out / LOG)
        nbgrader(course, "generate_feedback", assignment, log=out / LOG)
    if nbgrader(course, "export", "--to", str(out / "grades.csv"), log=out / LOG):
        raise RuntimeError(f"nbgrader export failed: see {out / LOG}")


def grade_table(grades_csv: Path) -> dict:
    """{(student, assignment): (score, max_score)} from nbgrader's export, submitted work only."""
    with open(grades_csv, newline="") as f:
        return {(row["student_id"], row["assignment"]): (float(row["score"]),
                                                         float(row["max_score"]))
                for row in csv.DictReader(f) if row["timestamp"]}


def format_results(grades: dict, notes: dict, findings: dict, note_title: str = "") -> str:
    """The grade table of the submissions in notes ({(student, assignment): note}, in order),
    then the tampering report."""
    lines = [f"{'student':17} {'assignment':22} {'score':>9}  {note_title}".rstrip()]
    for (student, assignment), note in notes.items():
        score, maximum = grades.get((student, assignment), (0.0, 0.0))
        lines.append(f"{student:17} {assignment:22} {score:4.1f}/{maximum:<4.0f}  {note}".rstrip())
    return "\n".join(lines) + (
        "\n\nScores are the autograded points; written answers and the plot await manual "
        "grading in the formgrader.\n\nTampering and problems to review:\n"
        + textwrap.indent(format_report(findings), "  "))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--timeout", type=int, help="seconds per cell (default: the course's)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="grading workers (default: one per core); 0: plain serial nbgrader")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    course = prepare(out)
    grade(course, out, args.timeout, args.jobs)
    grades = grade_table(out / "grades.csv")
    print(format_results(grades, {(s.student, s.assignment): s.story for s in DEMO_SUBMISSIONS},
                         report(course), "what they did"))
    print(f"\nFeedback: {course / 'feedback'}\nGrades: {out / 'grades.csv'}"
          f"\nnbgrader's log: {out / LOG}")


if __name__ == "__main__":
    main()
