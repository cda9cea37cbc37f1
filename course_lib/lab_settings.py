"""Writes the course's JupyterLab defaults into the environment: no news or update prompts
over the notebooks. Run by `make` (after installing) and by Binder's postBuild.

    python -m course_lib.lab_settings                        the environment's own settings
    python -m course_lib.lab_settings DIR [EXTRA.json ...]   a settings folder of its own (the
                                                             hub's instructors), with more entries
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}


def write_overrides(prefix: str | Path = sys.prefix, settings_dir: str | Path | None = None,
                    extra: dict | None = None) -> Path:
    """Merge OVERRIDES (and `extra`) into overrides.json of the environment at `prefix`, or of
    `settings_dir` when given; keep other entries."""
    folder = Path(settings_dir) if settings_dir else Path(prefix) / "share" / "jupyter" / "lab" / "settings"
    path = folder / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(OVERRIDES)
    current.update(extra or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


def main(args: list[str]) -> None:
    extra = {}
    for name in args[1:]:
        extra.update(json.loads(Path(name).read_text()))
    path = write_overrides(settings_dir=args[0] if args else None, extra=extra)
    print(f"JupyterLab course defaults written to {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
