"""Instructor tooling for the course's nbgrader assignments: the grading sandbox, hidden checks
judged outside the student's kernel, the output budget, the demo submissions, the tampering
report, and grading a whole class in parallel with its class report. Imported by
assignments/nbgrader_config.py, by `make grade`, `make grade-demo` and by the hidden tests of
the assignments' source notebooks; never by the course notebooks."""
