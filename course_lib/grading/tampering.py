"""The tampering report: what an instructor should look at in each submission.

nbgrader restores the locked and test cells it knows before grading, so an edited test cannot
earn marks; this report says who tried, who deleted or renamed work, whose code reaches for
the kernel's machinery (builtins, other modules, IPython's hooks, the file system), and whose
hidden checks never reported because something changed how the notebook's cells run.
"""
import json
import re
from pathlib import Path

import nbformat

from .hidden_checks import DID_NOT_RUN, ERROR_NAME
from .submissions import grade_id

SUSPICIOUS = {
    r"\bbuiltins\b|__builtins__": "changes Python's built-in names",
    r"__(eq|ne|class|hash|float|str|len|iter|getattribute)__|\bsetattr\(": "overrides comparison or type machinery",
    r"\bsys\.modules\b|\bimportlib\b|__import__": "replaces imported modules",
    r"\bget_ipython\b|\bexcepthook\b|set_custom_exc|input_transformers|\bevents\.register":
        "hooks into the kernel's execution",
    r"_getframe|\binspect\b|\bglobals\(\)|settrace|setprofile|displayhook":
        "reads or rewrites other code's variables or results",
    r"\b(exec|eval|compile)\(|fromhex|b64decode|\bcodecs\b|\bmarshal\b":
        "runs hidden or generated code",
    r"\bos\.(remove|unlink|rmdir|system|kill)|\bshutil\.|\bsubprocess\b|\bctypes\b":
        "deletes files or runs programs",
    r"\bcourse_lib\b": "calls the course library, which has its own versions of some answers "
                       "(compressed_root, odi_score, odi_band, triage, MME per day, taper plan)",
}


def _cells(nb) -> dict:
    return {grade_id(c): c for c in nb.cells if grade_id(c)}


def check_submission(folder: Path, release: Path) -> list[str]:
    """Findings for one submitted/<student>/<assignment>/ folder, worst first."""
    expected = folder / release.name
    if not expected.exists():
        found = sorted(p.name for p in folder.iterdir() if p.name != "timestamp.txt")
        return [f"no {release.name} (found: {', '.join(found) or 'nothing'}); if one of these "
                f"is the work, rename it and autograde this student again"]
    try:
        nb = nbformat.read(expected, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError, UnicodeDecodeError) as error:
        return [f"{release.name} is not a notebook ({type(error).__name__})"]
    findings = []
    given, original = _cells(nb), _cells(nbformat.read(release, as_version=4))
    for gid, cell in original.items():
        meta = cell.metadata["nbgrader"]
        if gid not in given:
            findings.append(f"deleted cell {gid}")
        elif meta.get("locked") and given[gid].source != cell.source:
            findings.append(f"edited locked cell {gid} (nbgrader restored it before grading)")
    extra = sorted(p.name for p in folder.iterdir()
                   if p.name not in (release.name, "timestamp.txt") and p.name[0] != ".")
    if extra:
        findings.append(f"extra files: {', '.join(extra)} (only the notebook should be graded; "
                        f"delete them and autograde this student again if in doubt)")
    locked = {gid for gid, cell in original.items() if cell.metadata["nbgrader"].get("locked")}
    for cell in nb.cells:
        gid = grade_id(cell)
        if cell.cell_type != "code" or gid in locked:
            continue
        for pattern, meaning in SUSPICIOUS.items():
            if re.search(pattern, cell.source):
                findings.append(f"{'answer ' + gid if gid else 'an added cell'} {meaning}: "
                                f"read it before trusting the grade")
    return findings


def _checks_that_did_not_run(autograded: Path) -> list[str]:
    """Test cells whose hidden checks never reported although the cell showed no error of its
    own: code elsewhere in the notebook changed how cells run."""
    nb = nbformat.read(autograded, as_version=4)
    return [f"the hidden checks of {grade_id(c)} did not run as written, with no error of "
            f"their own: code in the notebook changes how cells run; read it"
            for c in nb.cells if c.cell_type == "code" and any(
                o.output_type == "error" and o.ename == ERROR_NAME and o.evalue == DID_NOT_RUN
                for o in c.outputs)]


def report(course: Path) -> dict:
    """{(student, assignment): [findings]} for every submission that has any."""
    out = {}
    for folder in sorted((course / "submitted").glob("*/*")):
        release = course / "release" / folder.name / f"{folder.name}.ipynb"
        autograded = course / "autograded" / folder.parent.name / folder.name / release.name
        findings = check_submission(folder, release)
        if autograded.exists():
            findings = _checks_that_did_not_run(autograded) + findings
        elif (folder / release.name).exists() and not findings:
            findings = ["autograde failed: see its log"]
        if findings:
            out[(folder.parent.name, folder.name)] = findings
    return out



def format_report(findings: dict) -> str:
    lines = [f"{student}/{assignment}: {item}"
             for (student, assignment), items in findings.items() for item in items]
    return "\n".join(lines) or "Nothing to review."


def main(argv=None) -> None:
    """Print the report for a course root (default: the course's assignments/ folder)."""
    import sys
    args = argv if argv is not None else sys.argv[1:]
    course = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "assignments"
    print(format_report(report(course)))


if __name__ == "__main__":
    main()
