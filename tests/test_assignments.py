"""The instructor's side, end to end with nbgrader: release without solutions, then grade.

Needs nbgrader in .venv-instructor (`make test` installs it from requirements-instructor.txt;
set NBGRADER to use another). Graded here: notebook 01 for three sample students, one with
everything right, one with a typical mistake, one who handed in the blank release.
"""

import csv
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from nnlib.exercises import all_exercises
from nnlib.exercises.notebook import BEGIN, fill_solutions, find, reference_body

ROOT = Path(__file__).resolve().parents[1]
NBGRADER = Path(os.environ.get("NBGRADER", ROOT / ".venv-instructor" / "bin" / "nbgrader"))
sys.path.insert(0, str(ROOT / "instructor"))

# Building and grading runs nbgrader on whole notebooks (slow); in CI a missing nbgrader is a failure, not a skip.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not NBGRADER.exists() and not os.environ.get("CI"),
    reason=f"no nbgrader at {NBGRADER}: `make test` installs it (requirements-instructor.txt)")]

NB01 = "01_forward_and_loss.ipynb"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import assignments

    out = tmp_path_factory.mktemp("course")
    release = assignments.build(out, str(NBGRADER))
    return out, release


def test_release_has_every_notebook_without_solutions(built):
    _, release = built
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in release.glob("*.ipynb")) == notebooks
    found = {}
    for path in release.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for exercise_id, (solution, check) in find(nb).items():
            source = nb.cells[solution].source
            assert "raise NotImplementedError()" in source and BEGIN not in source
            first_line = reference_body(exercise_id).splitlines()[0].strip()
            assert first_line not in source, f"{exercise_id}: the release contains its solution"
            assert nb.cells[check].source.startswith(f'check("{exercise_id}"')
            found[exercise_id] = path.name
    assert set(found) == set(all_exercises())


def test_grading_gives_points_per_exercise(built, tmp_path):
    import assignments

    out, release = built
    submissions = tmp_path / "submissions"
    for student in ("alice", "bob", "carol"):
        (submissions / student).mkdir(parents=True)
    nbformat.write(fill_solutions(nbformat.read(release / NB01, as_version=4)), submissions / "alice" / NB01)
    shutil.copy(release / NB01, submissions / "carol" / NB01)
    mistaken = fill_solutions(nbformat.read(release / NB01, as_version=4))
    cell = mistaken.cells[find(mistaken)["01.forward"][0]]
    cell.source = cell.source.replace("a1 = 1 / (1 + np.exp(-z1))", "a1 = z1  # forgot the sigmoid")
    nbformat.write(mistaken, submissions / "bob" / NB01)

    with open(assignments.grade(out, str(NBGRADER), submissions)) as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    n_exercises = len(all_exercises())
    assert set(rows) == {"alice", "bob", "carol"}
    assert [float(rows[s]["01.forward"]) for s in ("alice", "bob", "carol")] == [1.0, 0.0, 0.0]
    assert [float(rows[s]["01.cross_entropy"]) for s in ("alice", "bob", "carol")] == [1.0, 1.0, 0.0]
    assert [float(rows[s]["total"]) for s in ("alice", "bob", "carol")] == [2.0, 1.0, 0.0]
    assert all(float(row["max"]) == n_exercises for row in rows.values())

    feedback = nbformat.read(out / "nbgrader" / "autograded" / "bob" / "course" / NB01, as_version=4)
    check_cell = feedback.cells[find(feedback)["01.forward"][1]]
    text = "".join(o.get("text", "") + o.get("evalue", "") for o in check_cell.outputs)
    assert "a missing activation" in text, text
