"""Everything the course's notebooks show, for their setup cell, which is one line kept out of
sight: `from course_lib.notebook import *`, then `kb = setup()`. Every public function and
class of the view modules is exported, so that a visible cell is one readable call."""
from __future__ import annotations

import importlib

import matplotlib.pyplot as plt  # noqa: F401  (exported)
from IPython.display import HTML, display  # noqa: F401  (exported)

from . import setup  # noqa: F401  (exported)

_MODULES = ["anatomy", "anatomy_widgets", "spine_figures", "fbss_views", "operations_widgets",
            "causes_widgets", "diagnosis_widgets", "imaging_widgets", "treatments",
            "treatment_views", "pain_widgets", "cases", "case_widgets", "decision_widgets",
            "course_views", "progress", "quiz_widget", "review", "views"]


def _public(module) -> dict:
    """The public functions and classes a module defines itself (not those it imports)."""
    return {name: value for name, value in vars(module).items()
            if not name.startswith("_") and callable(value)
            and getattr(value, "__module__", None) == module.__name__}


for _name in _MODULES:
    globals().update(_public(importlib.import_module(f"course_lib.{_name}")))

__all__ = sorted(name for name in globals() if not name.startswith("_")
                 and name not in ("annotations", "importlib"))
