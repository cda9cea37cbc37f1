"""Benchmarks (run by `make bench`, never by the test suite): notebook Run All time after the
kernel has started, and widget interaction times in-process. Writes a Markdown report.

Budgets: a notebook's Run All well under 5 s; a widget interaction well under 100 ms. Also the
time to autograde one submission (sandboxed) next to a plain `jupyter execute` of it. As root,
the class hub: its start, a user's server start, memory per active student; that section alone:
`python tests/benchmark.py reports/bench-hub.md --hub-only`.
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


def autograde_seconds(runs: int = 3) -> dict[str, tuple[list[float], list[float]]]:
    """Per assignment: wall seconds of `nbgrader autograde` of one full-marks submission and of
    `jupyter execute` of the same notebook, each a whole process as an instructor runs it."""
    import subprocess

    from course_lib.grading import demo
    from course_lib.grading.submissions import ASSIGNMENTS

    course = demo.prepare(Path(tempfile.mkdtemp()) / "demo")
    env = demo.nbgrader_env()

    def wall(*command: str) -> float:
        start = time.perf_counter()
        subprocess.run(command, cwd=course, env=env, check=True, capture_output=True)
        return time.perf_counter() - start

    out = {}
    for a in ASSIGNMENTS:
        submitted = f"submitted/full/{a}/{a}.ipynb"
        out[a] = ([wall(sys.executable, "-m", "nbgrader", "autograde", a, "--student=full",
                        "--force") for _ in range(runs)],
                  [wall(sys.executable, "-m", "jupyter", "execute", f"--output={a}-run.ipynb",
                        submitted) for _ in range(runs)])
    return out


def _memory_of(uid: int) -> tuple[float, float]:
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
    import subprocess
    lines = ["", "## The class hub (deploy/hub/, real Unix users)", ""]
    if os.geteuid() != 0:
        return lines + ["Not measured: the hub creates Unix accounts; run `make bench` as root.", ""]
    prefix = os.environ.get("HUB_PREFIX", "/opt/fbss-course")
    subprocess.run(["make", "-C", str(ROOT), f"HUB_PREFIX={prefix}", "hub-env", "hub-proxy"],
                   check=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(ROOT / "deploy" / "hub"))
    from classhub import ClassHub
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
            server_only = _memory_of(pwd.getpwnam(name).pw_uid)
            course_kernel(hub, name)
            memory.append((server_only, _memory_of(pwd.getpwnam(name).pw_uid)))
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


def main(out: Path) -> None:
    if "--hub-only" in sys.argv:
        lines = ["# Benchmark report: the class hub"] + hub_section()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines))
        print("\n".join(lines))
        return
    lines = ["# Benchmark report", "",
             f"Python {platform.python_version()} on {platform.machine()}, "
             f"{os.cpu_count()} CPUs.", "",
             "## Notebook Run All, kernel already started (seconds; budget: well under 5)", "",
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
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(paths[0]) if paths else ROOT / "reports" / "bench.md")
