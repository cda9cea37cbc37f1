"""What a hostile student of the class hub tries against another student and the instructor:
shared by the end-to-end test (tests/test_hub.py) and the load test (tests/load/run.py)."""
import json
import pwd
from pathlib import Path

COURSE_ID = "fbss-course"


def home(name: str) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


def hostile_attempts(hub, hostile: str, victim: str, instructor: str, assignment: str) -> dict:
    """{attempt: whether it worked}, after the victim has submitted and the hostile student has
    fetched; the forged submission is the hostile student's own notebook in the victim's name,
    dated after the genuine one."""
    inbound = hub.exchange / COURSE_ID / "inbound"
    genuine = next(inbound.glob(f"{victim}+{assignment}+*"))        # as if its name had leaked
    answers = home(victim) / COURSE_ID / assignment / f"{assignment}.ipynb"
    forged = inbound / f"{victim}+{assignment}+2099-01-01 00:00:00.000000 UTC+forged"
    code = f"""
import json, os, shutil, urllib.request
done = {{}}
def tried(what, action):
    try:
        action()
        done[what] = True
    except OSError:
        done[what] = False
tried("list another home", lambda: os.listdir({str(home(victim))!r}))
tried("read another's answers", lambda: open({str(answers)!r}).read())
tried("list the inbound submissions", lambda: os.listdir({str(inbound)!r}))
tried("read the instructor's course", lambda: os.listdir({str(home(instructor) / COURSE_ID)!r}))
tried("write into another's submission",
      lambda: open({str(genuine / "extra.txt")!r}, "w").write("x"))
tried("replace another's notebook",
      lambda: open({str(genuine / f"{assignment}.ipynb")!r}, "w").write("{{}}"))
def forge():
    os.mkdir({str(forged)!r})
    shutil.copy({str(home(hostile) / COURSE_ID / assignment / f"{assignment}.ipynb")!r},
                {str(forged)!r})
    open({str(forged / "timestamp.txt")!r}, "w").write("2099-01-01 00:00:00.000000 UTC")
tried("read another's submission", lambda: open({str(genuine / f"{assignment}.ipynb")!r}).read())
tried("forge a submission folder", forge)
print(json.dumps(done))
"""
    found = json.loads(hub.run_as(hostile, "python", "-c", code).stdout)
    token = hub.token(hostile)
    for what, path in [("the instructor's formgrader", f"/user/{instructor}/formgrader/api/assignments"),
                       ("the instructor's files", f"/user/{instructor}/api/contents/{COURSE_ID}"),
                       ("a formgrader of one's own", f"/user/{hostile}/formgrader/api/assignments"),
                       ("another student's server", f"/user/{victim}/api/contents")]:
        status, _ = hub.request(path, token)
        found[f"call {what}"] = status == 200
    return found


def reached(found: dict) -> list[str]:
    """The attempts that reached something they must not. Making a folder in the inbound
    (writable by all, as nbgrader needs) is not one: it is never collected. Reading a
    submission is possible only with its secret random name."""
    return [what for what, done in found.items() if done and what not in
            ("forge a submission folder", "read another's submission")]
