"""Benchmarks (run by `make bench`, never by the test suite): notebook Run All time after the
kernel has started, and widget interaction times in-process. Writes a Markdown report.

Budgets: a notebook's Run All well under 5 s; a widget interaction well under 100 ms. Also the
time to autograde one submission (sandboxed) next to a plain `jupyter execute` of it, a
synthetic class graded by serial nbgrader and by the parallel command, and, as root, the class
hub: its start, a user's server start, memory per active student. One section alone:
`python tests/benchmark.py reports/bench-grading.md --only class-grading` (or `--only hub`).
"""
from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ["FBSS_PROGRESS_FILE"] = str(Path(tempfile.mkdtemp()) / "progress.json")


def run_all_seconds(path: Path, runs: int = 3) -> list[float]:
    """Wall time of executing every cell, the kernel already started, for each run."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    for _ in range(runs):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            start = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            times.append(time.perf_counter() - start)
    return times


def interaction_ms(action, repeat: int = 200) -> list[float]:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def widget_benchmarks() -> dict[str, list[float]]:
    from course_lib import load_knowledge
    from course_lib.anatomy_widgets import LesionLocalizer, SpineExplorer
    from course_lib.progress import ProgressStore
    from course_lib.quiz_widget import QuestionWidget

    kb = load_knowledge()
    explorer, localizer = SpineExplorer(kb), LesionLocalizer(kb)
    regions, levels = list(kb.regions), list(kb.regions["lumbar"].levels)
    sensory = ["", *kb.findings["sensory"]]
    store = ProgressStore(Path(tempfile.mkdtemp()) / "progress.json")
    question = next(q for q in kb.questions.values() if q.type == "multiple_choice")

    def submit(i):
        qw = QuestionWidget(question, store=store)
        qw.answer_input.value = i % len(question.answers)
        qw.submit_button.click()

    def pick_level(i):
        explorer.region.value = "lumbar"
        explorer.level.value = levels[i % len(levels)]

    return {
        "spine explorer: change region": interaction_ms(
            lambda i: setattr(explorer.region, "value", regions[i % len(regions)])),
        "spine explorer: change level": interaction_ms(pick_level),
        "lesion localizer: change a finding": interaction_ms(
            lambda i: setattr(localizer.sensory, "value", sensory[i % len(sensory)])),
        "quiz: build a question, answer, Submit (with progress write)": interaction_ms(submit, 100),
    }


def wall(course: Path, *command: str, check: bool = True) -> float:
    """Wall seconds of one command run in the course root, as an instructor runs it."""
    import subprocess

    from course_lib.grading import demo
    start = time.perf_counter()
    subprocess.run(command, cwd=course, env=demo.nbgrader_env(), check=check,
                   capture_output=True)
    return time.perf_counter() - start


def timed(course: Path, *command: str) -> tuple[float, float]:
    """Wall and CPU seconds of a command and the processes it waited for (not the sandboxed
    kernels, whose time bubblewrap does not pass up). Its exit code is not checked."""
    def cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    before = cpu()
    seconds = wall(course, *command, check=False)
    return seconds, cpu() - before


def jupyter_execute(course: Path, assignment: str, student: str = "full",
                    runs: int = 3) -> list[float]:
    """Wall seconds of a plain `jupyter execute` of a student's submission."""
    return [wall(course, sys.executable, "-m", "jupyter", "execute",
                 f"--output={assignment}-run.ipynb",
                 f"submitted/{student}/{assignment}/{assignment}.ipynb") for _ in range(runs)]


def autograde_seconds(runs: int = 3) -> dict[str, tuple[list[float], list[float]]]:
    """Per assignment: wall seconds of `nbgrader autograde` of one full-marks submission and of
    `jupyter execute` of the same notebook, each a whole process as an instructor runs it."""
    from course_lib.grading import demo
    from course_lib.grading.submissions import ASSIGNMENTS

    course = demo.prepare(Path(tempfile.mkdtemp()) / "demo")
    return {a: ([wall(course, sys.executable, "-m", "nbgrader", "autograde", a,
                      "--student=full", "--force") for _ in range(runs)],
                jupyter_execute(course, a, runs=runs)) for a in ASSIGNMENTS}


CLASS_ASSIGNMENT = "anatomy_localization"


def synthetic_class(size: int = 60) -> Path:
    """A course whose class is `size` students of one assignment, made from the demo
    submissions: four in five hand in full work, every fifth one of the assignment's other demo
    cases in turn (wrong answers, a syntax error, a kernel that exits, renamed, hostile, ...;
    the endless loop left out, as it only waits for the timeout)."""
    import dataclasses
    import shutil

    from course_lib.grading import demo
    from course_lib.grading.submissions import DEMO_SUBMISSIONS

    course = demo.prepare(Path(tempfile.mkdtemp()) / "class")
    shutil.rmtree(course / "submitted")
    cases = [s for s in DEMO_SUBMISSIONS if s.assignment == CLASS_ASSIGNMENT
             and s.student != "infinite_loop"]
    full, odd = cases[0], cases[1:]
    for i in range(size):
        case = odd[(i // 5) % len(odd)] if i % 5 == 4 else full
        dataclasses.replace(case, student=f"s{i:03}_{case.student}").write(course)
    return course


def class_grading(size: int = 60) -> list[str]:
    """The report section: the same synthetic class graded by plain serial `nbgrader
    autograde` and by `python -m course_lib.grading.autograde` with one worker per core."""
    import shutil

    from nbgrader.api import Gradebook

    from course_lib.grading.class_report import autograded_scores

    ready = synthetic_class(size)
    serial, parallel = ready.parent / "serial", ready.parent / "parallel"
    shutil.copytree(ready, serial)
    shutil.copytree(ready, parallel)
    jobs = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    executed = statistics.median(jupyter_execute(ready, CLASS_ASSIGNMENT, "s000_full"))
    # exit code 1: nbgrader cannot grade the renamed and kernel-exits cases
    serial_s, serial_cpu = timed(serial, sys.executable, "-m", "nbgrader", "autograde",
                                 CLASS_ASSIGNMENT)
    print(f"serial nbgrader autograde: {serial_s:.1f} s", flush=True)
    parallel_s, parallel_cpu = timed(parallel, sys.executable, "-m",
                                     "course_lib.grading.autograde", CLASS_ASSIGNMENT,
                                     f"--jobs={jobs}")
    print(f"parallel, {jobs} workers: {parallel_s:.1f} s", flush=True)
    load = max(load, os.getloadavg()[0])

    def scores(course):
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "fbss-course") as gradebook:
            return autograded_scores(gradebook, CLASS_ASSIGNMENT)[0]
    same = scores(serial) == scores(parallel)

    def row(way, workers, seconds, cpu):
        return (f"| {way} | {workers} | {seconds:.1f} | {60 * size / seconds:.1f} | "
                f"{seconds / size:.2f} | {cpu / size:.2f} | {serial_s / seconds:.2f} |")
    return [f"## Grading a class: {size} submissions of {CLASS_ASSIGNMENT}, sandboxed "
            "(seconds)", "",
            f"Four in five hand in full work, the rest the demo's odd cases. Same grades both "
            f"ways, cell by cell: {'yes' if same else 'NO'}. Highest 1-minute load average "
            f"seen: {load:.1f} on {os.cpu_count()} CPUs; above {jobs}, other programs took "
            f"CPU from both runs. CPU: the grading processes only (nbgrader, the workers); the "
            f"sandboxed kernels' time does not reach them through bubblewrap's PID namespace.",
            "",
            "| way | workers | wall | submissions/min | wall per submission | "
            "CPU per submission | speed-up |", "|---|---|---|---|---|---|---|",
            row("plain `nbgrader autograde`", 1, serial_s, serial_cpu),
            row("`python -m course_lib.grading.autograde` (with export and report)", jobs,
                parallel_s, parallel_cpu),
            f"| plain `jupyter execute` of one submission, whole process | 1 | | | "
            f"{executed:.2f} | | |", ""]


def memory_of(uid: int) -> tuple[float, float]:
    """(USS, PSS) in MiB of all the processes of one Unix user, from /proc/<pid>/smaps_rollup."""
    uss = pss = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid != uid:
                continue
            fields = dict(line.split(":", 1) for line in
                          Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        except OSError:
            continue
        kib = {k: int(v.split()[0]) for k, v in fields.items()}
        uss += kib["Private_Clean"] + kib["Private_Dirty"]
        pss += kib["Pss"]
    return uss / 1024, pss / 1024


def course_kernel(hub, name: str) -> None:
    """Start a kernel in the user's server and import what the course's notebooks import."""
    import json
    import pwd

    from jupyter_client import BlockingKernelClient
    kernel = json.loads(hub.request(f"/user/{name}/api/kernels", hub.token(name), "POST",
                                    data={"name": "python3"})[1])
    runtime = Path(pwd.getpwnam(name).pw_dir, ".local/share/jupyter/runtime")
    client = BlockingKernelClient(connection_file=str(runtime / f"kernel-{kernel['id']}.json"))
    client.load_connection_file()
    client.start_channels(hb=False)   # the execute reply below is the readiness signal
    reply = client.execute_interactive(
        "import matplotlib.pyplot as plt\nfrom course_lib import anatomy, decision, quiz_widget\n"
        "plt.figure(); plt.plot([1, 2]); plt.close('all')", timeout=240)
    assert reply["content"]["status"] == "ok", reply["content"]
    client.stop_channels()


def hub_section(students: int = 3) -> list[str]:
    """Hub start, one user's server start, and memory per active student (deploy/hub/)."""
    import pwd
    lines = ["", "## The class hub (deploy/hub/, real Unix users)", ""]
    if os.geteuid() != 0:
        return lines + ["Not measured: the hub creates Unix accounts; run `make bench` as root.", ""]
    prefix = os.environ.get("HUB_PREFIX", "/opt/fbss-course")
    sys.path.insert(0, str(ROOT / "deploy" / "hub"))
    from classhub import ClassHub, make_environment
    make_environment(prefix).check_returncode()
    tag = "fbb" + os.urandom(3).hex()
    names = [f"{tag}-s{i}" for i in range(students)]
    with ClassHub(f"{tag}-t", names, prefix=prefix) as hub:
        hub.stop()
        start = time.perf_counter()
        hub.start()
        hub_start = time.perf_counter() - start
        server_start, memory = [], []
        for name in names:
            start = time.perf_counter()
            hub.start_server(name)
            server_start.append(time.perf_counter() - start)
            server_only = memory_of(pwd.getpwnam(name).pw_uid)
            course_kernel(hub, name)
            memory.append((server_only, memory_of(pwd.getpwnam(name).pw_uid)))
    uss = statistics.median(total[0] for _, total in memory)
    lines += [f"Hub start to API ready (proxy included): {hub_start:.1f} s. One user's server "
              f"start (JupyterLab, from the API call to ready), {students} users: "
              f"{' / '.join(f'{t:.1f}' for t in server_start)} s.", "",
              "| student | server USS | server PSS | server + course kernel USS | ... PSS |",
              "|---|---|---|---|---|"]
    for i, (server, total) in enumerate(memory):
        lines.append(f"| {i + 1} | {server[0]:.0f} | {server[1]:.0f} | {total[0]:.0f} | "
                     f"{total[1]:.0f} |")
    lines += ["", f"Unique memory per active student (median, MiB): {uss:.0f}. "
              f"Students active at once on 16 GB, 2 GB kept for the system and the hub: "
              f"{int(14 * 1024 // uss)}.", ""]
    return lines


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"{statistics.median(values):.2f} | {p95:.2f} | {values[-1]:.2f}"


def main(out: Path, only: str | None = None) -> None:
    lines = ["# Benchmark report", "",
             f"Python {platform.python_version()} on {platform.machine()}, "
             f"{os.cpu_count()} CPUs.", ""]
    if only == "class-grading":
        return write(out, lines + class_grading())
    if only == "hub":
        return write(out, lines + hub_section())
    lines += ["## Notebook Run All, kernel already started (seconds; budget: well under 5)", "",
             "| notebook | median | min | max |", "|---|---|---|---|"]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        t = run_all_seconds(path)
        lines.append(f"| {path.name} | {statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} |")
    lines += ["", "## Widget interactions in-process (milliseconds; budget: well under 100)", "",
              "| interaction | median | p95 | max |", "|---|---|---|---|"]
    for name, values in widget_benchmarks().items():
        lines.append(f"| {name} | {summary(values)} |")
    lines += ["", "## Autograde of one submission, sandboxed, against a plain `jupyter execute` "
              "(wall seconds, median of 3)", "",
              "| assignment | nbgrader autograde | jupyter execute |", "|---|---|---|"]
    for name, (graded, executed) in autograde_seconds().items():
        lines.append(f"| {name} | {statistics.median(graded):.2f} | "
                     f"{statistics.median(executed):.2f} |")
    lines += hub_section()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["", f"Peak memory of the benchmark process: {peak:.0f} MiB.", ""]
    write(out, lines + class_grading())


def write(out: Path, lines: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description="Write the benchmark report.")
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "reports" / "bench.md")
    parser.add_argument("--only", choices=["class-grading", "hub"],
                        help="only this section (each takes a few minutes)")
    args = parser.parse_args()
    main(args.out, args.only)
