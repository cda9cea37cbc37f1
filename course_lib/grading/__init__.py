"""Instructor tooling for the course's nbgrader assignments: the grading sandbox, the demo
submissions and the tampering report. Imported by assignments/nbgrader_config.py and by
`make grade-demo`, never by the notebooks."""
