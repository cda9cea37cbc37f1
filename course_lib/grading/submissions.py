"""Demo submissions, made by code from each assignment's source and release notebooks.

`DEMO_SUBMISSIONS` lists one entry per (student, assignment): what the student did and how it is
written into ``submitted/<student>/<assignment>/``. The answers that earn marks are the source's
own solutions, so the demo follows the assignments as they change.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ASSIGNMENTS = ("anatomy_localization", "causes_and_outcomes", "decision_flow", "persistent_pain")
TIMESTAMP = "2026-11-20 09:00:00.000000 UTC"
_SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*(\n|\Z)", re.MULTILINE)
# the course's own sources, in the repository (the demo grades a copy of the course)
_SHIPPED_SOURCE = Path(__file__).resolve().parents[2] / "assignments" / "source" / \
    "anatomy_localization" / "anatomy_localization.ipynb"
_MODEL_ANSWER = "**Model answer and mark scheme (removed from the students' version).**\n\n"


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def solved(source: Path, release: Path):
    """The release notebook with every answer cell holding the source's solution."""
    solutions = {grade_id(c): _SOLUTION.sub("", c.source).replace(_MODEL_ANSWER, "")
                 for c in nbformat.read(source, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        if grade_id(cell) in solutions:
            cell.source = solutions[grade_id(cell)]
    return nb


def untouched(source: Path, release: Path):
    return nbformat.read(release, as_version=4)


def _attack(course: Path) -> str:
    """Code that shows active HTML, looks into the grader's home folder and tries to destroy
    the gradebook, another student's work and the sources."""
    targets = [course / "gradebook.db",
               course / "submitted" / "full" / "anatomy_localization",
               course / "autograded" / "full" / "anatomy_localization",
               course / "source"]
    return (
        "from IPython.display import HTML, display, publish_display_data\n"
        f"display(HTML({_SCRIPT!r}))\n"
        f"publish_display_data({{'text/markdown': {_SCRIPT!r}}})\n"
        "publish_display_data({'image/png': 'iVBORw0KGgo='},\n"
        "                     metadata={'image/png': {'width': '1 onerror=alert(1)'}})\n"
        "import os, shutil\n"
        f"open('made.html', 'w').write({_SCRIPT!r})\n"
        "_home = os.path.expanduser('~')\n"
        "try:\n"
        "    _files = [n for n in os.listdir(_home) if os.path.isfile(os.path.join(_home, n))]\n"
        "except OSError:\n"
        "    _files = []\n"
        "print('files in the home folder:', _files)\n"
        "try:\n"
        "    for _i in range(12):\n"
        "        open(f'/tmp/fill{_i}', 'wb').write(bytes(60 << 20))\n"
        "    print('/tmp took 720 MB')\n"
        "except OSError as error:\n"
        "    print('/tmp is capped:', error.strerror)\n"
        f"_original = {str(_SHIPPED_SOURCE)!r}\n"
        "print('the original course sources:', 'readable' if os.path.exists(_original) "
        "else 'hidden')\n"
        f"for _target in {[str(t) for t in targets]!r}:\n"
        "    try:\n"
        "        shutil.rmtree(_target) if os.path.isdir(_target) else os.remove(_target)\n"
        "        print('deleted', _target)\n"
        "    except OSError as error:\n"
        "        print('could not delete', _target, '-', error)\n"
    )


# Active HTML in a written answer and in an output, which would run in the instructor's browser.
_SCRIPT = ("<script>fetch('/api/terminals')</script>"
           '<img src="x" onerror="alert(1)"> <a href="javascript:alert(1)">my notes</a> '
           "[more notes](javascript:alert(1)) [my page](notes.html) [made here](made.html)\n\n")


# A file that would run instead of the kernel if Python imported from the submission folder:
# every cell's errors swallowed, so every test would pass.
_FAKE_LAUNCHER = """\
from IPython.core.interactiveshell import InteractiveShell
_transform = InteractiveShell.transform_cell
def transform_cell(self, cell):
    body = "".join("    " + line for line in _transform(self, cell).splitlines(True))
    return "try:\\n" + body + "\\n    pass\\nexcept BaseException:\\n    pass\\n"
InteractiveShell.transform_cell = transform_cell
from ipykernel import kernelapp
kernelapp.launch_new_instance()
"""


# Code in an answer cell that changes how every later cell runs: checks cells are skipped, or
# every error is swallowed. Either would pass every test run inside the kernel.
_SKIP_CHECKS = """\
def _skip_checks(lines):
    return ["pass\\n"] if lines and lines[0].startswith("# Checks") else lines
get_ipython().input_transformers_post.append(_skip_checks)
"""
_SWALLOW_ERRORS = """\
def _swallow(lines):
    body = ["    " + line for line in lines]
    return ["try:\\n", *body, "\\n    pass\\nexcept BaseException:\\n    pass\\n"]
get_ipython().input_transformers_post.append(_swallow)
"""


# Question 2 of persistent_pain with each month's dose rounded to the nearest tablet step instead
# of up: month 3 of 60 mg in 5 mg steps plans 42 mg and gives 40, faster than planned.
_NEAREST_TAPER = """\
def taper_plan(daily_mg, unit_mg):
    if daily_mg <= 0 or unit_mg <= 0 or daily_mg % unit_mg:
        raise ValueError("not a whole number of tablet steps")
    plan, month = [daily_mg], 0
    while plan[-1] > unit_mg:
        month += 1
        planned = daily_mg * (100 - month * TAPER_PERCENT) / 100
        plan.append(max(unit_mg, round(planned / unit_mg) * unit_mg))
    return plan + [0]
"""
# Question 1 of persistent_pain answered with the course library's own total.
_LIBRARY_MME = """\
from course_lib import opioids

def mme_per_day(medicines):
    if any(m["mg"] <= 0 for m in medicines):
        raise ValueError("a dose must be above zero")
    return opioids.total_mme(kb, [(m["drug"], m["mg"], m["times_per_day"]) for m in medicines])
"""


@dataclass
class Submission:
    """One demo student's work on one assignment."""
    student: str
    assignment: str
    story: str
    base: object = solved                      # solved or untouched
    answers: dict = field(default_factory=dict)  # grade_id -> new source ("{solution}" kept)
    delete: tuple = ()                         # grade_ids of cells the student deleted
    filename: str = ""                         # saved under another name
    not_a_notebook: bool = False
    cut_off: bool = False                      # the file ends half-way, as a failed save leaves it
    extra_files: dict = field(default_factory=dict)  # file name -> text, beside the notebook

    def write(self, course: Path) -> Path:
        source = course / "source" / self.assignment / f"{self.assignment}.ipynb"
        release = course / "release" / self.assignment / f"{self.assignment}.ipynb"
        folder = course / "submitted" / self.student / self.assignment
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "timestamp.txt").write_text(TIMESTAMP)
        for name, text in self.extra_files.items():
            (folder / name).write_text(text)
        path = folder / (self.filename or f"{self.assignment}.ipynb")
        if self.not_a_notebook:
            path.write_text("My answers are in the attached Word file.\n")
            return path
        nb = self.base(source, release)
        solution = {grade_id(c): c.source for c in nb.cells}
        for cell in nb.cells:
            if grade_id(cell) in self.answers:
                cell.source = self.answers[grade_id(cell)].format(
                    solution=solution[grade_id(cell)], attack=_attack(course))
        nb.cells = [c for c in nb.cells if grade_id(c) not in self.delete]
        text = nbformat.writes(nb)
        path.write_text(text[:len(text) // 2] if self.cut_off else text)
        return path


DEMO_SUBMISSIONS = [
    *(Submission("full", a, "every answer right") for a in ASSIGNMENTS),
    Submission("partial", "decision_flow", "NNT computed from percents, not fractions",
               answers={"q3-answer": "def nnt(treated_percent, control_percent):\n"
                                     "    return 1 / (treated_percent - control_percent)\n\n"
                                     "PROCESS_NNT_12 = nnt(34, 7)\n"}),
    Submission("untouched", "causes_and_outcomes", "submitted the release as it came",
               base=untouched),
    Submission("syntax_error", "anatomy_localization", "a syntax error in question 1",
               answers={"q1-answer": "def compressed_root(disc, zone)\n    return 'L5'\n"}),
    Submission("infinite_loop", "anatomy_localization", "an infinite loop in question 1",
               answers={"q1-answer": "while True:\n    pass\n"}),
    Submission("import_error", "causes_and_outcomes",
               "imports a module that does not exist before question 1",
               answers={"q1-answer": "import fbss_homework_helpers\n{solution}"}),
    Submission("edited_tests", "decision_flow",
               "a wrong triage, and its checks edited to pass",
               answers={"q1-answer": "def triage_order(patients):\n"
                                     "    return [p['id'] for p in patients]\n",
                        "q1-tests": "print('All checks passed!')\n"}),
    Submission("deleted_cells", "decision_flow", "deleted question 3 and its checks",
               delete=("q3-answer", "q3-tests")),
    Submission("kernel_exits", "anatomy_localization", "ends its kernel in question 1",
               answers={"q1-answer": "import os\nos._exit(1)\n"}),
    Submission("renamed", "anatomy_localization", "every answer right, saved under another name",
               filename="anatomy_localization (1).ipynb"),
    Submission("not_a_notebook", "causes_and_outcomes",
               "a text file saved with the notebook's name", not_a_notebook=True),
    Submission("hostile", "anatomy_localization",
               "tries to delete the gradebook, another student's work and the sources, and to "
               "run scripts in the instructor's formgrader",
               answers={"q1-answer": "{attack}\n{solution}",
                        "q3-answer": _SCRIPT + "{solution}"},
               extra_files={"notes.html": _SCRIPT}),
    Submission("impostor", "decision_flow",
               "the untouched release beside a fake kernel launcher that hides every error",
               base=untouched, extra_files={"ipykernel_launcher.py": _FAKE_LAUNCHER}),
    Submission("displayhook", "anatomy_localization",
               "wrong answers that show a number, which nbgrader would count as partial credit",
               answers={"q1-answer": "import sys\n\ndef compressed_root(disc, zone):\n"
                                     "    sys.displayhook(3)\n    return 'L1'\n"}),
    Submission("visible_only", "anatomy_localization",
               "question 1 written to pass its visible checks and nothing more",
               answers={"q1-answer": "def compressed_root(disc, zone):\n"
                                     "    if zone not in ('posterolateral', 'far-lateral'):\n"
                                     "        raise ValueError(zone)\n"
                                     "    return 'L5' if zone == 'posterolateral' else 'L4'\n"}),
    Submission("library", "anatomy_localization",
               "question 1 answered by calling the course library's own version",
               answers={"q1-answer": "from course_lib import anatomy\n\n"
                                     "def compressed_root(disc, zone):\n"
                                     "    try:\n"
                                     "        return anatomy.compressed_root(kb, disc, zone).root\n"
                                     "    except KeyError as error:\n"
                                     "        raise ValueError(error) from None\n"}),
    Submission("flood", "causes_and_outcomes",
               "every answer right, then 100 MB of output from question 1",
               answers={"q1-answer": "{solution}\nfor _line in range(20):\n"
                                     "    print('x' * 5_000_000)\n"}),
    Submission("skipped_checks", "causes_and_outcomes",
               "the untouched release with a hook that skips every checks cell",
               base=untouched, answers={"q1-answer": _SKIP_CHECKS + "{solution}"}),
    Submission("swallowed_errors", "decision_flow",
               "the untouched release with a hook that swallows every error",
               base=untouched, answers={"q1-answer": _SWALLOW_ERRORS + "{solution}"}),
    Submission("partial", "persistent_pain",
               "a taper rounded to the nearest tablet step, so some months go faster than planned",
               answers={"q2-answer": _NEAREST_TAPER}),
    Submission("syntax_error", "persistent_pain", "a syntax error in question 1",
               answers={"q1-answer": "def mme_per_day(medicines)\n    return 0\n"}),
    Submission("broken", "persistent_pain",
               "every answer right, but the file was cut off half-way (a failed save)",
               cut_off=True),
    Submission("library", "persistent_pain",
               "question 1 answered by calling the course library's own version",
               answers={"q1-answer": _LIBRARY_MME}),
]


def write_all(course: Path) -> None:
    """Write every demo submission into the course's submitted/ folder."""
    for submission in DEMO_SUBMISSIONS:
        submission.write(course)
