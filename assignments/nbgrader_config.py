"""nbgrader configuration of the FBSS course (this folder is the course root).

nbgrader reads this file whichever way an instructor grades: make, the nbgrader command line
or the formgrader, so the grading sandbox configured here applies to all three.
"""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "fbss-course"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# A cell may run for 30 s (the longest solution cell takes well under 1 s); a student's
# infinite loop is interrupted there, its cell fails and grading goes on with the next cell.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

try:
    from course_lib.grading import sandbox
    from course_lib.grading.preprocessors import (HideHiddenTests, JudgeHiddenChecks,
                                                  SafeToView, TestsPassOrFail,
                                                  sanitize_preprocessors)
except Exception as error:  # grade nothing rather than grade without the course's protections
    _problem = f"{type(error).__name__}: {error}"

    class GradingCodeMissing(NbGraderPreprocessor):
        """Stands in for every grading step when course_lib.grading cannot be imported."""

        def preprocess(self, nb, resources):
            raise RuntimeError(
                "Refusing to run student code: the course's grading code (course_lib.grading) "
                f"could not be imported ({_problem}); run nbgrader from the course's "
                "environment (make install)")

    c.Autograde.sanitize_preprocessors = [GradingCodeMissing]
    c.GenerateFeedback.preprocessors = [GradingCodeMissing]
else:
    # Student code runs in a bubblewrap sandbox during autograde: it may write only its own
    # autograded/<student>/<assignment>/ folder, never the gradebook, other students' work or
    # the course sources. Without a working bubblewrap, autograde refuses to run student code
    # unless FBSS_GRADING_UNSAFE=1 is set (see assignments/README.md). The graded notebook
    # keeps no active HTML: the formgrader shows students' markdown unsanitized, and a script
    # there would run in the instructor's Jupyter session, outside the sandbox.
    c.Autograde.autograde_preprocessors = sandbox.sandboxed_autograde_preprocessors(
        after_execute=[JudgeHiddenChecks, TestsPassOrFail]) + [SafeToView]

    # Hidden tests are expect(...) lines: the kernel only runs their calls and reports the
    # results; the expected values stay in the gradebook and are compared after the kernel has
    # finished (course_lib/grading/hidden_checks.py), so no student code can fake a pass.
    c.Autograde.sanitize_preprocessors = sanitize_preprocessors()

    # A test cell earns all its points or none; feedback shows the points of every test cell
    # and its visible checks, but not the hidden tests' code or output.
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]

# Scripts and unsafe HTML in students' outputs are removed from the feedback pages.
c.HTMLExporter.sanitize_html = True

# Due dates: on the class hub, `nbgrader release_assignment` also sets each assignment's due
# date in the gradebook from this setting (deploy/hub/nbgrader_config.py); the formgrader shows
# it, and autograde marks a submission made after it late. For example:
# c.ReleaseWithDueDate.duedates = {"anatomy_localization": "2027-01-15 17:00:00 UTC"}
