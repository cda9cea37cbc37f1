"""The course notebooks in every user's home: at each start of their server, a notebook of the
course that is missing from ~/fbss-notebooks is copied there; one they already have is never
touched, so their answers and notes survive course updates and restarts.

The hub (root) runs this file as the user (`give_notebooks`), with only the user's rights: a
link or folder a student planted in their home can lead the copy nowhere it could not go anyway.
`make hub-env` installs this file and the notebooks into the course environment, which every
user can read. Only the standard library.

    python course_home.py SOURCE_FOLDER DEST_FOLDER     (as the user; prints what it copied)
"""
import asyncio
import os
import pwd
import shutil
import sys
from pathlib import Path

FOLDER = "fbss-notebooks"       # in the user's home
# where `make hub-env` installs this file and the notebooks, in the course environment
INSTALLED_SCRIPT, INSTALLED_NOTEBOOKS = "etc/fbss-hub/course_home.py", "share/fbss-course/notebooks"


def copy_missing(source: Path, dest: Path) -> list[str]:
    """Copy every file of `source` that `dest` lacks (a name taken by anything, even a broken
    link, counts as present); the names copied. Each copy is made under a hidden name and
    linked into place, so no half-written notebook is ever left under a course name."""
    if dest.exists() and not dest.is_dir():
        raise NotADirectoryError(f"~/{dest.name} is not a folder, so the course notebooks were "
                                 "not copied; rename it and start the server again")
    dest.mkdir(exist_ok=True)
    copied = []
    for path in sorted(source.iterdir()):
        target = dest / path.name
        if not path.is_file() or os.path.lexists(target):
            continue
        part = dest / f".{path.name}.copying"
        try:
            part.unlink(missing_ok=True)    # left by a copy that was stopped
            shutil.copyfile(path, part)
            os.link(part, target)           # never replaces: fails if the name appeared meanwhile
            copied.append(path.name)
        except FileExistsError:
            pass
        finally:
            part.unlink(missing_ok=True)
    return copied


async def give_notebooks(user: str, prefix: str, log) -> None:
    """Run this file, as installed in the course environment `prefix`, as `user` to copy the
    missing notebooks; a failure is logged, and the server starts all the same."""
    account = pwd.getpwnam(user)
    process = await asyncio.create_subprocess_exec(
        os.path.join(prefix, "bin", "python"), "-I", os.path.join(prefix, INSTALLED_SCRIPT),
        os.path.join(prefix, INSTALLED_NOTEBOOKS), os.path.join(account.pw_dir, FOLDER),
        user=account.pw_uid, group=account.pw_gid,
        extra_groups=os.getgrouplist(user, account.pw_gid), umask=0o077, cwd=account.pw_dir,
        env={"HOME": account.pw_dir, "LANG": "C.UTF-8"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output = (await process.communicate())[0].decode(errors="replace").strip()
    if process.returncode:
        log.warning("Course notebooks NOT copied for %s: %s", user, output)
    elif output:
        log.info("Course notebooks copied to %s's ~/%s: %s", user, FOLDER, output)


if __name__ == "__main__":
    try:
        print(" ".join(copy_missing(Path(sys.argv[1]), Path(sys.argv[2]))))
    except OSError as error:
        sys.exit(str(error))
