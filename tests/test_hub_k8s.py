"""Zero to JupyterHub on paper: deploy/hub/k8s/values.yaml is valid YAML and sets only keys the
chart knows, with the same memory limit, culling and exchange as the one-server hub."""
import re

import yaml

from conftest import ROOT

VALUES = ROOT / "deploy" / "hub" / "k8s" / "values.yaml"
# The settings of the Zero to JupyterHub chart (4.x) these values use, read off its values
# schema, where each of these objects admits no other key. Below a path marked "*" the content is
# free: JupyterHub's own traitlets config, roles, Python code or Kubernetes objects.
CHART_KEYS = {
    "hub.config.*", "hub.loadRoles.*", "hub.extraConfig.*", "hub.extraVolumes.*",
    "hub.extraVolumeMounts.*",
    "singleuser.image.name", "singleuser.image.tag", "singleuser.cmd", "singleuser.defaultUrl",
    "singleuser.lifecycleHooks.postStart.*",
    "singleuser.memory.guarantee", "singleuser.memory.limit",
    "singleuser.cpu.guarantee", "singleuser.cpu.limit",
    "singleuser.storage.capacity", "singleuser.storage.extraVolumes.*",
    "singleuser.storage.extraVolumeMounts.*",
    "cull.enabled", "cull.timeout", "cull.every",
    "scheduling.userScheduler.enabled", "scheduling.podPriority.enabled",
    "scheduling.userPlaceholder.enabled", "scheduling.userPlaceholder.replicas",
    "proxy.https.enabled", "proxy.https.hosts", "proxy.https.letsencrypt.contactEmail",
}


def unknown_keys(values, path=()):
    """The key paths of `values` that the chart does not know."""
    found = []
    for key, value in values.items():
        here = ".".join((*path, key))
        if here in CHART_KEYS or f"{here}.*" in CHART_KEYS:
            continue
        if isinstance(value, dict) and any(k.startswith(here + ".") for k in CHART_KEYS):
            found += unknown_keys(value, (*path, key))
        else:
            found.append(here)
    return found


def test_values_use_only_keys_the_chart_knows():
    assert unknown_keys(yaml.safe_load(VALUES.read_text())) == []


def test_an_unknown_key_is_caught():
    values = yaml.safe_load(VALUES.read_text())
    values["singleuser"]["memmory"] = {"limit": "2G"}
    values["cull"]["timout"] = 60
    assert unknown_keys(values) == ["singleuser.memmory", "cull.timout"]


def test_memory_and_culling_match_the_one_server_hub():
    values = yaml.safe_load(VALUES.read_text())
    config = (ROOT / "deploy" / "hub" / "jupyterhub_config.py").read_text()
    mem_limit = re.search(r'FBSS_HUB_MEM_LIMIT", "(\w+)"', config).group(1)
    cull_after = re.search(r'FBSS_HUB_CULL_AFTER\', \'(\d+)\'', config).group(1)
    assert values["singleuser"]["memory"]["limit"] == mem_limit
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == int(cull_after)
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert "/srv/nbgrader/exchange" in [m["mountPath"] for m in mounts]


def test_course_notebooks_reach_every_home():
    """The image holds the notebooks and course_home.py where `make hub-env` puts them; the
    postStart hook runs that script on them into the folder the user's JupyterLab opens on."""
    import sys
    sys.path.insert(0, str(ROOT / "deploy" / "hub"))
    from course_home import FOLDER, INSTALLED_NOTEBOOKS, INSTALLED_SCRIPT
    values = yaml.safe_load(VALUES.read_text())["singleuser"]
    dockerfile = (ROOT / "deploy" / "hub" / "k8s" / "Dockerfile").read_text()
    prefix = "/opt/fbss-course"
    assert f"COPY deploy/hub/course_home.py {prefix}/{INSTALLED_SCRIPT}\n" in dockerfile
    assert f"COPY notebooks {prefix}/{INSTALLED_NOTEBOOKS}\n" in dockerfile
    command = values["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command == [f"{prefix}/bin/python", "-I", f"{prefix}/{INSTALLED_SCRIPT}",
                       f"{prefix}/{INSTALLED_NOTEBOOKS}", f"/home/jovyan/{FOLDER}"]
    assert values["defaultUrl"] == f"/lab/tree/{FOLDER}"
