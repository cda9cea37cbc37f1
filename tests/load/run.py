"""`make load`: a class arriving at once on the real class hub, measured with Locust.

    python tests/load/run.py reports/load.md [--levels 10,20,40,60] [--think 3]

For each level a new hub (deploy/hub/, as root) gets that many students as real Unix accounts,
an instructor who has released the assignment, and one hostile student. Locust's students
(tests/load/locustfile.py) arrive within one minute and each runs a lecture once; while they
work, the hostile student tries what tests/test_hub.py's does against a student who has
submitted. Measured: Locust's p50 / p95 / max of each step, its failures by kind, the unique
memory (USS) of every student's server and kernel, the machine's CPU. Writes the report and a
plot (load.png) beside it. Every account, server and file is removed after each level, also on
Ctrl+C. Traffic goes only to 127.0.0.1; each level is bounded in time.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import pwd
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "deploy" / "hub"), str(ROOT / "tests"), str(HERE)]
from attacks import hostile_attempts, reached  # noqa: E402
from benchmark import memory_of  # noqa: E402
from classhub import COURSE_ID, ClassHub, make_environment, wait_for  # noqa: E402

NOTEBOOK = "01_spine_anatomy.ipynb"
ASSIGNMENT = "anatomy_localization"
STEPS = ["login", "server start", "first cell", "Run All", "submit"]
LEVEL_BOUND_S = 30 * 60         # Locust is stopped after this, whatever the level
ENDINGS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def end(*_):
    """The first Ctrl+C (or kill) stops the level; the clean-up then runs undisturbed."""
    for ending in ENDINGS:
        signal.signal(ending, signal.SIG_IGN)
    raise KeyboardInterrupt


def cpu_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def memory_used_mib() -> float:
    info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    kib = lambda key: int(info[key].split()[0])  # noqa: E731
    return (kib("MemTotal") - kib("MemAvailable")) / 1024


def process_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def give_notebook(name: str) -> None:
    """The course notebook in the student's home, as the course would hand it out."""
    target = Path(pwd.getpwnam(name).pw_dir) / NOTEBOOK
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, target)
    shutil.chown(target, name, name)


class Sampler(threading.Thread):
    """The highest memory in use on the machine while the level runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.done = memory_used_mib(), threading.Event()

    def run(self):
        while not self.done.wait(2):
            self.peak = max(self.peak, memory_used_mib())


def attack_under_load(hub, hostile: str, students: list[str], result: dict) -> None:
    """Once a student has submitted, the hostile student tries everything against them."""
    inbound = hub.exchange / COURSE_ID / "inbound"
    try:
        first = wait_for("a first submission", lambda: next(
            (p for p in inbound.glob(f"*+{ASSIGNMENT}+*") if p.name.split("+")[0] in students),
            None), bound=LEVEL_BOUND_S)
        victim = first.name.split("+")[0]
        result["victim"] = victim
        result["reached"] = reached(hostile_attempts(hub, hostile, victim, hub.instructor,
                                                     ASSIGNMENT))
    except Exception as error:  # noqa: BLE001 (reported, never hidden)
        result["error"] = f"{type(error).__name__}: {error}"


def run_level(level: int, prefix: str, think: float, out: Path) -> dict:
    tag = "fbl" + secrets.token_hex(3)           # cannot collide with the tests' fbt/fbb names
    students = [f"{tag}-s{i:03}" for i in range(level)]
    hostile = f"{tag}-x"
    out.parent.mkdir(parents=True, exist_ok=True)
    csv_prefix = out.parent / f"load-{level}"
    with ClassHub(f"{tag}-t", [*students, hostile], prefix=prefix) as hub:
        hub.release([ASSIGNMENT])
        for name in students:
            give_notebook(name)
        hub.nbgrader(hostile, "fetch_assignment", ASSIGNMENT)
        security: dict = {}
        attacker = threading.Thread(target=attack_under_load,
                                    args=(hub, hostile, students, security), daemon=True)
        sampler, base_memory = Sampler(), memory_used_mib()
        busy0, total0, hub_cpu0 = *cpu_busy(), process_cpu_s(hub.process.pid)
        started = time.monotonic()
        env = {**os.environ, "FBSS_LOAD_STUDENTS": ",".join(students),
               "FBSS_LOAD_PASSWORD": hub.password, "FBSS_LOAD_NOTEBOOK": NOTEBOOK,
               "FBSS_LOAD_ASSIGNMENT": ASSIGNMENT, "FBSS_LOAD_THINK": str(think)}
        locust = subprocess.Popen(
            [str(Path(sys.executable).parent / "locust"), "-f", str(HERE / "locustfile.py"),
             "--headless", "--host", hub.url, "--users", str(level),
             "--spawn-rate", f"{level / 60:.4f}", "--run-time", f"{LEVEL_BOUND_S}s",
             "--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING"],
            env=env, stdout=subprocess.DEVNULL, stderr=open(f"{csv_prefix}.log", "w"),
            start_new_session=True)
        sampler.start()
        attacker.start()
        try:
            locust.wait(LEVEL_BOUND_S + 120)
        finally:
            if locust.poll() is None:
                os.killpg(locust.pid, signal.SIGTERM)
                locust.wait()
            sampler.done.set()
        seconds = time.monotonic() - started
        busy1, total1 = cpu_busy()
        attacker.join(120)
        per_student = [memory_of(pwd.getpwnam(n).pw_uid)[0] for n in students]
        hub_cpu = process_cpu_s(hub.process.pid) - hub_cpu0
        shutil.copy(hub.log_path, f"{csv_prefix}-hub.log")
    return {"level": level, "when": f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
            "loadavg": os.getloadavg()[1], "seconds": seconds, "stats": read_stats(csv_prefix),
            "failures": read_failures(csv_prefix), "security": security,
            "uss": per_student, "peak_mib": sampler.peak - base_memory,
            "cpu": 100 * (busy1 - busy0) / (total1 - total0), "hub_cpu": hub_cpu}


def read_stats(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def read_failures(prefix: Path) -> list[dict]:
    with open(f"{prefix}_failures.csv") as f:
        return list(csv.DictReader(f))


def cell(row: dict | None) -> str:
    """p50 / p95 / max in seconds from Locust's row (milliseconds)."""
    if not row or not int(row["Request Count"]):
        return "-"
    ok = int(row["Request Count"]) - int(row["Failure Count"])
    top = float(row["Max Response Time"])         # Locust rounds its percentiles: capped here
    values = [min(float(row[k]), top) / 1000 for k in ("50%", "95%")] + [top / 1000]
    return " / ".join(f"{v:.1f}" for v in values) + ("" if ok else " (all failed)")


def report(results: list[dict], out: Path, think: float) -> None:
    lines = [
        "# Class hub under load", "",
        f"{results[0]['when']}, {os.cpu_count()} CPUs, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB; other "
        "work may share the machine (its 5-minute load average at each level's end is in the "
        "table: above the number of CPUs, programs waited for one). Each "
        f"level: a new hub, the students arriving within one minute, think time {think:g} s "
        f"(mean) between steps, notebook {NOTEBOOK}, assignment {ASSIGNMENT}. Seconds as "
        "p50 / p95 / max (Locust's statistics; its percentiles are rounded to two digits).", "",
        "| students | " + " | ".join(STEPS) + " | told to wait (429) | failures | done | "
        "USS per student (MiB) | USS total (GiB) | peak memory in use (GiB) | CPU busy | "
        "hub CPU (s) | load average |",
        "|---" * (len(STEPS) + 10) + "|"]
    for r in results:
        stats, failures = r["stats"], sum(int(f["Occurrences"]) for f in r["failures"])
        done = int(stats.get("logout", {}).get("Request Count", 0) or 0)
        queued = stats.get("told to wait (429)", {}).get("Request Count", "0")
        uss = [u for u in r["uss"] if u]
        lines.append(
            f"| {r['level']} | " + " | ".join(cell(stats.get(s)) for s in STEPS) +
            f" | {queued} | {failures} | {done}/{r['level']} | "
            f"{statistics.median(uss) if uss else 0:.0f} | {sum(uss) / 1024:.1f} | "
            f"{r['peak_mib'] / 1024:.1f} | {r['cpu']:.0f} % | {r['hub_cpu']:.0f} | "
            f"{r.get('loadavg', float('nan')):.1f} |")
    lines += ["", "Failures by kind:", ""]
    kinds = [(r["level"], f) for r in results for f in r["failures"]]
    lines += [f"- {level} students: {f['Occurrences']} x {f['Name']}: {f['Error']}"
              for level, f in kinds] or ["- none"]
    lines += ["", "Security under load (the hostile student of tests/test_hub.py, against a "
              "student who had submitted, while the others worked):", ""]
    for r in results:
        s = r["security"]
        said = (f"error: {s['error']}" if "error" in s else
                f"reached {', '.join(s['reached'])}" if s.get("reached") else "reached nothing")
        lines.append(f"- {r['level']} students: {said}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    plot(results, out.with_suffix(".png"))
    print("\n".join(lines))


def plot(results: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    levels = [r["level"] for r in results]
    fig, ax = plt.subplots(figsize=(8.5, 4.2))
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]    # Okabe-Ito
    for step, marker, colour in zip(STEPS, "os^Dv", colours):
        rows = [r["stats"].get(step) for r in results]
        for key, style in (("50%", "-"), ("95%", ":")):
            ys = [min(float(row[key]), float(row["Max Response Time"])) / 1000
                  if row and int(row["Request Count"]) else float("nan") for row in rows]
            ax.plot(levels, ys, style, marker=marker, color=colour,
                    label=f"{step} ({'p50, solid' if key == '50%' else 'p95, dotted'})")
    ax.set_xlabel("students arriving within one minute")
    ax.set_yscale("log")            # from a login's tenth of a second to minutes of queueing
    ax.set_ylabel("seconds (log scale)")
    ax.set_xticks(levels)
    ax.set_title("The class hub under load: time of each step")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "reports" / "load.md")
    parser.add_argument("--levels", default="10,20,40,60",
                        help="students per level, comma separated (at most 100 each)")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time, seconds")
    parser.add_argument("--report-only", action="store_true",
                        help="write the report again from the measured levels (OUT's .json)")
    args = parser.parse_args()
    measured = args.out.with_suffix(".json")
    if args.report_only:
        report(json.loads(measured.read_text()), args.out, args.think)
        return 0
    levels = [int(n) for n in args.levels.split(",")]
    if os.geteuid() != 0:
        print("The load test creates Unix accounts and must run as root.", file=sys.stderr)
        return 1
    if not all(0 < n <= 100 for n in levels):
        print("Each level is 1 to 100 students.", file=sys.stderr)
        return 2
    prefix = os.environ.get("HUB_PREFIX", "/opt/fbss-course")
    make = make_environment(prefix)
    if make.returncode:
        print(make.stdout[-3000:] + make.stderr[-3000:], file=sys.stderr)
        return 1
    for ending in ENDINGS:
        signal.signal(ending, end)
    results = []
    try:
        for level in levels:
            print(f"{level} students ...", flush=True)
            results.append(run_level(level, prefix, args.think, args.out))
            measured.write_text(json.dumps(results, indent=1))
            report(results, args.out, args.think)
    except KeyboardInterrupt:
        print("Stopped; the level's accounts, servers and files are removed.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
