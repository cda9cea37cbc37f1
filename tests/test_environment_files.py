"""The three pin lists agree: pyproject.toml; environment.yml (conda users: every package, the
extras included); binder/requirements.txt (Binder: the course's own dependencies)."""
import re
import shutil
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

PIN_FILES = ("pyproject.toml", "environment.yml", "binder/requirements.txt")


def pyproject(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]


def pins(requirements) -> dict[str, SpecifierSet]:
    reqs = [Requirement(r) for r in requirements]
    return {canonicalize_name(r.name): r.specifier for r in reqs}


def conda_requirements(root: Path = ROOT) -> dict[str, str]:
    env = yaml.safe_load((root / "environment.yml").read_text())
    found = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", dep).groups()
            found[canonicalize_name(name)] = spec.strip()
    return found


def binder_requirements(root: Path = ROOT) -> dict[str, SpecifierSet]:
    lines = (root / "binder" / "requirements.txt").read_text().splitlines()
    return pins(line.split("#")[0].strip() for line in lines if line.split("#")[0].strip())


def differences(name: str, found: dict, wanted: dict) -> list[str]:
    """What `name` lists otherwise than `wanted` (package -> specifier), one line each."""
    return ([f"{name}: {p} is missing (pyproject.toml: {wanted[p]})" for p in wanted.keys() - found.keys()]
            + [f"{name}: {p} is not in pyproject.toml" for p in found.keys() - wanted.keys()]
            + [f"{name}: {p}{SpecifierSet(str(found[p]))} but pyproject.toml says {p}{wanted[p]}"
               for p in found.keys() & wanted.keys() if SpecifierSet(str(found[p])) != wanted[p]])


def pin_disagreements(root: Path = ROOT) -> list[str]:
    """Where environment.yml or binder/requirements.txt differ from pyproject.toml."""
    project = pyproject(root)
    own = pins(project["dependencies"])
    every = own | pins(r for extra in project["optional-dependencies"].values() for r in extra)
    conda = conda_requirements(root)
    conda.pop("python", None), conda.pop("pip", None)
    return (differences("environment.yml", conda, every)
            + differences("binder/requirements.txt", binder_requirements(root), own))


def test_three_pin_lists_agree():
    assert pin_disagreements() == []


def test_a_disagreeing_pin_is_named(tmp_path):
    for name in PIN_FILES:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    assert pin_disagreements(tmp_path) == []
    binder = tmp_path / "binder" / "requirements.txt"
    binder.write_text(binder.read_text().replace("nbgrader>=0.9.3,<0.10", "nbgrader>=0.9.3"))
    env = tmp_path / "environment.yml"
    env.write_text(env.read_text().replace("  - tqdm>=4.66\n", ""))
    assert pin_disagreements(tmp_path) == [
        "environment.yml: tqdm is missing (pyproject.toml: >=4.66)",
        "binder/requirements.txt: nbgrader>=0.9.3 but pyproject.toml says nbgrader<0.10,>=0.9.3"]


def test_conda_and_binder_python():
    """Both name one Python, and pyproject.toml's requires-python admits it."""
    conda_python = conda_requirements()["python"].lstrip("=")
    binder_python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert conda_python == binder_python
    assert Version(binder_python) in SpecifierSet(pyproject()["requires-python"])


def test_binder_installs_course_lib():
    post_build = ROOT / "binder" / "postBuild"
    assert "pip install --no-deps -e ." in post_build.read_text()
    assert post_build.stat().st_mode & 0o111, "binder/postBuild is not executable"


def test_lab_defaults_merge_into_existing_overrides(tmp_path):
    import json

    from course_lib.lab_settings import OVERRIDES, write_overrides
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/other:plugin": {"x": 1}}))
    assert write_overrides(tmp_path) == path
    written = json.loads(path.read_text())
    assert written["@jupyterlab/other:plugin"] == {"x": 1}
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert set(OVERRIDES) <= set(written)
    assert "course_lib.lab_settings" in (ROOT / "binder" / "postBuild").read_text()
    assert "course_lib.lab_settings" in (ROOT / "Makefile").read_text()


def test_every_notebook_shortcut_is_held_back_on_a_widget_control():
    """Each key JupyterLab's notebook binds in command mode without Ctrl or Alt (read off the
    installed JupyterLab's schemas) is taken on a focused radio button or check box, where it
    would otherwise act on the notebook (the browser suite presses some)."""
    import json
    import sys

    from course_lib.lab_settings import COMMAND_MODE_KEYS
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    bound = set()
    for path in schemas.glob("@jupyterlab/*/*.json"):
        for shortcut in json.loads(path.read_text()).get("jupyter.lab.shortcuts", []):
            keys = " ".join(shortcut["keys"])
            selector = shortcut["selector"]
            if (keys and not {"Ctrl", "Alt", "Accel", "Cmd"} & set(keys.split())
                    and ("jp-mod-commandMode:not(.jp-mod-readWrite) :focus" in selector
                         or selector.startswith("[data-jp-kernel-user]"))):
                bound.add(keys)
    assert {"M", "X", "D D", "ArrowDown"} <= bound, "the notebook's shortcuts were not found"
    missing = sorted(bound - set(COMMAND_MODE_KEYS))
    assert not missing, f"not held back on a widget control: {missing}"
