"""`make hub`: a demo class on 127.0.0.1 for an instructor who wants to try the hub.

Creates an instructor and three demo students as Unix accounts (as root), gives the instructor
the course, releases every assignment, prints the address and the logins, and waits. Ctrl+C
stops the hub and its servers and removes the demo accounts with their homes.
"""
import os
import signal
import sys

from classhub import COURSE_ID, ClassHub, course_assignments
from course_home import FOLDER

INSTRUCTOR = "fbss-instructor"
STUDENTS = ["fbss-student1", "fbss-student2", "fbss-student3"]
ENDINGS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)     # Ctrl+C, kill, a closed terminal


def end(*_):
    """Stop at the first ending signal, even during set-up; later ones wait for the clean-up."""
    for ending in ENDINGS:
        signal.signal(ending, signal.SIG_IGN)
    raise KeyboardInterrupt


def main() -> int:
    if os.geteuid() != 0:
        print("make hub creates Unix accounts for the demo class and must run as root "
              "(sudo make hub).", file=sys.stderr)
        return 1
    port = int(os.environ.get("HUB_PORT", "8000"))
    prefix = os.environ.get("HUB_PREFIX", "/opt/fbss-course")
    for ending in ENDINGS:
        signal.signal(ending, end)
    print("Starting the demo class hub (accounts, course, assignments) ...", flush=True)
    try:
        with ClassHub(INSTRUCTOR, STUDENTS, prefix=prefix, port=port) as hub:
            hub.release(course_assignments())
            print(f"""
The demo class hub is running: {hub.url}/

  instructor  {INSTRUCTOR}
  students    {', '.join(STUDENTS)}
  password    {hub.password}   (every demo login; a real class logs in with its own
                                accounts' passwords)

The instructor's course is ~/{COURSE_ID} (nbgrader's course root); every assignment is
released, due {hub.duedate}. Everyone's JupyterLab opens on the course notebooks
(~/{FOLDER}). Students: Nbgrader > Assignment List in JupyterLab. Instructor:
Grading > Formgrader opens it in a browser tab of its own, {hub.url}/hub/user-redirect/formgrader/ (JupyterHub
forbids showing it inside JupyterLab).

Hub log: {hub.log_path}
Press Ctrl+C to stop the hub and remove the demo accounts.""", flush=True)
            signal.pause()
    except KeyboardInterrupt:
        pass
    print("\nStopped; the demo accounts and their homes are removed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
