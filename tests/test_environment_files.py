"""environment.yml (conda, Binder) and pyproject.toml name the same packages and pins."""
import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import ROOT


def pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + sum(project["optional-dependencies"].values(), [])
    return {Requirement(r).name.lower(): Requirement(r).specifier for r in reqs}, project


def conda_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", dep).groups()
            found[name.lower()] = spec.strip()
    return found


def test_same_packages_and_pins():
    pip, _ = pyproject_requirements()
    conda = conda_requirements()
    python, pip_tool = conda.pop("python"), conda.pop("pip")
    assert python and pip_tool == ""
    assert set(conda) == set(pip)
    for name, spec in pip.items():
        assert SpecifierSet(conda[name]) == spec, name


def test_binder_python_satisfies_requires_python():
    _, project = pyproject_requirements()
    conda_python = conda_requirements()["python"].lstrip("=")
    assert Version(conda_python) in SpecifierSet(project["requires-python"])


def test_binder_installs_course_lib():
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install" in post_build and "-e ." in post_build


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
    assert "course_lib.lab_settings" in (ROOT / "postBuild").read_text()
    assert "course_lib.lab_settings" in (ROOT / "Makefile").read_text()
