"""The hub's spawner: JupyterHub's LocalProcessSpawner (one Unix user, one process tree) whose
single-user server and kernels run in a memory cgroup of their own, capped at Spawner.mem_limit.

LocalProcessSpawner itself only reports mem_limit to the server (MEM_LIMIT) and enforces
nothing. Here the hub (running as root) makes a cgroup per user under its own and the server
joins it before it drops to the user's rights, so the kernels it starts are counted too. Where
the kernel offers no writable memory cgroup, the server starts without a limit and the hub log
says so. On a systemd machine (The Littlest JupyterHub) systemdspawner does the same job.
"""
import os

from jupyterhub.spawner import LocalProcessSpawner
from memory_notice import own_memory_cgroup


def memory_cgroup(name: str, limit: int) -> str | None:
    """Make (or reuse) the cgroup jupyterhub-<name> capped at `limit` bytes; its cgroup.procs
    path, or None (and why, as the exception) when this machine has none to offer."""
    parent, version = own_memory_cgroup()
    if parent is None:
        raise OSError("no memory cgroup found in /proc/self/cgroup")
    folder = os.path.join(parent, f"jupyterhub-{name}")
    os.makedirs(folder, exist_ok=True)
    limit_file = "memory.limit_in_bytes" if version == 1 else "memory.max"
    with open(os.path.join(folder, limit_file), "w") as f:
        f.write(str(limit))
    return os.path.join(folder, "cgroup.procs")


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with the user's memory limit enforced by a cgroup."""

    _cgroup_procs = None

    async def start(self):
        self._cgroup_procs = None
        if self.mem_limit:
            try:
                self._cgroup_procs = memory_cgroup(self.user.name, self.mem_limit)
            except OSError as error:
                self.log.warning("Memory limit of %s NOT enforced (no usable memory cgroup: %s)",
                                 self.user.name, error)
        return await super().start()

    def make_preexec_fn(self, name):
        drop_rights = super().make_preexec_fn(name)
        procs = self._cgroup_procs

        def preexec():
            if procs:          # still root here: join the cgroup, then become the user
                with open(procs, "w") as f:
                    f.write(str(os.getpid()))
            drop_rights()

        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        if self._cgroup_procs:
            try:
                os.rmdir(os.path.dirname(self._cgroup_procs))
            except OSError:
                pass       # a process of the user's is still in it; reused at the next start
