"""Binder's build of this repository, replayed on this machine from the Dockerfile repo2docker
itself writes for it (`repo2docker --no-build --debug`), so that the steps are the tool's.

The image's base (system packages, its user, its conda environment with JupyterLab and the
notebook server) is the one part not replayed step by step: a throwaway Unix account stands for
its user, and a venv made from the system Python, with the base environment's packages at the
versions of repo2docker's own lock file, for its conda environment. Every step after that (copying the
repository, pip with binder/requirements.txt, postBuild) runs as the Dockerfile says, as its
user, in its working directory, with its environment.
"""
import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO2DOCKER = "jupyter-repo2docker==2026.4.0"   # raise it as Binder moves on
SYSTEM_PYTHON = "/usr/bin/python3"              # other users can reach it
DOCKER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# In repo2docker's base environment: names that are no Python package, and conda names of
# Python packages that pip knows by another name.
NOT_PYTHON = {"python", "nodejs"}
PYPI_NAME = {"jupyterhub-singleuser": "jupyterhub", "jupyterhub-base": "jupyterhub",
             "nbconvert-core": "nbconvert", "python-fastjsonschema": "fastjsonschema",
             "brotli-python": "brotli"}


@functools.cache
def locales() -> set[str]:
    """The locales this machine has."""
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return {name.replace("utf8", "UTF-8") for name in listed}


class BuildError(Exception):
    """A step of the build failed; the message names it."""


def repository_copy(root: Path, target: Path) -> None:
    """What Binder clones: the files git tracks or would commit, none of the ignored ones."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, os.fsdecode(listed).split("\0")):
        if (root / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target / name)


def install(python: Path, packages: list[str], constraints: Path | None = None) -> list[str]:
    """The command installing `packages` into the venv of `python`: with uv where the course's
    environment has it (as `make install` does), else with pip."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    limits = ["-c", str(constraints)] if constraints else []
    if uv:
        return [uv, "pip", "install", "--quiet", "--python", str(python), *limits, *packages]
    return [str(python), "-m", "pip", "install", "--quiet", *limits, *packages]


def install_repo2docker(venv: Path) -> tuple[Path, Path]:
    """repo2docker in a venv of its own: its command, and its buildpacks' folder."""
    for command in ([sys.executable, "-m", "venv", str(venv)],
                    install(venv / "bin" / "python", [REPO2DOCKER])):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise BuildError(f"installing {REPO2DOCKER} failed:\n{done.stderr[-3000:]}")
    return venv / "bin" / "repo2docker", next(venv.glob("lib/*/site-packages/repo2docker/buildpacks"))


def dockerfile(repo2docker: Path, context: Path, user: str, uid: int) -> str:
    """The Dockerfile repo2docker writes for `context`, for a user of that name and id."""
    done = subprocess.run([str(repo2docker), "--no-build", "--debug", "--user-id", str(uid),
                           "--user-name", user, str(context)], capture_output=True, text=True)
    if done.returncode or "\nFROM " not in "\n" + done.stdout:
        raise BuildError(f"repo2docker --no-build --debug failed:\n{done.stderr[-3000:]}")
    return done.stdout[done.stdout.find("FROM "):]


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) of each instruction, continued lines joined, comments dropped."""
    found, current = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") or not (current or line.strip()):
            continue
        current += line[:-1] + "\n" if line.endswith("\\") else line
        if not line.endswith("\\"):
            keyword, _, rest = current.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
            current = ""
    return found


def substitute(text: str, env: dict) -> str:
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m[1] or m[2], ""), text)


def script_file(source: str) -> Path:
    """repo2docker's own file behind a build_script_files/ name: its path, escaped, and a hash."""
    escaped = source.removeprefix("build_script_files/").rsplit("-", 1)[0]
    return Path(re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m[1], 16)), escaped))


def base_pins(lock: Path) -> tuple[list[str], list[str]]:
    """The base environment as pip sees it: the Python packages repo2docker's environment file
    names, and the versions of its lock file's Python packages (their conda build names start
    with py), which pip applies as constraints to whatever it installs."""
    spec = lock.with_name(re.sub(r"-linux-[\w-]+\.lock$", ".yml", lock.name))
    names = [re.split(r"[=<>! ]", d)[0] for d in yaml.safe_load(spec.read_text())["dependencies"]]
    versions = []
    for line in lock.read_text().splitlines():
        if line.startswith("http"):
            name, version, build = line.split("#")[0].rsplit("/", 1)[1].rsplit("-", 2)
            if build.startswith("py") and name not in NOT_PYTHON:
                versions.append(f"{PYPI_NAME.get(name, name)}=={version}")
    return [PYPI_NAME.get(n, n) for n in names if n not in NOT_PYTHON], versions


class Replay:
    """The build of a Dockerfile repo2docker wrote for `context`, as the Unix `account` (a pwd
    entry, the image's user), with the base environment at `prefix` (a folder the account owns).

        replay = Replay(dockerfile_text, context, account, prefix, buildpacks)
        replay.build()   # every step; a BuildError names the one that failed
        subprocess.Popen(replay.start_command(...), env=replay.env, cwd=replay.cwd, **replay.as_user())
    """

    def __init__(self, text: str, context: Path, account, prefix: Path, buildpacks: Path):
        self.steps, self.context, self.account = instructions(text), context, account
        self.prefix, self.buildpacks = prefix, buildpacks
        # a container's environment, with this machine's settings for reaching the registry
        self.env = {"PATH": DOCKER_PATH, **{k: v for k, v in os.environ.items()
                                            if k.startswith("PIP_")}}
        self.args = {"NB_USER": account.pw_name, "NB_UID": str(account.pw_uid)}
        self.user, self.cwd, self.lock = "root", "/", None
        self.files, self.entrypoint, self.cmd, self.log = {}, [], [], ""

    def build(self) -> None:
        base = True   # the base image's steps come first, up to ARG REPO_DIR
        for n, (keyword, rest) in enumerate(self.steps, 1):
            step = f"step {n} of repo2docker's Dockerfile ({keyword} {' '.join(rest.split())})"
            if base and keyword == "ARG" and rest.startswith("REPO_DIR"):
                self.base_environment()
                base = False
            if keyword in ("ARG", "ENV"):
                self.set(keyword, rest)
            elif keyword == "USER":
                self.user = substitute(rest, self.env)
            elif keyword == "COPY":
                self.copy(rest, step)
            elif base or keyword in ("LABEL", "EXPOSE"):
                continue
            elif keyword == "WORKDIR":
                self.cwd = substitute(rest, self.env)
            elif keyword == "RUN":
                self.run(rest, step)
            elif keyword in ("ENTRYPOINT", "CMD"):
                setattr(self, keyword.lower(), json.loads(rest))
            else:
                raise BuildError(f"{step}: an instruction this replay does not know")
        if base:
            raise BuildError("repo2docker's Dockerfile has no ARG REPO_DIR: its layout changed")

    def set(self, keyword: str, rest: str) -> None:
        if keyword == "ARG":
            name, _, default = rest.partition("=")
            pairs = [(name, self.args.get(name) or default)]
        elif "=" in rest.split()[0]:
            pairs = [pair.split("=", 1) for pair in shlex.split(rest)]
        else:
            pairs = [rest.split(None, 1)]
        for name, value in pairs:
            self.env[name] = substitute(value, self.env)
            if name == "NB_PYTHON_PREFIX":   # the base environment is the replay's own
                self.env[name] = str(self.prefix)
            if name in ("LC_ALL", "LANG", "LANGUAGE") and self.env[name] not in locales():
                self.env[name] = "C.UTF-8"   # the base image makes its locale; this machine lacks it

    def as_user(self, user: str | None = None) -> dict:
        """subprocess arguments that run a command as the Dockerfile's current user."""
        user = user or self.user
        if user == "root":
            return {}
        if user != self.account.pw_name:
            raise BuildError(f"the Dockerfile runs as {user!r}, not as its user {self.account.pw_name!r}")
        return {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}

    def run(self, command: str | list[str], step: str, user: str | None = None, env=None) -> None:
        """Run a Dockerfile's RUN command (with /bin/sh) or a list of arguments, as `user` or the
        current user, in the image's environment or `env`."""
        argv = ["/bin/sh", "-c", command] if isinstance(command, str) else command
        done = subprocess.run(argv, env=env or self.env, cwd=self.cwd, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, **self.as_user(user))
        self.log += f"== {step}, as {user or self.user}\n{done.stdout}"
        if done.returncode:
            raise BuildError(f"{step} failed with exit code {done.returncode}:\n{done.stdout[-3000:]}")

    def copy(self, rest: str, step: str) -> None:
        *flags, source, target = shlex.split(rest)
        flags = dict(f.removeprefix("--").split("=", 1) for f in flags)
        target = Path(substitute(target, self.env))
        if source.startswith("build_script_files/"):   # the base image's scripts
            if str(target) == self.env.get("NB_ENVIRONMENT_FILE"):
                self.lock = script_file(source)
        elif source.startswith("src/"):                # the repository
            self.copy_repository(self.context / source.removeprefix("src/"), target, flags)
        elif (self.buildpacks / source.lstrip("/")).is_file():   # the entrypoint's scripts
            copy = self.prefix.parent / "image-files" / target.name  # not into this machine's /usr
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(self.buildpacks / source.lstrip("/"), copy)
            copy.chmod(int(flags.get("chmod", "644"), 8))
            self.files[str(target)] = copy
        else:
            raise BuildError(f"{step}: no such file")

    def copy_repository(self, source: Path, target: Path, flags: dict) -> None:
        """Copy as Docker does: missing folders are made, and all it makes gets --chown's owner."""
        made = [p for p in [target, *target.parents] if not p.exists()]
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
            made += [p for p in target.rglob("*")]
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        if "chown" in flags:
            uid, gid = map(int, flags["chown"].split(":"))
            for path in {target, *made}:
                os.chown(path, uid, gid, follow_symlinks=False)

    def base_environment(self) -> None:
        """The base image's conda environment, replayed as a venv from the system Python with
        the base environment's packages at the versions of its lock file; made by root and
        then given to the image's user, as repo2docker does."""
        step = "the base environment (a venv with the versions of repo2docker's lock file)"
        if self.lock is None:
            raise BuildError(f"{step}: repo2docker's Dockerfile copies no environment lock file")
        wanted = re.search(r"py-(\d+\.\d+)", self.lock.name)[1]
        have = subprocess.run([SYSTEM_PYTHON, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True).stdout.strip()
        if have != wanted:
            raise BuildError(f"{step}: Binder's image has Python {wanted}, {SYSTEM_PYTHON} is {have}")
        if self.env.get("HOME") != self.account.pw_dir:
            raise BuildError(f"{step}: the image's HOME {self.env.get('HOME')} is not the account's")
        packages, versions = base_pins(self.lock)
        constraints = self.prefix.parent / "base-environment.txt"
        constraints.write_text("\n".join(versions) + "\n")
        here = dict(os.environ)   # this machine's steps, in its own environment
        self.run([SYSTEM_PYTHON, "-m", "venv", str(self.prefix)], step, "root", here)
        self.run(install(self.prefix / "bin" / "python", packages, constraints), step, "root", here)
        self.run(["chown", "-R", f"{self.account.pw_uid}:{self.account.pw_gid}", str(self.prefix)],
                 step, "root", here)

    def start_command(self, *extra: str) -> list[str]:
        """The image's ENTRYPOINT and CMD, with `extra` arguments, on 127.0.0.1 instead of every
        interface. The entrypoint script is started from repo2docker's package with the image's
        python3: in the image its interpreter is a login shell whose profile puts the conda
        environment on PATH, which the replay's PATH already does."""
        entry, *entry_args = self.entrypoint
        if entry not in self.files:
            raise BuildError(f"the entrypoint {entry} was not copied from repo2docker's package")
        python = shutil.which("python3", path=self.env["PATH"])
        cmd = ["127.0.0.1" if arg == "0.0.0.0" else arg for arg in self.cmd]
        return [python, "-u", str(self.files[entry]), *entry_args, *cmd, *extra]
