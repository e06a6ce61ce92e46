"""The README's two instructor commands, exactly as written, in a fresh clone of this repository.

The clone is the working tree as it is (a `git clone`, then the tracked and not-ignored files copied
over it, so uncommitted edits are tested too). To stay affordable it reuses this checkout's two
virtual environments: `.venv` and `.venv-instructor` are symlinks in the clone, and the clone's
requirement files are dated back so that make finds both environments already set up (as it
would after a first `make`). Nothing else is prepared: the commands are the README's.
"""

import csv
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from nnlib.exercises.notebook import fill_solutions

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (ROOT / ".venv-instructor" / "bin" / "nbgrader").exists() and not os.environ.get("CI"),
    reason="no .venv-instructor with nbgrader: `make test` installs it")]


def _readme_command(start):
    """The README line of the instructors' block that starts with `start`, without its comment."""
    section = (ROOT / "README.md").read_text().split("## For instructors", 1)[1]
    lines = [line.split("#")[0].strip() for line in section.splitlines() if line.startswith(start)]
    assert len(lines) == 1, f"the README's instructor section should hold one `{start} ...` line, got {lines}"
    return shlex.split(lines[0])


def _fresh_clone(dest):
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(dest)], check=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, target = ROOT / name, dest / name
        if source.is_file() and not source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif not source.exists() and target.exists():
            target.unlink()  # deleted in the working tree, not yet committed
    for venv in (".venv", ".venv-instructor"):
        (dest / venv).symlink_to(ROOT / venv)
    long_ago = 946684800  # 2000-01-01: older than the environments' "installed" stamps
    for name in ("requirements.txt", "requirements-instructor.txt", "pyproject.toml"):
        os.utime(dest / name, (long_ago, long_ago))


def test_readme_instructor_commands_work_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    _fresh_clone(clone)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "VENV", "INSTRUCTOR_VENV", "PYTEST"))}

    assignments = _readme_command("make assignments")
    done = subprocess.run(assignments, cwd=clone, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "PRACTICE release" in done.stdout
    release = clone / "build" / "assignments"

    grade = _readme_command("make grade")
    folder = clone / grade[-1].split("=", 1)[1]
    name = "01_forward_and_loss.ipynb"
    for student in ("alice", "bob", "carol", "dave"):
        (folder / student).mkdir(parents=True)
    solved = fill_solutions(nbformat.read(release / name, as_version=4))
    nbformat.write(solved, folder / "alice" / name)                                 # everything right
    shutil.copy(release / name, folder / "bob" / "01_forward_and_loss (1).ipynb")   # blank, renamed by a browser
    forward = next(c for c in solved.cells if c.source.startswith("def forward("))
    forward.source = "def check(*args, **kwargs):\n    print('passed')\n\ndef forward(x, w1, b1, w2, b2):\n    return 0\n"
    nbformat.write(solved, folder / "carol" / name)                                 # a cheat, right cross-entropy
    forward.source = "import os\nos._exit(1)\n"
    nbformat.write(solved, folder / "dave" / name)                                  # a cell that kills the kernel
    # Notebook 02 with its exploration: alice's worked answer, and erin's forged record (the exercises right).
    (folder / "erin").mkdir()
    bowl = "02_gradient_descent.ipynb"
    solved = fill_solutions(nbformat.read(release / bowl, as_version=4))
    nbformat.write(solved, folder / "alice" / bowl)
    answer = next(c for c in solved.cells if c.source.startswith("def answer_lr("))
    answer.source = ("def answer_lr():\n    return 2.0, [{'lr': 1.58489, 'momentum': 0.0}, "
                     "{'lr': 2.51189, 'momentum': 0.0, 'regime': 'converges'}]\n")
    nbformat.write(solved, folder / "erin" / bowl)
    done = subprocess.run(grade, cwd=clone, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    with open(clone / "build" / "grades.csv") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    # A cell that ends the process costs its notebook's points (the README says so); nobody else's.
    assert {s: float(r["total"]) for s, r in rows.items()} == {"alice": 5.0, "bob": 0.0, "carol": 1.0, "dave": 0.0,
                                                               "erin": 2.0}
    assert float(rows["alice"]["02.largest_lr"]) == 1.0 and float(rows["erin"]["02.largest_lr"]) == 0.0
    assert float(rows["carol"]["01.forward"]) == 0.0 and float(rows["carol"]["01.cross_entropy"]) == 1.0
    assert (clone / "build" / "feedback" / "alice" / "01_forward_and_loss.html").exists()
