"""Writes the course's JupyterLab defaults into the environment: no news or update prompts
over the notebooks, and no notebook shortcut taken by a widget's radio button or check box. Run
by `make` (after installing), by Binder's postBuild and for the hub.

    python -m course_lib.lab_settings                        the environment's own settings
    python -m course_lib.lab_settings DIR [EXTRA.json ...]   a settings folder of its own (the
                                                             hub's instructors), with more entries
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

# Inside JupyterLab a focused radio button or check box of a widget does not hold back the
# notebook's command-mode shortcuts (a text field does): M turned the widget's cell into
# Markdown, X cut it, the arrow keys moved to another cell. A binding more specific than the
# notebook's takes each such key there and runs a command that does not exist, so the key does
# nothing (JupyterLab notes it in the browser console). The keys are those JupyterLab 4's
# notebook binds without Ctrl or Alt (a test in tests/test_environment_files.py reads them off
# its schemas).
COMMAND_MODE_KEYS = (
    *"ABCJKMORVXYZ", *"123456", "D D", "I I", "0 0", "Enter",
    *(f"Shift {key}" for key in "ABJKLMRZ"), "Shift ArrowUp", "Shift ArrowDown", "Shift Home",
    "Shift End", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight")
IGNORE_KEY = "fbss:ignore-key-on-a-widget-control"
WIDGET_CONTROL_SELECTORS = tuple(
    f'.jp-Notebook.jp-mod-commandMode .jupyter-widgets input[type="{kind}"]:focus'
    for kind in ("radio", "checkbox"))

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": [
        {"command": IGNORE_KEY, "keys": keys.split(), "selector": selector}
        for selector in WIDGET_CONTROL_SELECTORS for keys in COMMAND_MODE_KEYS]},
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
