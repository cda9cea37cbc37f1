"""nbgrader preprocessors the course adds to grading and to feedback.

- `TestsPassOrFail`: a test cell earns all its points or none. nbgrader gives partial credit
  when a test cell shows a number as its result; student code can show one (for example through
  sys.displayhook), so results are removed from test cells before the grades are saved.
- `HideHiddenTests`: feedback keeps each test cell's points and visible checks but removes the
  hidden tests' code and every output of those cells except the error line, so the same tests
  can be used again next term. The course's hidden tests put the input they tried and the
  student's result in that line, never the expected answer.
"""
from nbformat import from_dict
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor


class TestsPassOrFail(NbGraderPreprocessor):
    """Drop the execute results of autograded test cells: pass (all points) or error (none)."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            cell.outputs = [o for o in cell.outputs if o.output_type != "execute_result"]
        return cell, resources


class HideHiddenTests(ClearHiddenTests):
    """ClearHiddenTests for feedback; a cleared cell keeps only its error, as one line."""

    def preprocess_cell(self, cell, resources, cell_index):
        if self._remove_hidden_test_region(cell):
            cell.outputs = [from_dict({**o, "traceback": [f"{o.ename}: {o.evalue}"]})
                            for o in cell.get("outputs", []) if o.output_type == "error"]
        return cell, resources
