"""The nbgrader course: sources validate, releases hide the answers, and the whole instructor
pipeline, run with nbgrader's own commands on the demo class, gives each submission the score
it deserves while the sandbox keeps hostile code away from the gradebook and others' work.
The graded demo class is the session fixture `graded` (tests/conftest.py)."""
import ast
import re
import shutil
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from course_lib.grading import demo, hidden_checks
from course_lib.grading.submissions import ASSIGNMENTS, DEMO_SUBMISSIONS
from conftest import snapshot


SOURCES = demo.COURSE_SOURCE / "source"

# Autograded points each demo submission deserves, worked out by hand from the points in each
# assignment (anatomy: 3 + 3 autograded; causes: 4 + 2 + 2; decision flow: 3 + 2 + 3;
# persistent pain: 3 + 3).
EXPECTED = {
    ("full", "anatomy_localization"): 6, ("full", "causes_and_outcomes"): 8,
    ("full", "decision_flow"): 8,
    ("partial", "decision_flow"): 5,           # question 3 wrong
    ("untouched", "causes_and_outcomes"): 0,
    ("syntax_error", "anatomy_localization"): 3,   # question 1 lost
    ("infinite_loop", "anatomy_localization"): 3,  # question 1 interrupted, the rest graded
    ("kernel_exits", "anatomy_localization"): 0,   # nbgrader cannot grade it
    ("import_error", "causes_and_outcomes"): 4,    # question 1 lost
    ("edited_tests", "decision_flow"): 5,      # the restored tests catch the wrong triage
    ("deleted_cells", "decision_flow"): 5,     # question 3 deleted
    ("renamed", "anatomy_localization"): 0,    # flagged for the instructor
    ("not_a_notebook", "causes_and_outcomes"): 0,
    ("hostile", "anatomy_localization"): 6,    # its answers are right; its attack failed
    ("impostor", "decision_flow"): 0,          # its fake kernel launcher never ran
    ("displayhook", "anatomy_localization"): 3,  # no partial credit for a shown number
    ("visible_only", "anatomy_localization"): 3,   # its hidden checks fail question 1
    ("library", "anatomy_localization"): 6,     # right answers; flagged for the instructor
    ("flood", "causes_and_outcomes"): 8,           # its output is cut, its answers are right
    ("skipped_checks", "causes_and_outcomes"): 0,  # nothing answered; its hook hid that
    ("swallowed_errors", "decision_flow"): 0,      # nothing answered; its hook hid that
    ("full", "persistent_pain"): 6,
    ("partial", "persistent_pain"): 3,         # question 2 wrong: 42 mg rounds to 40, not 45
    ("syntax_error", "persistent_pain"): 3,    # question 1 lost, question 2 graded
    ("broken", "persistent_pain"): 0,          # cut off half-way: nbgrader cannot read it
    ("library", "persistent_pain"): 6,         # right answers; flagged for the instructor
}
MAXIMUM = {"anatomy_localization": 10, "causes_and_outcomes": 12, "decision_flow": 12,
           "persistent_pain": 10}


def run_nbgrader(course, *args, env=None):
    env = {**demo.nbgrader_env(), **(env or {})}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_passes_validate(assignment):
    result = run_nbgrader(demo.COURSE_SOURCE, "validate",
                          str(SOURCES / assignment / f"{assignment}.ipynb"))
    assert "Success! Your notebook passes all the tests." in result.stdout, result.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_fails_every_test(graded, assignment):
    release = graded[1] / "release" / assignment / f"{assignment}.ipynb"
    result = run_nbgrader(graded[1], "validate", "--invert", str(release))
    assert "Success! The notebook does not pass any tests." in result.stdout, result.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_released_code_cell_compiles(graded, assignment):
    """A student's first Run All may fail on NotImplementedError, never on a SyntaxError."""
    release = graded[1] / "release" / assignment / f"{assignment}.ipynb"
    for i, cell in enumerate(nbformat.read(release, as_version=4).cells):
        if cell.cell_type == "code":
            compile(cell.source, f"{assignment} cell {i}", "exec")


def _secret_lines(source: Path) -> set:
    """Lines found only in the solutions, hidden tests and mark schemes of a source notebook."""
    secret, public = set(), set()
    pattern = r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END[^\n]*"
    for cell in nbformat.read(source, as_version=4).cells:
        regions = re.findall(pattern, cell.source, re.DOTALL)
        rest = re.sub(pattern, "", cell.source, flags=re.DOTALL)
        if cell.cell_type == "markdown" and cell.metadata["nbgrader"].get("solution"):
            regions, rest = [cell.source], ""
        secret.update(line.strip() for region in regions for line in region.splitlines())
        public.update(line.strip() for line in rest.splitlines())
    return {line for line in secret - public if len(line) > 12}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_solution_or_hidden_test(graded, assignment):
    text = (graded[1] / "release" / assignment / f"{assignment}.ipynb").read_text()
    assert "### BEGIN" not in text and "mark scheme" not in text
    secret = _secret_lines(SOURCES / assignment / f"{assignment}.ipynb")
    assert len(secret) > 10
    assert not [line for line in secret if line in text]


def test_every_assignment_states_points_that_add_up():
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(SOURCES / assignment / f"{assignment}.ipynb", as_version=4)
        points = sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells)
        assert points == MAXIMUM[assignment]
        assert f"**Points: {points}**" in nb.cells[0].source


def test_persistent_pains_answers_agree_with_the_course_library():
    """Its model answers and course_lib.opioids count MME and taper alike (one rule, taught and
    coded twice), so a change to either shows here."""
    from course_lib import load_knowledge, opioids
    kb, answers = load_knowledge(), {}
    for cell in nbformat.read(SOURCES / "persistent_pain" / "persistent_pain.ipynb",
                              as_version=4).cells:
        if cell.cell_type == "code" and "### BEGIN HIDDEN TESTS" not in cell.source:
            exec(cell.source, answers)
    for drug, factor in opioids.conversion_factors(kb).items():
        assert answers["FACTORS"][drug] == factor
        medicines = [{"drug": drug, "mg": 10, "times_per_day": 1}, {"drug": "codeine", "mg": 30,
                                                                     "times_per_day": 4}]
        assert answers["mme_per_day"](medicines) == pytest.approx(opioids.total_mme(
            kb, [(drug, 10, 1), ("codeine", 30, 4)]))
    for unit in (1, 2.5, 5, 10, 15, 20):
        for start in (unit * n for n in range(1, 40)):
            monthly, lengthened = [], 0  # the library lists a dose when it changes
            for step in opioids.taper_plan(kb, start, unit):
                if step.lengthened:      # its last step spaces the smallest dose out; the
                    lengthened += 1      # assignment's simpler model stops the month after
                    continue
                period = step.period - lengthened
                monthly += monthly[-1:] * (period - len(monthly)) + [step.dose]
            assert answers["taper_plan"](start, unit) == pytest.approx(monthly), (start, unit)


def test_each_demo_submission_gets_its_score(graded):
    out, _, _ = graded
    grades = demo.grade_table(out / "grades.csv")
    assert set(EXPECTED) == {(s.student, s.assignment) for s in DEMO_SUBMISSIONS}
    assert {key: score for key, (score, _) in grades.items()} == EXPECTED
    assert all(maximum == MAXIMUM[a] for (_, a), (_, maximum) in grades.items())


def test_tampering_is_reported(graded):
    findings = demo.report(graded[1])
    flagged = {key: " ".join(items) for key, items in findings.items()}
    assert "edited locked cell q1-tests" in flagged[("edited_tests", "decision_flow")]
    assert "deleted cell q3-tests" in flagged[("deleted_cells", "decision_flow")]
    assert "anatomy_localization (1).ipynb" in flagged[("renamed", "anatomy_localization")]
    assert "not a notebook" in flagged[("not_a_notebook", "causes_and_outcomes")]
    assert "deletes files" in flagged[("hostile", "anatomy_localization")]
    assert "extra files: ipykernel_launcher.py" in flagged[("impostor", "decision_flow")]
    assert "results" in flagged[("displayhook", "anatomy_localization")]
    assert "calls the course library" in flagged[("library", "anatomy_localization")]
    assert "calls the course library" in flagged[("library", "persistent_pain")]
    assert "persistent_pain.ipynb is not a notebook" in flagged[("broken", "persistent_pain")]
    assert "hidden checks of q1-tests did not run as written" in flagged[
        ("skipped_checks", "causes_and_outcomes")]
    assert ("full", "decision_flow") not in flagged and ("partial", "decision_flow") not in flagged


def test_feedback_shows_points_but_not_hidden_tests(graded):
    course = graded[1]
    for sub in DEMO_SUBMISSIONS:
        html = course / "feedback" / sub.student / sub.assignment / f"{sub.assignment}.html"
        if sub.student in ("renamed", "not_a_notebook", "kernel_exits", "broken"):
            assert not html.exists()
            continue
        text = html.read_text()
        assert "HIDDEN TESTS" not in text and "_hidden_checks" not in text
        assert "expect(" not in text and "hidden-results" not in text
        assert "Score:" in text
    text = (course / "feedback" / "visible_only" / "anatomy_localization"
            / "anatomy_localization.html").read_text()
    assert "HiddenChecksFailed: 10 of 12 hidden checks failed" in text
    assert "; the submission" not in text   # which checks failed is for the instructor only


def _test_cells(course, student, assignment):
    nb = nbformat.read(course / "autograded" / student / assignment / f"{assignment}.ipynb",
                       as_version=4)
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "")
            .endswith("-tests")]


@pytest.mark.parametrize("student, assignment", [("skipped_checks", "causes_and_outcomes"),
                                                 ("swallowed_errors", "decision_flow")])
def test_hooks_in_the_kernel_cannot_fake_a_pass(graded, student, assignment):
    """The hooks hid every visible failure; only the grader's own comparison caught them."""
    for cell in _test_cells(graded[1], student, assignment):
        errors = [o.ename for o in cell.outputs if o.output_type == "error"]
        assert errors == ["HiddenChecksFailed"], (cell.metadata.nbgrader.grade_id, errors)


def _sources(notebook: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells)


def _expected_values(source: Path) -> set:
    """The source text of each hidden check's expected value."""
    found = set()
    for cell in nbformat.read(source, as_version=4).cells:
        if hidden_checks.BEGIN in cell.source:
            region = cell.source.split(hidden_checks.BEGIN)[1].split(hidden_checks.END)[0]
            found |= {ast.get_source_segment(region, node.value.args[1])
                      for node in ast.parse(region).body
                      if isinstance(node, ast.Expr) and len(node.value.args) == 2}
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_expected_values_never_reach_the_students_kernel(graded, assignment):
    """The autograded notebook, which the kernel can read while it runs, holds none of them."""
    course = graded[1]
    release = _sources(course / "release" / assignment / f"{assignment}.ipynb")
    secret = {value for value in _expected_values(SOURCES / assignment / f"{assignment}.ipynb")
              if len(value) > 4 and value not in release}
    assert len(secret) >= 3
    for sub in DEMO_SUBMISSIONS:
        graded_nb = course / "autograded" / sub.student / assignment / f"{assignment}.ipynb"
        if sub.assignment == assignment and graded_nb.exists():
            text = _sources(graded_nb)
            assert "expect(" not in text and hidden_checks.BEGIN in text
            assert not [value for value in secret if value in text]


def test_hostile_code_changes_nothing_outside_its_folder(graded):
    _, course, before = graded
    assert snapshot(course) == before
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert db.execute("select count(*) from student").fetchone()[0] == len(
            {s.student for s in DEMO_SUBMISSIONS})
    assert (course / "autograded" / "full" / "anatomy_localization").is_dir()
    graded_nb = (course / "autograded" / "hostile" / "anatomy_localization"
                 / "anatomy_localization.ipynb").read_text()
    assert "could not delete" in graded_nb and "deleted /" not in graded_nb
    assert "files in the home folder: []" in graded_nb   # not the grader's id_rsa
    assert "the original course sources: hidden" in graded_nb   # the demo grades a copy
    assert "/tmp is capped: No space left on device" in graded_nb


def test_formgrader_and_feedback_run_no_student_script(graded):
    """Rendered the way nbgrader's formgrader renders a submission, and as feedback."""
    from nbconvert import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    course = graded[1]
    graded_nb = course / "autograded" / "hostile" / "anatomy_localization" / \
        "anatomy_localization.ipynb"
    formgrader = HTMLExporter(template_name="formgrade",
                              extra_template_basedirs=[handlers.template_path])
    page, _ = formgrader.from_filename(str(graded_nb), resources={
        "base_url": "/", "mathjax_url": "", "index": 0, "total": 1, "student": "hostile",
        "submission_id": "x", "notebook_id": "n", "assignment_id": "a", "notebook_path": ""})
    feedback = (course / "feedback" / "hostile" / "anatomy_localization"
                / "anatomy_localization.html").read_text()
    # the formgrader serves the graded folder's files: none may be a page
    assert not [p.name for folder in (graded_nb.parent, course / "feedback" / "hostile")
                for p in folder.rglob("*") if p.suffix in (".html", ".svg") and p.name !=
                "anatomy_localization.html"]
    for html in (page, feedback):
        assert 'href="notes.html"' not in html and 'href="made.html"' not in html
        assert "/api/terminals" in html          # the attempt is shown to the instructor,
        assert _active_code(html) and not [code for code in _active_code(html)
                                           if "/api/terminals" in code or "alert" in code]
    assert "<blockquote>" in feedback   # the course's own markdown is rendered as written


class _ActiveCode(HTMLParser):
    """The code a browser would run: script elements and on... attributes."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.found += [value or "" for name, value in attrs if name.startswith("on")
                       or (value or "").strip().lower().startswith("javascript:")]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.found.append(data)


def _active_code(html: str) -> list:
    parser = _ActiveCode()
    parser.feed(html)
    return parser.found


def test_a_flood_of_output_is_cut_as_it_arrives(graded):
    folder = graded[1] / "autograded" / "flood" / "causes_and_outcomes"
    graded_nb = folder / "causes_and_outcomes.ipynb"
    assert graded_nb.stat().st_size < 8 << 20     # it printed 100 MB
    assert "The grader dropped the rest of this output" in graded_nb.read_text()


def _copy(course: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    return copy


def test_grading_refuses_to_run_without_the_sandbox(graded, tmp_path):
    course = _copy(graded[1], tmp_path)
    result = run_nbgrader(course, "autograde", "anatomy_localization", "--student=full",
                          "--force", "--SandboxedKernelManager.bwrap=/no/such/bwrap")
    assert result.returncode != 0
    assert "Refusing to run student code" in result.stdout + result.stderr
    assert not (course / "autograded" / "full" / "anatomy_localization"
                / "anatomy_localization.ipynb").exists()


def test_unsafe_grading_only_when_asked_and_loudly(graded, tmp_path):
    course = _copy(graded[1], tmp_path)
    result = run_nbgrader(course, "autograde", "anatomy_localization", "--student=full",
                          "--force", "--SandboxedKernelManager.bwrap=/no/such/bwrap",
                          env={"FBSS_GRADING_UNSAFE": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WITHOUT the bubblewrap sandbox" in result.stdout + result.stderr


def test_grading_refuses_to_run_without_the_courses_grading_code(graded, tmp_path):
    """If nbgrader_config.py cannot import course_lib.grading, nbgrader would fall back to its
    stock, unsandboxed pipeline; the config makes it refuse instead."""
    course = _copy(graded[1], tmp_path)
    hide_grading_code = ("import sys; sys.modules['course_lib.grading.sandbox'] = None; "
                         "from nbgrader.apps.nbgraderapp import main; sys.exit(main())")
    result = subprocess.run(
        [sys.executable, "-c", hide_grading_code, "autograde", "anatomy_localization",
         "--student=full", "--force"], cwd=course, env=demo.nbgrader_env(),
        capture_output=True, text=True)
    assert result.returncode != 0
    assert "Refusing to run student code: the course's grading code" in result.stdout + \
        result.stderr
    assert not (course / "autograded" / "full" / "anatomy_localization"
                / "anatomy_localization.ipynb").exists()
