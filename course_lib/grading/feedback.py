"""What the students' feedback shows of the hidden tests.

Feedback keeps each test cell's points and visible checks, removes the hidden tests' code (so the
same tests can be used again next term) and cuts any failure in a test cell down to its last
line: the error and its message. The course's hidden tests put the input they tried and the
student's result in that message, never the expected answer.
"""
from nbgrader.preprocessors import ClearHiddenTests


class HideHiddenTests(ClearHiddenTests):
    """ClearHiddenTests for feedback, also trimming the tracebacks of the cells it cleared."""

    def preprocess_cell(self, cell, resources, cell_index):
        if self._remove_hidden_test_region(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
