"""What the sandbox leaves in a graded folder for nbgrader, which runs unsandboxed, and for the
formgrader, which serves the folder's files from the instructor's Jupyter session."""
import logging
import os

from course_lib.grading import sandbox


def test_cleanup_keeps_the_work_and_removes_pages_links_and_bulk(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "FOLDER_BUDGET", 1000)
    files = {"work.ipynb": 5000, "timestamp.txt": 30, "data.csv": 400, "plot.png": 400,
             "page.html": 10, "sub/drawing.svg": 10, "sub/more.csv": 400}
    for name, size in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    os.symlink("/etc/passwd", tmp_path / "link.txt")
    sandbox.sanitize_tree(str(tmp_path), logging.getLogger("test"))
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    kept_data = [name for name in left if name.endswith((".csv", ".png"))]
    assert {"work.ipynb", "timestamp.txt"} <= set(left)          # always kept, however large
    assert not [name for name in left if name.endswith((".html", ".svg", "link.txt"))]
    assert len(kept_data) == 2                                    # 3 x 400 bytes > 1000
