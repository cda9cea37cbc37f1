"""Tells a student, in words, that their kernel was stopped for using too much memory.

The hub caps each user's server and kernels with a memory cgroup (course_spawner.py). When a
kernel goes over, the machine's OOM killer stops that kernel alone; JupyterLab only says that
the kernel "appears to have died" and restarts it. Every kernel of the class hub loads this file
(`make hub-env` installs it with an IPython setting, ipython_kernel_config.py): a kernel that
starts after such a kill says what happened at its first cell. Standard library only; it never
stops a kernel from starting.
"""
import os

CGROUP_ROOT = "/sys/fs/cgroup"
SEEN = "fbss-memory-kills-seen"          # in the user's Jupyter runtime folder


def own_memory_cgroup():
    """(folder of this process's memory cgroup, cgroup version), or (None, None)."""
    with open("/proc/self/cgroup") as f:
        lines = [line.rstrip("\n").split(":", 2) for line in f]
    for _, controllers, path in lines:
        if "memory" in controllers.split(","):
            return os.path.join(CGROUP_ROOT, "memory", path.lstrip("/")), 1
    for hierarchy, controllers, path in lines:
        if hierarchy == "0":
            for base in (CGROUP_ROOT, os.path.join(CGROUP_ROOT, "unified")):
                folder = os.path.join(base, path.lstrip("/"))
                if os.path.exists(os.path.join(folder, "cgroup.controllers")):
                    return folder, 2
    return None, None


def kills_and_limit(folder: str, version: int) -> tuple[int, int]:
    """How many processes the OOM killer has stopped in the cgroup, and its limit in bytes."""
    events, limit = ("memory.oom_control", "memory.limit_in_bytes") if version == 1 else \
        ("memory.events", "memory.max")
    with open(os.path.join(folder, events)) as f:
        counts = dict(line.split() for line in f if line.strip())
    with open(os.path.join(folder, limit)) as f:
        text = f.read().strip()
    return int(counts.get("oom_kill", 0)), (int(text) if text.isdigit() else 0)


def notice(limit: int) -> str:
    size = f"{limit / 2**30:.1f} GB" if limit else "the limit"
    return (f"Your kernel was stopped and restarted: your notebooks used more memory than this "
            f"hub allows you ({size} for your server and all its kernels together). Everything "
            "this notebook had computed is lost: run its cells again from the top. To stay "
            "under the limit, shut down the kernels of notebooks you no longer use (Kernel > "
            "Shut Down Kernel) and avoid building very large data. Your files are safe.")


def register(ip) -> None:
    """In a kernel of the hub: if the OOM killer stopped a process of this user since the last
    notice, print the notice once, at this kernel's first cell."""
    if not (os.environ.get("JUPYTERHUB_USER") and os.environ.get("JPY_SESSION_NAME")):
        return                     # not a notebook's kernel on the hub (nbgrader's, a test's)
    try:
        from jupyter_core.paths import jupyter_runtime_dir
        folder, version = own_memory_cgroup()
        if folder is None:
            return
        kills, limit = kills_and_limit(folder, version)
        seen_file = os.path.join(jupyter_runtime_dir(), SEEN)
        try:
            with open(seen_file) as f:
                seen = int(f.read().strip() or 0)
        except (OSError, ValueError):
            seen = 0
        with open(seen_file, "w") as f:
            f.write(str(kills))
    except (OSError, ValueError):
        return
    if kills <= seen:
        return

    def tell(*_):
        ip.events.unregister("pre_run_cell", tell)
        import sys
        print(notice(limit), file=sys.stderr)

    ip.events.register("pre_run_cell", tell)
