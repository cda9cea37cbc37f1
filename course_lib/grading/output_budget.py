"""A byte budget for what a graded kernel may print or display.

nbgrader's LimitOutput shortens outputs by lines, and only after the whole notebook has run, so
a submission that prints gigabytes would first fill the grader's memory and the graded notebook.
`OutputBudget` drops output messages as they arrive once a cell or the notebook is over budget,
and says so once in the cell. The hidden checks' small report is never dropped.
"""
from nbformat.v4 import new_output
from traitlets import Int
from traitlets.config import Configurable

from .hidden_checks import MIME

OUTPUT_MESSAGES = {"stream", "display_data", "execute_result", "error", "update_display_data"}
REPORT_LIMIT = 1 << 20   # a hidden-checks report is far smaller


def _size(value) -> int:
    """Characters in a message's content, roughly, without copying it."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        return sum(len(str(k)) + _size(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(map(_size, value))
    return 8


class OutputBudget(Configurable):
    """nbclient mixin: keep at most cell_budget characters of output per cell and
    notebook_budget per notebook."""

    cell_budget = Int(5 << 20, help="Most output characters kept per cell").tag(config=True)
    notebook_budget = Int(50 << 20,
                          help="Most output characters kept per notebook").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._spent, self._cells_spent, self._noted = 0, {}, set()
        return super().preprocess(nb, resources, km=km)

    def process_message(self, msg, cell, cell_index):
        content = msg.get("content", {})
        if msg["msg_type"] in OUTPUT_MESSAGES:
            size = _size(content)
            report = MIME in (content.get("data") or {}) and size < REPORT_LIMIT
            cell_spent = self._cells_spent.get(cell_index, 0) + size
            if not report and (cell_spent > self.cell_budget
                               or self._spent + size > self.notebook_budget):
                self._note(cell, cell_index)
                return None
            self._cells_spent[cell_index], self._spent = cell_spent, self._spent + size
        return super().process_message(msg, cell, cell_index)

    def _note(self, cell, cell_index):
        if cell_index not in self._noted:
            self._noted.add(cell_index)
            cell.outputs.append(new_output("stream", name="stdout", text=(
                f"[The grader dropped the rest of this output: a cell may show "
                f"{self.cell_budget >> 20} MB, a notebook {self.notebook_budget >> 20} MB.]\n")))
