"""Run the kernels of ``nbgrader autograde`` inside a bubblewrap (bwrap) sandbox.

Imported by ``assignments/nbgrader_config.py``, so the sandbox applies to every way of
running autograde that reads that config: ``make``, the plain ``nbgrader autograde`` command
and the formgrader's "autograde" button (all three build nbgrader's ``Autograde`` converter
with the course config).

What the student's code (the grading kernel and anything it starts) can write:
  * the submission's own folder, ``autograded/<student>/<assignment>/`` (the kernel's cwd);
  * a private, empty /tmp and /dev/shm that vanish with the kernel.
Everything else is mounted read-only; the course's private folders (source/, release/,
submitted/, autograded/ of other students, feedback/), gradebook.db, nbgrader's exchange and
the grader's home folder (but for the Python and course library the kernel needs) are hidden.
The kernel also gets its own user, PID, IPC, UTS and network namespaces (no network at all:
kernel and nbgrader talk over ZeroMQ unix sockets, "ipc" transport, in a private folder).

If the sandbox cannot be set up (bwrap missing, namespaces forbidden, ...) the kernel is not
started and the submission fails with IsolationError; nbgrader logs it, moves on and exits
non-zero. Set FBSS_GRADING_UNSAFE=1 to grade WITHOUT the sandbox on a machine where it cannot
work (a loud warning is logged for every notebook).
"""

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from nbgrader.preprocessors import Execute
from traitlets import Bool, List, Unicode, default

from .output_budget import OutputBudget

UNSAFE_ENV = "FBSS_GRADING_UNSAFE"
SHIPPED_COURSE = Path(__file__).resolve().parents[2] / "assignments"
# Files kept in a graded folder: notebooks, nbgrader's timestamp, data and images a browser
# shows as data, never runs.
SAFE_SUFFIXES = {".ipynb", ".txt", ".csv", ".tsv", ".json", ".yaml", ".yml", ".md", ".py",
                 ".png", ".jpg", ".jpeg", ".gif"}
FOLDER_BUDGET = 100 << 20  # bytes of such files kept in a graded folder
TMPFS_SIZE = 512 << 20    # the sandbox's /tmp, /dev/shm and blank home live in memory
# the parallel grader's logs and its marks of students being graded (autograde.py)
RUN_FOLDER = ".autograde"

UNSAFE_BANNER = (
    "\n" + "!" * 78 + "\n"
    "!!  {var}=1: student code is being graded WITHOUT the bubblewrap sandbox.\n"
    "!!  It can change or delete gradebook.db, other students' work and the course\n"
    "!!  sources. Use it only where bubblewrap cannot work and every submission\n"
    "!!  is trusted.\n"
    + "!" * 78
).format(var=UNSAFE_ENV)


# Per-kernel limits: 4 GiB of address space, no file over 64 MiB (util-linux's prlimit).
PRLIMIT = ["prlimit", f"--as={4 << 30}", f"--fsize={64 << 20}", "--"]


class IsolationError(RuntimeError):
    """The grading sandbox could not be set up; the notebook was not run."""


def _unsafe_requested():
    return os.environ.get(UNSAFE_ENV, "").strip().lower() in ("1", "true", "yes")


def _real(path):
    return os.path.realpath(os.path.abspath(path))


def _is_under(path, parent):
    path, parent = _real(path), _real(parent)
    return path == parent or path.startswith(parent.rstrip(os.sep) + os.sep)


_SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY",
                 "ACCESS_KEY", "PRIVATE_KEY")


def _secret_env_names(env):
    """Environment variables not to hand to student code (Jupyter/JupyterHub tokens, ...)."""
    return sorted(k for k in env if any(w in k.upper() for w in _SECRET_WORDS))


@functools.lru_cache(maxsize=None)
def _bwrap_help(bwrap):
    try:
        out = subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout + out.stderr


def _bwrap_has_option(bwrap, option):
    """Whether this bwrap knows an option (--disable-userns needs bubblewrap >= 0.8)."""
    return option in _bwrap_help(bwrap)


def bwrap_argv(bwrap, writable_dir, private_dir, hide=(), keep_readable=(), env=None):
    """The bwrap command line (up to and including ``--``) for one kernel.

    writable_dir:  the only host folder the sandbox may change (the kernel's cwd).
    private_dir:   host folder with the connection file and ZeroMQ ipc sockets (read-write).
    hide:          host paths replaced by an empty tmpfs (folders) or /dev/null (files).
    keep_readable: host paths under /tmp or the home folder to bind back read-only after
                   those are replaced by empty ones (e.g. a virtualenv that lives there).
    """
    argv = [
        bwrap,
        # namespaces: own user ns (no capabilities in the host's), pid (can't see or signal
        # host processes; everything dies with the kernel), ipc, uts, cgroup and network
        # (no network, not even the host's 127.0.0.1 where Jupyter servers listen).
        "--unshare-all", "--unshare-user",
    ]
    if _bwrap_has_option(bwrap, "--disable-userns"):
        argv += ["--disable-userns"]     # no nested user namespaces (bubblewrap >= 0.8)
    argv += [
        "--die-with-parent", "--cap-drop", "ALL",
        # file system: everything read-only ...
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        # bwrap leaves /proc/sys writable when the caller is root (it only covers it for
        # unprivileged callers); a root-owned kernel could otherwise set kernel.core_pattern.
        "--ro-bind", "/proc/sys", "/proc/sys",
    ]
    # in-memory folders, capped so that filling them cannot take the machine's memory:
    # /run (host sockets: docker, systemd, dbus), /dev/shm, /tmp and the home folder
    sized = _bwrap_has_option(bwrap, "--size")

    def tmpfs(path, size):
        return (["--size", str(size)] if sized else []) + ["--tmpfs", path]

    for path in ["/run", "/dev/shm", *_blank_roots()]:
        argv += tmpfs(path, TMPFS_SIZE)
    for path in keep_readable:
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    for path in hide:
        if os.path.isdir(path):
            argv += tmpfs(path, 1 << 20)       # an empty stand-in: room for mount points only
        elif os.path.exists(path):
            argv += ["--ro-bind", "/dev/null", path]
    argv += [
        # ... except the submission's folder and the private folder, bound last so that
        # they win over the tmpfs/hide mounts above them.
        "--bind", writable_dir, writable_dir,
        "--bind", private_dir, private_dir,
        "--chdir", writable_dir,
        "--setenv", "TMPDIR", "/tmp",
        "--setenv", "MPLCONFIGDIR", "/tmp/.config/matplotlib",
        "--setenv", "XDG_CACHE_HOME", "/tmp/.cache",
        "--setenv", "IPYTHONDIR", "/tmp/.ipython",
        # ipykernel polls its parent's PID and quits when it changes; inside the PID
        # namespace the parent is bwrap's PID 1. "1" switches the poller off
        # (--die-with-parent does that job).
        "--setenv", "JPY_PARENT_PID", "1",
        # Python must not import from the submission folder before the kernel runs (a file
        # named ipykernel_launcher.py there would replace the kernel itself).
        "--setenv", "PYTHONSAFEPATH", "1",
    ]
    for name in _secret_env_names(os.environ if env is None else env):
        argv += ["--unsetenv", name]
    return argv + ["--"]


_PROBE_CODE = r"""
import os, sys
rw, name, targets = sys.argv[1], sys.argv[2], sys.argv[3:]
open(os.path.join(rw, name), "w").write("ok")
for t in targets:
    try:
        open(os.path.join(t, name), "w").write("must not reach the host")
    except OSError:
        pass
"""


def probe_sandbox(bwrap, python, protected_dir, hide=()):
    """Check, before every kernel (about 20 ms), that bwrap works and writes do not leave it.

    A throw-away sandbox writes a file into its own folder (must appear on the host) and
    tries to write the same file name into every ancestor of ``protected_dir`` (must appear
    nowhere on the host: read-only, or a private tmpfs). Raises IsolationError otherwise.
    """
    error = None
    name = ".nbgrader-sandbox-probe-" + os.urandom(6).hex()
    targets = []
    d = _real(protected_dir)
    while True:
        d = os.path.dirname(d)
        targets.append(d)
        if d == os.path.dirname(d):
            break
    rw = tempfile.mkdtemp(prefix="nbgrader-sandbox-probe-")
    try:
        cmd = bwrap_argv(bwrap, rw, rw, hide=hide, keep_readable=_paths_to_keep(python))
        cmd += [python, "-c", _PROBE_CODE, rw, name] + targets
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except FileNotFoundError:
            error = "bubblewrap is not installed ({!r} not found)".format(bwrap)
        except (OSError, subprocess.SubprocessError) as e:
            error = "could not run {!r}: {}".format(bwrap, e)
        else:
            leaked = [t for t in targets if os.path.lexists(os.path.join(t, name))]
            for t in leaked:
                os.remove(os.path.join(t, name))
            if proc.returncode != 0:
                error = "the test sandbox failed (exit code {}): {}".format(
                    proc.returncode, (proc.stderr or proc.stdout).strip()[-2000:])
            elif not os.path.exists(os.path.join(rw, name)):
                error = "the test sandbox could not write to its own folder"
            elif leaked:
                error = "the test sandbox could write outside its folder: {}".format(leaked)
    finally:
        shutil.rmtree(rw, ignore_errors=True)
    if error:
        raise IsolationError(
            "Refusing to run student code: the grading sandbox is not available: {}.\n"
            "Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) on a system that "
            "allows user namespaces, or set {}=1 to grade WITHOUT protection."
            .format(error, UNSAFE_ENV))


def _blank_roots():
    """Folders the sandbox sees empty: /tmp and the grader's home folder (SSH keys, tokens,
    other courses), unless home is / or lies in /tmp."""
    home = _real(os.path.expanduser("~"))
    return ["/tmp"] + ([home] if os.path.isdir(home) and home != "/"
                       and not _is_under(home, "/tmp") else [])


def _paths_to_keep(*executables):
    """Folders the kernel needs that would vanish under the blank /tmp or home folder."""
    candidates = set()
    for exe in executables:
        if exe:
            candidates.add(os.path.dirname(os.path.dirname(os.path.abspath(exe))))
            candidates.add(os.path.dirname(os.path.dirname(_real(exe))))
    candidates.update({sys.prefix, sys.base_prefix, _real(sys.prefix), _real(sys.base_prefix)})
    # the course library the assignments import (an editable install is not on sys.path)
    candidates.add(str(Path(__file__).resolve().parents[1]))
    candidates.update(p for p in sys.path if p and os.path.isabs(p))
    roots = _blank_roots()
    keep = sorted(p for p in candidates if os.path.exists(p)
                  and any(_is_under(p, root) and p != root for root in roots))
    # drop entries already covered by a parent in the list
    out = []
    for p in keep:
        if not any(_is_under(p, q) for q in out):
            out.append(p)
    return out


def _pid_start_time(pid):
    try:
        with open("/proc/{}/stat".format(pid)) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return fields[0], fields[19]          # state, starttime
    except (OSError, IndexError):
        return None, None


def sanitize_tree(root, log):
    """After the sandbox is gone: make the folder safe for nbgrader (which runs unsandboxed).

    nbgrader follows symlinks when it writes the graded notebook, chmods every file
    (set_permissions) and copies files into feedback/; a student could otherwise point
    those at gradebook.db or another student's files. Remove symlinks, fifos, sockets and
    devices, and clear setuid/setgid bits (files are owned by the grader's user).
    The formgrader serves this folder's files from the instructor's Jupyter session, so
    files a browser could run (HTML, SVG, JavaScript, PDF, anything not in SAFE_SUFFIXES)
    are removed too, and so are files beyond FOLDER_BUDGET bytes in all (nbgrader copies
    them into feedback/); the top-level notebooks and timestamp.txt always stay.
    """
    removed, kept = [], 0
    for dirpath, dirnames, filenames in os.walk(root, topdown=True, followlinks=False):
        for name in list(dirnames) + filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            if stat.S_ISREG(st.st_mode) and not (dirpath == root and (
                    name == "timestamp.txt" or name.endswith(".ipynb"))):
                kept += st.st_size
                if Path(name).suffix.lower() not in SAFE_SUFFIXES or kept > FOLDER_BUDGET:
                    os.unlink(path)              # a web page for the formgrader, or too much
                    removed.append(os.path.relpath(path, root))
                    continue
            if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode):
                if st.st_mode & (stat.S_ISUID | stat.S_ISGID):
                    os.chmod(path, stat.S_IMODE(st.st_mode) & ~(stat.S_ISUID | stat.S_ISGID),
                             follow_symlinks=False)
                continue
            os.unlink(path)                      # symlink, fifo, socket, device
            removed.append(os.path.relpath(path, root))
            if name in dirnames:
                dirnames.remove(name)
    if removed:
        log.warning("Sandbox: removed files left by student code in %s: %s",
                    root, ", ".join(sorted(removed)))


class SandboxedKernelManager(AsyncKernelManager):
    """AsyncKernelManager whose kernel runs under bwrap with only its cwd writable."""

    bwrap = Unicode("bwrap", config=True, help="The bubblewrap executable.")
    hide_paths = List(Unicode(), config=True,
                      help="Host paths hidden from the kernel (empty tmpfs or /dev/null).")
    expected_cwd = Unicode("", config=True,
                           help="If set, refuse to start unless the kernel's cwd is this folder.")
    unsafe = Bool(False, help="Run without the sandbox (set from FBSS_GRADING_UNSAFE).")

    @default("transport")
    def _transport_default(self):
        return "tcp" if self.unsafe else "ipc"

    @default("unsafe")
    def _unsafe_default(self):
        return _unsafe_requested()

    _sandbox_priv = None
    _sandbox_cwd = None
    _sandbox_info = None
    _sandbox_ns_pid = None
    _sandbox_hide = ()

    async def start_kernel(self, **kw):
        if self.unsafe:
            self.log.warning(UNSAFE_BANNER)
            print(UNSAFE_BANNER, file=sys.stderr, flush=True)
            return await super().start_kernel(**kw)
        cwd = kw.get("cwd")
        if not cwd or not os.path.isdir(cwd):
            raise IsolationError("Refusing to run student code: no submission folder "
                                 "(kernel cwd) given: {!r}".format(cwd))
        cwd = _real(cwd)
        if self.expected_cwd and cwd != _real(self.expected_cwd):
            raise IsolationError("Refusing to run student code: kernel cwd {!r} is not the "
                                 "submission folder {!r}".format(cwd, self.expected_cwd))
        # Jupyter's runtime folder holds the tokens of running Jupyter servers and the
        # connection files (with their keys) of every other kernel: hide it too.
        self._sandbox_hide = [_real(p) for p in list(self.hide_paths) + [jupyter_runtime_dir()]]
        probe_sandbox(self.bwrap, sys.executable, cwd, hide=self._sandbox_hide)
        # Interrupt (cell timeout) by message, not SIGINT to the process group: the
        # outer bwrap process does not survive SIGINT, and --die-with-parent would then
        # take the kernel down with it. ipykernel handles interrupt_request itself.
        self.kernel_spec.interrupt_mode = "message"
        self._sandbox_cwd = cwd
        self._sandbox_priv = tempfile.mkdtemp(prefix="nbgrader-kernel-")
        self.connection_file = os.path.join(self._sandbox_priv, "kernel.json")
        self.ip = os.path.join(self._sandbox_priv, "ipc")
        self._sandbox_info = os.path.join(self._sandbox_priv, "bwrap-info.json")
        info_fd = os.open(self._sandbox_info, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._info_fd = info_fd
        kw["cwd"] = cwd
        kw["pass_fds"] = (info_fd,)
        try:
            await super().start_kernel(**kw)
        finally:
            os.close(info_fd)
            self._launch_args.pop("pass_fds", None)
        self.log.info("Sandbox: kernel runs in bwrap; writable: %s", cwd)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.unsafe:
            return cmd
        argv = bwrap_argv(
            self.bwrap, self._sandbox_cwd, self._sandbox_priv,
            hide=self._sandbox_hide,
            env=(self._launch_args or {}).get("env"),
            keep_readable=_paths_to_keep(cmd[0], sys.executable),
        )
        info = ["--info-fd", str(self._info_fd)]
        return argv[:1] + info + argv[1:] + PRLIMIT + cmd

    def _read_ns_pid(self):
        if self._sandbox_ns_pid is None and self._sandbox_info:
            try:
                with open(self._sandbox_info) as f:
                    pid = int(json.load(f)["child-pid"])
                self._sandbox_ns_pid = (pid, _pid_start_time(pid)[1])
            except (OSError, ValueError, KeyError):
                pass
        return self._sandbox_ns_pid

    async def shutdown_kernel(self, now=False, restart=False):
        self._read_ns_pid()                  # while the sandbox still runs
        return await super().shutdown_kernel(now=now, restart=restart)

    def _wait_sandbox_gone(self):
        """Make sure no process of the sandbox is left before touching its folder."""
        proc = getattr(self.provisioner, "process", None)
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        ns = self._read_ns_pid()
        if not ns:
            return
        pid, start = ns
        deadline = time.monotonic() + 10
        while True:
            state, now_start = _pid_start_time(pid)
            # gone, reused by another process, or a zombie: a PID namespace's init only
            # becomes a zombie after every other process in the namespace has exited.
            if state is None or now_start != start or state in ("Z", "X"):
                return
            if time.monotonic() > deadline:
                raise IsolationError("sandbox process {} did not exit".format(pid))
            try:
                os.kill(pid, 9)
            except OSError:
                pass
            time.sleep(0.02)

    async def cleanup_resources(self, restart=False):
        await super().cleanup_resources(restart=restart)
        if self.unsafe or restart or not self._sandbox_priv:
            return
        self._wait_sandbox_gone()
        if self._sandbox_cwd and os.path.isdir(self._sandbox_cwd):
            sanitize_tree(self._sandbox_cwd, self.log)
        shutil.rmtree(self._sandbox_priv, ignore_errors=True)
        self._sandbox_priv = None


class SandboxedExecute(OutputBudget, Execute):
    """nbgrader's Execute preprocessor, always with SandboxedKernelManager and an output budget.

    Knows the course layout, so it pins the writable folder to
    autograded/<student>/<assignment>/ and hides the course's private files.
    """

    def _course_paths(self, resources):
        converter = getattr(getattr(self, "parent", None), "parent", None)
        coursedir = getattr(converter, "coursedir", None)
        if coursedir is None:
            raise IsolationError("Refusing to run student code: SandboxedExecute is not "
                                 "running inside an nbgrader converter")
        nbg = resources["nbgrader"]
        expected = coursedir.format_path(coursedir.autograded_directory,
                                         nbg["student"], nbg["assignment"])
        # the graded course, and the course this library ships with (grading a copy elsewhere
        # must not leave the original's solutions and gradebook readable)
        roots = {_real(coursedir.root), _real(SHIPPED_COURSE)}
        folders = [coursedir.source_directory, coursedir.release_directory,
                   coursedir.submitted_directory, coursedir.autograded_directory,
                   coursedir.feedback_directory, coursedir.solution_directory]
        hide = [os.path.join(root, d) for root in roots for d in folders if d]
        hide += [os.path.join(root, name) for root in roots
                 for name in ("gradebook.db", RUN_FOLDER)]
        hide += [str(parent / ".git") for root in roots     # the history holds every solution
                 for parent in [Path(root), *Path(root).parents] if (parent / ".git").exists()]
        # nbgrader's exchange holds every student's submitted and fetched work
        hide.append(self.config.Exchange.get("root") or "/srv/nbgrader/exchange")
        db = coursedir.db_url
        if db.startswith("sqlite:///"):
            hide.append(db[len("sqlite:///"):])
        return _real(expected), [_real(p) for p in hide]

    def preprocess(self, nb, resources=None, km=None):
        self._sandbox_paths = self._course_paths(resources or {})
        return super().preprocess(nb, resources, km=km)

    def create_kernel_manager(self):
        # nbclient calls this after preprocess() has re-run NotebookClient.__init__
        self.kernel_manager_class = SandboxedKernelManager
        km = super().create_kernel_manager()
        expected, hide = self._sandbox_paths
        km.expected_cwd = expected
        km.hide_paths = hide
        if not isinstance(km, SandboxedKernelManager):
            raise IsolationError("Refusing to run student code: kernel manager is "
                                 "{!r}".format(type(km)))
        return km


def sandboxed_autograde_preprocessors(after_execute=()):
    """nbgrader's default autograde preprocessors with Execute replaced by SandboxedExecute,
    followed by the preprocessors in after_execute."""
    from nbgrader.converters import Autograde
    default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if default.count(Execute) != 1:
        raise IsolationError("unexpected nbgrader autograde pipeline: {!r}".format(default))
    i = default.index(Execute)
    return default[:i] + [SandboxedExecute, *after_execute] + default[i + 1:]
