"""A class hub of real Unix users, started and removed by one context manager: shared by
`make hub` (demo.py), the end-to-end test (tests/test_hub.py) and the benchmark.

Only the standard library: jupyterhub_config.py imports ADD_USER_CMD from here, in the hub's
own environment. Runs as root (it creates accounts).
"""
import fcntl
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
COURSE_ID = "fbss-course"
# Homes are private: Debian's useradd makes them 0755, readable by every other student.
ADD_USER_CMD = ["useradd", "--create-home", "--shell", "/bin/bash", "-K", "HOME_MODE=0700"]
# Bound on every wait: far beyond a busy machine's need, reached only by a real fault.
WAIT_S = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, give_up=lambda: None, bound=WAIT_S):
    """Poll check() until it returns something true; give_up() may raise with a reason."""
    deadline = time.monotonic() + bound
    while True:
        result = check()
        if result:
            return result
        give_up()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not reached after {bound} s")
        time.sleep(0.25)


def make_environment(prefix) -> subprocess.CompletedProcess:
    """`make hub-env hub-proxy` for this prefix, one caller at a time: test files that start
    hubs run in parallel workers, and two installs into one environment would collide."""
    lock = Path(tempfile.gettempdir()) / f"fbss-hub-env{str(prefix).replace('/', '_')}.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        return subprocess.run(["make", "-C", str(REPO), f"HUB_PREFIX={prefix}", "hub-env",
                               "hub-proxy"], capture_output=True, text=True)


def create_account(name: str) -> None:
    """A new Unix account with a private home; refuses to touch an existing one."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(ADD_USER_CMD + [name], check=True)
    else:
        raise RuntimeError(f"the account {name!r} exists already; remove it or pick other names")


def remove_account(name: str) -> None:
    """Stop the account's processes (by id) and delete it with its home and mail."""
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for _ in range(50):
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and _owner(p) == uid]
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)
    subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def _owner(pid: str):
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


class ClassHub:
    """The course's JupyterHub on 127.0.0.1 with an instructor and students as real Unix users.

    with ClassHub("teach", ["ann", "bob"]) as hub: ...   # everything is removed on exit

    The instructor gets a copy of the course (assignments/) in ~/fbss-course, the nbgrader
    course root, with its grading sandbox, and every assignment due a week later (`duedate`,
    set in the gradebook at release). Logins use the demo password (DummyAuthenticator).
    """

    def __init__(self, instructor: str, students: list[str], prefix="/opt/fbss-course",
                 port: int | None = None, cull_after=3600, mem_limit="2G"):
        self.instructor, self.students = instructor, list(students)
        self.prefix = Path(prefix)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(12)
        self.admin_token = secrets.token_hex(32)
        self.cull_after, self.mem_limit = cull_after, mem_limit
        self.duedate = (datetime.now(timezone.utc) + timedelta(days=7)).strftime(
            "%Y-%m-%d 17:00:00 UTC")
        # kept across restarts: the running servers know the hub by its internal port
        self.internal_port, self.proxy_api_port = free_port(), free_port()
        self.process = self.workdir = self.state = None
        self.accounts = []
        self.tokens = {}

    # -- set-up and tear-down
    def __enter__(self):
        try:
            self._set_up()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def _set_up(self):
        if os.geteuid() != 0:
            raise PermissionError("the class hub creates Unix accounts and must run as root")
        # the exchange must be reachable by every user: not under root's private /tmp folders
        self.workdir = Path(tempfile.mkdtemp(prefix="fbss-hub-"))
        self.workdir.chmod(0o755)
        self.state = self.workdir / "state"
        self.state.mkdir(mode=0o700)
        self.exchange = self.workdir / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)
        (self.state / "roster.json").write_text(json.dumps(
            {"instructors": [self.instructor], "students": self.students}))
        for name in [self.instructor, *self.students]:
            self.accounts.append(name)
            create_account(name)
        self._give_course(self.instructor)
        self.start()

    def start(self):
        env = {**os.environ, "FBSS_HUB_PREFIX": str(self.prefix), "FBSS_HUB_STATE": str(self.state),
               "FBSS_HUB_PORT": str(self.port), "FBSS_HUB_INTERNAL_PORT": str(self.internal_port),
               "FBSS_HUB_PROXY_API_PORT": str(self.proxy_api_port),
               "FBSS_EXCHANGE": str(self.exchange),
               "FBSS_HUB_DEMO_PASSWORD": self.password, "FBSS_HUB_ADMIN_TOKEN": self.admin_token,
               "FBSS_HUB_CULL_AFTER": str(self.cull_after), "FBSS_HUB_MEM_LIMIT": self.mem_limit,
               "PATH": f"{self.prefix / 'bin'}{os.pathsep}{os.environ['PATH']}"}
        self.log_path = self.workdir / "jupyterhub.log"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.prefix / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
                cwd=self.state, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        wait_for("the hub's API", lambda: self._answers("/hub/api/"), self._hub_alive)

    def stop(self, keep_proxy=False):
        """Stop the hub as a restart does: the users' servers and (with keep_proxy) the proxy
        go on running, as jupyterhub_config.py asks; without keep_proxy it is stopped too."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(WAIT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        if not keep_proxy and self.proxy_pid():
            try:
                os.kill(self.proxy_pid(), signal.SIGTERM)
            except ProcessLookupError:
                pass
            wait_for("the proxy to stop", lambda: not self.proxy_pid())

    def proxy_pid(self) -> int | None:
        """The proxy's process id from its pid file, while it runs."""
        if self.state is None:
            return None
        try:
            pid = int((self.state / "jupyterhub-proxy.pid").read_text())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def close(self):
        try:
            self.stop()
        finally:
            for name in self.accounts:      # their servers and kernels with them
                remove_account(name)
            self.accounts = []
            if self.workdir:
                shutil.rmtree(self.workdir, ignore_errors=True)

    def _give_course(self, name: str) -> None:
        """A copy of the course in the instructor's home; nbgrader finds it from anywhere."""
        sys.path.insert(0, str(REPO))
        from course_lib.grading.demo import copy_course
        home = Path(pwd.getpwnam(name).pw_dir)
        course = home / COURSE_ID
        copy_course(course)
        with open(course / "nbgrader_config.py", "a") as f:    # what an instructor writes there
            f.write("\n# This class's due dates, set in the gradebook by the hub's release\n"
                    "c.ReleaseWithDueDate.duedates = "
                    f"{dict.fromkeys(course_assignments(), self.duedate)!r}\n")
        config = home / ".jupyter" / "nbgrader_config.py"
        config.parent.mkdir()
        config.write_text("# The course this instructor grades (root, sandbox, feedback)\n"
                          f"load_subconfig({str(course / 'nbgrader_config.py')!r})\n")
        subprocess.run(["chown", "-R", f"{name}:{name}", str(course), str(config.parent)],
                       check=True)

    def _hub_alive(self):
        if self.process.poll() is not None:
            raise RuntimeError("JupyterHub stopped:\n" + self.log_tail())

    def log_tail(self, chars=4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    # -- the hub's REST API
    def _answers(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                return r.status == 200
        except OSError:
            return False

    def request(self, path: str, token: str | None = None, method="GET", data=None,
                form=None) -> tuple[int, str]:
        """(status, body) of a request through the proxy, with `token` (default: admin)."""
        body, headers = None, {"Authorization": f"token {token or self.admin_token}"}
        if data is not None:
            body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=WAIT_S) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def api(self, path: str, method="GET", data=None, token=None):
        """The hub API's JSON answer; raises with the hub's words on an error status."""
        status, body = self.request("/hub/api" + path, token, method, data)
        if status >= 400:
            raise RuntimeError(f"{method} /hub/api{path}: {status} {body[:500]}")
        return json.loads(body) if body else None

    def token(self, name: str) -> str:
        """An API token of the user (like one made on the hub's token page)."""
        if name not in self.tokens:
            self.tokens[name] = self.api(f"/users/{name}/tokens", "POST",
                                         {"note": "class hub"})["token"]
        return self.tokens[name]

    def start_server(self, name: str) -> None:
        """Start the user's JupyterLab server and wait until it is ready."""
        self.api(f"/users/{name}/server", "POST")
        wait_for(f"{name}'s server", lambda: self.api(f"/users/{name}")["servers"]
                 .get("", {}).get("ready"), self._hub_alive)

    def stop_server(self, name: str) -> None:
        """Stop the user's server, as the hub's control panel does, and wait until it is gone."""
        self.api(f"/users/{name}/server", "DELETE")
        wait_for(f"{name}'s server to stop",
                 lambda: "" not in self.api(f"/users/{name}")["servers"], self._hub_alive)

    def server_pid(self, name: str) -> int:
        return self.api(f"/users/{name}")["servers"][""]["state"]["pid"]

    # -- acting as a user on the machine
    def run_as(self, name: str, *argv: str, cwd: str | None = None,
               check=True) -> subprocess.CompletedProcess:
        """Run a command as the user, in the course environment, logged in to the hub as they
        would be in a terminal of their JupyterLab (JUPYTERHUB_* set, as nbgrader needs)."""
        home = pwd.getpwnam(name).pw_dir
        env = {"HOME": home, "USER": name, "LANG": "C.UTF-8",
               "PATH": f"{self.prefix / 'bin'}:/usr/local/bin:/usr/bin:/bin",
               "FBSS_EXCHANGE": str(self.exchange), "JUPYTERHUB_USER": name,
               "JUPYTERHUB_API_TOKEN": self.token(name),
               "JUPYTERHUB_API_URL": f"{self.url}/hub/api"}
        result = subprocess.run(["runuser", "-u", name, "--", "env", "-i",
                                 *[f"{k}={v}" for k, v in env.items()], *argv],
                                cwd=cwd or home, capture_output=True, text=True)
        if check and result.returncode:
            raise RuntimeError(f"{' '.join(argv)} as {name} failed ({result.returncode}):\n"
                               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def nbgrader(self, name: str, *args: str, check=True) -> subprocess.CompletedProcess:
        """nbgrader's command line as the user (the instructor's from the course folder)."""
        cwd = str(Path(pwd.getpwnam(name).pw_dir) / COURSE_ID) if name == self.instructor else None
        return self.run_as(name, "nbgrader", *args, cwd=cwd, check=check)

    def release(self, assignments) -> None:
        for assignment in assignments:
            self.nbgrader(self.instructor, "generate_assignment", assignment, "--force")
            self.nbgrader(self.instructor, "release_assignment", assignment, "--force")


def course_assignments() -> list[str]:
    return sorted(p.name for p in (REPO / "assignments" / "source").iterdir() if p.is_dir())


if __name__ == "__main__":
    sys.exit("classhub is a module: `make hub` runs deploy/hub/demo.py")
