"""Writes the course's JupyterLab defaults into the environment: no news or update prompts
over the notebooks. Run by `make` (after installing) and by Binder's postBuild."""
from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}


def write_overrides(prefix: str | Path = sys.prefix) -> Path:
    """Merge OVERRIDES into the environment's settings/overrides.json; keep other entries."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(OVERRIDES)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


if __name__ == "__main__":
    print(f"JupyterLab course defaults written to {write_overrides()}")
