"""Zero to JupyterHub on paper: deploy/hub/k8s/values.yaml is valid YAML and uses only keys the
chart knows (its values schema, validated after merging with the chart's defaults as Helm does)."""
import copy
import re

import jsonschema
import pytest
import yaml

from conftest import ROOT

CHART = ROOT / "tests" / "fixtures" / "zero-to-jupyterhub"
VALUES = ROOT / "deploy" / "hub" / "k8s" / "values.yaml"


def merged(defaults, values):
    """Helm's merge of user values over a chart's defaults (maps merge, the rest replaces)."""
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def validate(values):
    schema = yaml.safe_load((CHART / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    jsonschema.validate(merged(defaults, values), schema)


def test_values_follow_the_chart_schema():
    validate(yaml.safe_load(VALUES.read_text()))


def test_an_unknown_key_is_caught():
    values = yaml.safe_load(VALUES.read_text())
    values["singleuser"]["memmory"] = {"limit": "2G"}
    with pytest.raises(jsonschema.ValidationError):
        validate(values)


def test_memory_and_culling_match_the_one_server_hub():
    values = yaml.safe_load(VALUES.read_text())
    config = (ROOT / "deploy" / "hub" / "jupyterhub_config.py").read_text()
    mem_limit = re.search(r'FBSS_HUB_MEM_LIMIT", "(\w+)"', config).group(1)
    cull_after = re.search(r'FBSS_HUB_CULL_AFTER\', \'(\d+)\'', config).group(1)
    assert values["singleuser"]["memory"]["limit"] == mem_limit
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == int(cull_after)
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert "/srv/nbgrader/exchange" in [m["mountPath"] for m in mounts]
