"""nbgrader preprocessors the course adds to grading and to feedback.

- `KeepExpectedOutOfKernel` and `JudgeHiddenChecks`: the hidden tests' expected values never
  reach the student's kernel; the grader compares the results after the kernel has finished
  (`course_lib/grading/hidden_checks.py`).
- `TestsPassOrFail`: a test cell earns all its points or none. nbgrader gives partial credit
  when a test cell shows a number as its result; student code can show one (for example through
  sys.displayhook), so results are removed from test cells before the grades are saved.
- `SafeToView`: the autograded notebook keeps no active HTML (students' markdown becomes
  sanitized HTML), because the formgrader renders markdown cells without sanitizing them: a
  student's `<script>` would run in the instructor's Jupyter session, with the instructor's
  rights and outside the sandbox.
- `HideHiddenTests`: feedback keeps each test cell's points and visible checks but removes the
  hidden tests' code and every output of those cells except the error line, so the same tests
  can be used again next term. For hidden checks that line is the grader's verdict, which
  counts the failed checks but names neither their inputs nor the expected answers.
"""
import re

from bleach import ALLOWED_TAGS
from nbconvert.filters.markdown import markdown2html
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbformat import from_dict
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells
from traitlets import Any, Bool, List, Unicode

from . import hidden_checks


def _is_test(cell) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class KeepExpectedOutOfKernel(NbGraderPreprocessor):
    """Before the kernel starts: each hidden-tests region becomes code that only runs the calls.

    Runs in autograde's sanitize step, right after nbgrader has restored the test cells, so the
    notebook written to the student's folder (which the kernel can read) holds no expected value.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if _is_test(cell) and hidden_checks.BEGIN in cell.source:
            gid = cell.metadata.nbgrader["grade_id"]
            where = f"{resources['nbgrader']['notebook']}, cell {gid}"
            cell.source = hidden_checks.kernel_source(
                cell.source, hidden_checks.parse(cell.source, where))
        return cell, resources


class JudgeHiddenChecks(NbGraderPreprocessor):
    """After the kernel: compare each test cell's reported results with the expected values.

    The expected values are read from the gradebook, which the kernel could not see. A cell
    whose checks failed, or did not report, gets an error output and so earns no points.
    """

    def preprocess(self, nb, resources):
        nbg = resources["nbgrader"]
        self._where = nbg["notebook"], nbg["assignment"]
        with Gradebook(nbg["db_url"]) as self._gradebook:
            return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if not _is_test(cell):
            return cell, resources
        gid = cell.metadata.nbgrader["grade_id"]
        source = self._gradebook.find_source_cell(gid, *self._where).source
        checks = hidden_checks.parse(source)
        if not checks:
            return cell, resources
        sent, cell.outputs = hidden_checks.take_results(cell.outputs)
        if any(o.output_type == "error" for o in cell.outputs):
            return cell, resources   # the visible checks already failed
        summary, details = hidden_checks.verdict(checks, sent)
        if summary:
            name = hidden_checks.ERROR_NAME
            cell.outputs.append(new_output("error", ename=name, evalue=summary,
                                           traceback=[f"{name}: {summary}", *details]))
        else:
            passed = f"All {len(checks)} hidden checks" if len(checks) > 1 else "The hidden check"
            cell.outputs.append(new_output("stream", name="stdout", text=f"{passed} passed.\n"))
        return cell, resources


_MARKDOWN_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "span", "div",
                  "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}


def _safe_attribute(tag, name, value) -> bool:
    """Titles, and links only to other sites or within the page: a relative link would open a
    file of the student's folder, served from the instructor's Jupyter session."""
    if name == "title":
        return True
    return tag == "a" and name == "href" and value.lower().startswith(
        ("https://", "http://", "mailto:", "#"))


class SafeToView(SanitizeHTML):
    """Make the autograded notebook safe to render: every markdown or raw cell the student
    could write becomes sanitized HTML (formatting kept; scripts, event handlers and
    javascript: links escaped or removed), and active outputs (scripts, SVG, widgets) are
    dropped or escaped. Cells nbgrader restored from the gradebook are left as written.
    Runs after the grades are saved."""

    enabled = Bool(True)   # nbconvert's own SanitizeHTML is off unless enabled
    tags = List(Unicode(), default_value=sorted({*ALLOWED_TAGS, *_MARKDOWN_TAGS}))
    attributes = Any(default_value=_safe_attribute)

    def sanitize_code_outputs(self, outputs):
        """Also drop output metadata (nbconvert writes an image's width and height into the
        page unquoted) and turn markdown outputs into sanitized HTML (their links would
        appear only when the page renders them)."""
        outputs = super().sanitize_code_outputs(outputs)
        for output in outputs:
            if output.output_type in ("display_data", "execute_result"):
                output.metadata = {}
                markdown = output.data.pop("text/markdown", None)
                if markdown is not None:
                    output.data["text/html"] = self.sanitize_html_tags(markdown2html(markdown))
        return outputs

    def preprocess_cell(self, cell, resources, cell_index):
        restored = "grade_id" in cell.metadata.get("nbgrader", {}) and utils.is_locked(cell)
        if cell.cell_type == "code":
            cell.outputs = self.sanitize_code_outputs(cell.outputs)
        elif restored:
            return cell, resources
        elif cell.cell_type == "markdown":
            # One <div> with no blank line: rendered again as markdown, it stays one raw HTML
            # block, so text the sanitizer left (such as "[a](javascript:...)") stays text.
            html = self.sanitize_html_tags(markdown2html(cell.source))
            cell.source = "<div>\n" + re.sub(r"\n\s*\n", "\n", html).strip() + "\n</div>"
        else:
            cell.source = self.sanitize_html_tags(cell.source)
        return cell, resources


def sanitize_preprocessors() -> list:
    """nbgrader's autograde sanitize step with KeepExpectedOutOfKernel after OverwriteCells."""
    from nbgrader.converters import Autograde
    default = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    i = default.index(OverwriteCells) + 1
    return default[:i] + [KeepExpectedOutOfKernel] + default[i:]


class TestsPassOrFail(NbGraderPreprocessor):
    """Drop the execute results of autograded test cells: pass (all points) or error (none)."""

    def preprocess_cell(self, cell, resources, cell_index):
        if _is_test(cell):
            cell.outputs = [o for o in cell.outputs if o.output_type != "execute_result"]
        return cell, resources


class HideHiddenTests(ClearHiddenTests):
    """ClearHiddenTests for feedback; a cleared cell keeps only its error, as one line."""

    def preprocess_cell(self, cell, resources, cell_index):
        if self._remove_hidden_test_region(cell):
            cell.outputs = [from_dict({**o, "traceback": [f"{o.ename}: {o.evalue}"]})
                            for o in cell.get("outputs", []) if o.output_type == "error"]
        return cell, resources
