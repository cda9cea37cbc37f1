"""nbgrader's settings for every user of the class hub (students and instructors alike).

`make hub-env` installs this file as <environment>/etc/jupyter/nbgrader_config.py, one of the
folders nbgrader reads for everyone who runs the course environment (the /etc/jupyter of
nbgrader's JupyterHub guide, without touching the machine's /etc). The instructor's own course
folder adds the grading settings (assignments/nbgrader_config.py: the sandbox).
"""
import glob
import os
import pwd
import secrets
import shutil

import nbformat
from nbgrader.api import Gradebook
from nbgrader.auth import JupyterHubAuthPlugin
from nbgrader.exchange.abc.exchange import ExchangeError
from nbgrader.exchange.default import ExchangeCollect, ExchangeReleaseAssignment, ExchangeSubmit
from nbgrader.utils import parse_utc
from traitlets import Dict

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "fbss-course"

# The exchange: one folder on this server that every user can write (mode 1777: nbgrader's
# documented ugo+rwx, plus the sticky bit so nobody can rename or remove another user's folder
# in it). nbgrader then makes <course>/outbound readable by all, <course>/inbound writable but
# not listable, so a student cannot see, let alone open, another student's submission.
c.Exchange.root = os.environ.get("FBSS_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True
# A submission's time as students read it in their Assignments list: to the second, not
# nbgrader's default microseconds (a second submit within the same second is refused below).
c.Exchange.timestamp_format = "%Y-%m-%d %H:%M:%S %Z"

# Course membership comes from JupyterHub's groups: nbgrader-fbss-course (students) and
# formgrade-fbss-course (graders). A student sees only the courses of their groups.
c.Authenticator.plugin_class = JupyterHubAuthPlugin


FULL = ("Your submission was NOT handed in: the exchange has no room left ({error}). Your "
        "work is safe in your own folder. Tell your instructor, and submit again once they "
        "have made room.")


class SubmitWholeOrNothing(ExchangeSubmit):
    """nbgrader's submit, but a submission appears in the exchange whole or not at all, and
    nobody but its student can change it.

    Stock nbgrader copies straight into the inbound folder: a disk that fills during the copy
    leaves a partial submission there, which collect takes and autograde grades, and collect
    can copy a submission still being written. Here the copy is made under a hidden name (which
    nbgrader's collect never lists), completed, then renamed into place in one step; on an
    error it is removed and the student is told in words. The folder is left 0755, not 0777:
    nobody else can change it, even someone who learned its (random) name. Then the student's
    own cache copy, as nbgrader makes it."""

    def copy_files(self):
        self.init_release()
        self.check_filename_diff()
        name = self.assignment_filename
        cache = os.path.join(self.cache_path, name.rsplit("+", 1)[0] if self.add_random_string
                             else name)
        if os.path.exists(cache):       # timestamps count whole seconds
            raise ExchangeError(f"You submitted {self.coursedir.assignment_id} a moment ago "
                                f"({self.timestamp}); wait a second and submit again.")
        secret = secrets.token_hex(64)
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        hidden = os.path.join(self.inbound_path, "." + self.assignment_filename)
        try:
            self._write_submission(hidden, secret)
            os.rename(hidden, dest)
        except OSError as error:
            shutil.rmtree(hidden, ignore_errors=True)
            message = FULL.format(error=error.strerror or error)
            self.log.error(message)
            raise ExchangeError(message) from error
        os.chmod(dest, 0o755)
        os.makedirs(self.cache_path, exist_ok=True)
        self._write_submission(cache, secret)
        self.log.info("Submitted as: %s %s %s", self.coursedir.course_id,
                      self.coursedir.assignment_id, self.timestamp)

    def _write_submission(self, path: str, secret: str) -> None:
        self.do_copy(self.src_path, path)
        for name, text in (("timestamp.txt", self.timestamp),
                           ("submission_secret.txt", secret)):
            with open(os.path.join(path, name), "w") as f:
                f.write(text)
        self.set_perms(path, fileperms=0o644, dirperms=0o755)


class CollectOwnSubmissionsOnly(ExchangeCollect):
    """nbgrader's collect, but a submission whose folder was not made by the student it names
    is left out with a warning (stock nbgrader only warns and collects it: anyone could hand in
    work in another student's name)."""

    def init_src(self):
        super().init_src()
        pattern = os.path.join(self.inbound_path, f"*+{self.coursedir.assignment_id}+*")
        genuine = {}
        for path in glob.glob(pattern):
            record = self._path_to_record(path)
            try:
                owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
            except KeyError:
                owner = None
            if owner != record["username"]:
                self.log.warning("Not collected: %s names %s but was made by %s",
                                 path, record["username"], owner)
            elif self.coursedir.student_id in ("", "*", record["username"]):
                genuine.setdefault(record["username"], []).append(record)
        by_duedate = self.duedate is not None and self.before_duedate
        self.src_records = []
        for records in genuine.values():
            records = self._sort_by_timestamp(records)
            on_time = [r for r in records if by_duedate and r["timestamp"] <= self.duedate]
            self.src_records.append((on_time or records)[0])


def due_cell(due) -> nbformat.NotebookNode:
    """The due date as the first cell of a released notebook: nbgrader's Assignments list shows
    students none (its issue 943)."""
    return nbformat.v4.new_markdown_cell(
        f"**Due: {due:%A %d %B %Y, %H:%M} UTC.** Submit it from Nbgrader > Assignment List by "
        "then.")


class ReleaseWithDueDate(ExchangeReleaseAssignment):
    """nbgrader's release, which also sets the assignment's due date in the gradebook from the
    course's config (the formgrader then shows it instead of "None"; collect --before-duedate
    and autograde's late marks use it) and writes it at the top of each released notebook:

        c.ReleaseWithDueDate.duedates = {"anatomy_localization": "2027-01-15 17:00:00 UTC"}
    """

    duedates = Dict({}, help="assignment -> due date, as nbgrader reads it").tag(config=True)

    def copy_files(self):
        assignment = self.coursedir.assignment_id
        due = self.duedates.get(assignment)
        if due is not None:
            try:
                when = parse_utc(due)
            except (ValueError, OverflowError) as error:
                self.fail(f"The due date of {assignment} in nbgrader_config.py, {due!r}, is not a "
                          f"date ({error}); write it as \"2027-01-15 17:00:00 UTC\".")
        super().copy_files()
        if due is not None:
            with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
                gradebook.update_or_create_assignment(assignment, duedate=due)
            for path in glob.glob(os.path.join(self.dest_path, "**", "*.ipynb"), recursive=True):
                nb = nbformat.read(path, as_version=4)
                nb.cells.insert(0, due_cell(when))
                nbformat.write(nb, path)
            self.log.info("Due date of %s: %s", assignment, due)


c.ExchangeFactory.release_assignment = ReleaseWithDueDate
c.ExchangeFactory.submit = SubmitWholeOrNothing
c.ExchangeFactory.collect = CollectOwnSubmissionsOnly
