"""The class report: how the class did on one assignment, as a figure beside the export.

Left, the distribution of the autograded points; right, each autograded test cell's pass rate
(full points), hardest first, so the question the class did not understand stands on top.
Everything comes from nbgrader's gradebook, whichever database holds it.
"""
from pathlib import Path

from matplotlib.figure import Figure

BAR_COLOUR = "#0072B2"   # Okabe-Ito blue; the numbers are written on the bars as well


def autograded_scores(gradebook, assignment: str) -> tuple[dict, dict]:
    """({student: {cell: points or None if not graded}}, {cell: maximum}) for the assignment's
    autograded test cells (grade cells that are not answers), in notebook order."""
    maxima = {}
    for notebook in gradebook.find_assignment(assignment).notebooks:
        answers = {cell.name for cell in notebook.solution_cells}
        maxima.update({cell.name: cell.max_score for cell in notebook.grade_cells
                       if cell.name not in answers})
    scores = {submission.student.id: {grade.name: grade.auto_score
                                      for notebook in submission.notebooks
                                      for grade in notebook.grades if grade.name in maxima}
              for submission in gradebook.assignment_submissions(assignment)}
    return scores, maxima


def write(gradebook, assignment: str, path: Path) -> Path:
    """Draw the class report of one assignment into a PNG file."""
    scores, maxima = autograded_scores(gradebook, assignment)
    students = sorted(scores)
    totals = [sum(scores[s].get(cell) or 0 for cell in maxima) for s in students]
    passed = {cell: sum(scores[s].get(cell) == maximum for s in students)
              for cell, maximum in maxima.items()}
    hardest = sorted(maxima, key=lambda cell: passed[cell])

    figure = Figure(figsize=(11, 0.9 + 0.45 * max(len(maxima), 6)), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1, 1.2])
    best = sum(maxima.values())
    left.hist(totals, bins=[x - 0.5 for x in range(int(best) + 2)], color=BAR_COLOUR,
              edgecolor="white")
    left.set(title="Autograded points", xlabel=f"points (of {best:g})",
             ylabel="students", xlim=(-0.5, best + 0.5))
    left.yaxis.get_major_locator().set_params(integer=True)

    rates = [100 * passed[cell] / max(len(students), 1) for cell in hardest]
    labels = [f"{cell} ({maxima[cell]:g} pts)" for cell in hardest]
    right.barh(labels[::-1], rates[::-1], color=BAR_COLOUR)
    for y, (cell, rate) in enumerate(zip(hardest[::-1], rates[::-1])):
        right.text(rate + 1, y, f"{passed[cell]} of {len(students)}", va="center")
    right.set(title="Full points per test cell, hardest on top", xlabel="% of submissions",
              xlim=(0, 118), xticks=range(0, 101, 20))
    figure.suptitle(f"{assignment}: {len(students)} submissions")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    return path
