"""JupyterHub for a class of the FBSS course on one server: real Unix accounts, the course
environment shared by all, nbgrader's exchange, private homes, culling and a memory limit.

    jupyterhub -f deploy/hub/jupyterhub_config.py      (as root, from the course environment)

Set by environment variables (defaults in brackets):
  FBSS_HUB_PREFIX      the course environment every user runs [/opt/fbss-course]
  FBSS_HUB_STATE       the hub's database, cookie secret and roster.json [/srv/jupyterhub]
  FBSS_HUB_IP, FBSS_HUB_PORT   where the hub listens [127.0.0.1, 8000]; put a TLS proxy in front
  FBSS_HUB_INTERNAL_PORT, FBSS_HUB_PROXY_API_PORT   loopback ports of the hub and proxy API [8081, 8001]
  FBSS_EXCHANGE        nbgrader's exchange [/srv/nbgrader/exchange]
  FBSS_HUB_MEM_LIMIT   memory per user: server and kernels together [2G]
  FBSS_HUB_CULL_AFTER  seconds of inactivity before a server is stopped [3600]
  FBSS_HUB_SPAWN_LIMIT servers starting at once; the others wait in a queue [2 per CPU]
  FBSS_HUB_DEMO_PASSWORD   only for `make hub` and the tests: log in with this password
                           (DummyAuthenticator) instead of the accounts' own (PAM)
  FBSS_HUB_ADMIN_TOKEN     only for `make hub` and the tests: the token of the service that
                           makes the demo class's API tokens

roster.json names the class: {"instructors": [...], "students": [...]}. Only they can log in;
they become JupyterHub's groups formgrade-fbss-course and nbgrader-fbss-course, which nbgrader's
JupyterHubAuthPlugin reads (deploy/hub/nbgrader_config.py).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from classhub import ADD_USER_CMD  # noqa: E402
from course_home import FOLDER, give_notebooks  # noqa: E402
from course_spawner import CourseSpawner  # noqa: E402

c = get_config()  # noqa: F821 (provided by JupyterHub)
env = os.environ.get
COURSE = "fbss-course"
GRADERS, STUDENTS = f"formgrade-{COURSE}", f"nbgrader-{COURSE}"
PREFIX = env("FBSS_HUB_PREFIX", "/opt/fbss-course")
STATE = env("FBSS_HUB_STATE", "/srv/jupyterhub")
EXCHANGE = env("FBSS_EXCHANGE", "/srv/nbgrader/exchange")

# -- where it listens, where it keeps its state
c.JupyterHub.ip = env("FBSS_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env("FBSS_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("FBSS_HUB_INTERNAL_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('FBSS_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.path.join(HERE, "node_modules", ".bin",
                                                "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")

# -- who may log in: the accounts' own passwords (PAM), the class named in roster.json
if env("FBSS_HUB_DEMO_PASSWORD"):
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = env("FBSS_HUB_DEMO_PASSWORD")
else:
    c.JupyterHub.authenticator_class = "pam"
# An account made from the hub's admin page (with create_system_users) gets a private home:
# Debian's useradd would make it 0755, readable by every other student.
c.LocalAuthenticator.add_user_cmd = ADD_USER_CMD
roster_file = os.path.join(STATE, "roster.json")
roster = {"instructors": [], "students": []}
if os.path.exists(roster_file):
    with open(roster_file) as f:
        roster.update(json.load(f))
c.Authenticator.allowed_users = set(roster["instructors"]) | set(roster["students"])
c.JupyterHub.load_groups = {GRADERS: {"users": roster["instructors"]},
                            STUDENTS: {"users": roster["students"]}}

# -- what a user's server may do with its JUPYTERHUB_API_TOKEN: nbgrader reads the user's
# groups (which courses they are in); a grader's server may also add students to the course's
# group (nbgrader does when a new student's work is collected).
GRADER_SCOPES = ["list:groups!group=" + STUDENTS, "read:groups!group=" + STUDENTS,
                 "groups!group=" + STUDENTS]
SERVER_SCOPES = ["access:servers!server", "users:activity!user", "read:users:name!user",
                 "read:users:groups!user"]
c.JupyterHub.load_roles = [{"name": "fbss-grader", "groups": [GRADERS], "scopes": GRADER_SCOPES}]
c.Spawner.server_token_scopes = lambda spawner: SERVER_SCOPES + (
    GRADER_SCOPES if spawner.user.name in roster["instructors"] else [])

# -- each user's server: JupyterLab from the shared course environment, its memory capped,
# opening on the course notebooks in their home (copied there at each start where missing)
c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.cmd = [os.path.join(PREFIX, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = f"/lab/tree/{FOLDER}"
c.Spawner.mem_limit = env("FBSS_HUB_MEM_LIMIT", "2G")

# -- a class arriving in the same minute (measured by `make load`; the instructor's guide has
# the figures). A server start takes about 6 s of CPU; with every start at once, all of them
# slowed down until the hub gave up on them (on 2 cores: 26 of 40 students failed at the stock
# 120 s). So a few start at a time, and the others wait in the queue: the hub answers them
# 429, which templates/error.html shows as a queue page that asks again by itself. The
# time-outs are a bound for a start on a busy machine, not for a wait in the queue.
c.JupyterHub.concurrent_spawn_limit = int(env("FBSS_HUB_SPAWN_LIMIT", str(2 * os.cpu_count())))
c.JupyterHub.template_paths = [os.path.join(HERE, "templates")]
c.Spawner.http_timeout = 300
c.Spawner.start_timeout = 300

# -- a restart of the hub (an upgrade, a crash) is invisible to the class: the students'
# servers and kernels and the proxy go on running (students keep working while the hub is
# down), and the restarted hub takes the servers back. Stop the servers from the admin page
# (or let the culler stop them) before stopping the hub for good.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
# nbgrader runs tools (alembic) by name, so the environment's bin/ comes first on PATH.
c.Spawner.environment = {"PATH": f"{PREFIX}/bin:/usr/local/bin:/usr/bin:/bin",
                         "FBSS_EXCHANGE": EXCHANGE}


INSTRUCTOR_LAB_SETTINGS = os.path.join(PREFIX, "etc", "fbss-instructors", "lab-settings")


def grading_tools_by_role(spawner):
    """Students' servers run without the formgrader and the assignment-creation toolbar (nbgrader's
    'instructors only' advice): config from <environment>/etc/fbss-students comes first.
    Instructors' JupyterLab opens the formgrader from a Grading menu in a browser tab of its own:
    JupyterHub forbids framing a user's pages, so nbgrader's own Formgrader tab stays blank."""
    if spawner.user.name not in roster["instructors"]:
        spawner.environment["JUPYTER_CONFIG_PATH"] = os.path.join(PREFIX, "etc", "fbss-students")
    elif not any(arg.startswith("--LabApp.app_settings_dir=") for arg in spawner.args):
        spawner.args = [*spawner.args, f"--LabApp.app_settings_dir={INSTRUCTOR_LAB_SETTINGS}"]


async def prepare_server(spawner):
    """Before each start: the user's grading tools, and the course notebooks they lack in
    ~/fbss-notebooks (course_home.py, run with the user's rights)."""
    grading_tools_by_role(spawner)
    await give_notebooks(spawner.user.name, PREFIX, spawner.log)


c.Spawner.pre_spawn_hook = prepare_server

# -- idle servers are stopped (their kernels with them), as a hub service
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [os.path.join(PREFIX, "bin", "python"), "-m", "jupyterhub_idle_culler",
                f"--timeout={env('FBSS_HUB_CULL_AFTER', '3600')}"],
}]
c.JupyterHub.load_roles.append({
    "name": "idle-culler", "services": ["idle-culler"],
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})
# idle kernels are shut down inside each server, before the server itself is culled
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800",
                  "--MappingKernelManager.cull_interval=300"]

if env("FBSS_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "class-admin", "api_token": env("FBSS_HUB_ADMIN_TOKEN")})
    c.JupyterHub.load_roles.append({
        "name": "class-admin", "services": ["class-admin"],
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]})
