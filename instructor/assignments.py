"""Release the notebooks without solutions, and grade submitted notebooks, with nbgrader.

    python instructor/assignments.py build                  # -> build/assignments/*.ipynb
    python instructor/assignments.py grade SUBMISSIONS      # -> build/grades.csv

Run with the course's Python (it reads the exercises from nnlib); nbgrader itself runs from
the instructor venv (`make assignments` / `make grade` create it from requirements-instructor.txt).

build: the notebooks in notebooks/ with every worked solution filled in between the
  `### BEGIN SOLUTION` / `### END SOLUTION` markers become nbgrader's source of one assignment,
  "course"; `nbgrader generate_assignment` strips the solutions again and records the check
  cells (locked, 1 point each) in the gradebook; the release is copied to build/assignments/.
grade: SUBMISSIONS/<student>/<notebook>.ipynb (any subset of the notebooks) are copied into
  nbgrader's submitted/ folder; `nbgrader autograde` runs them in a fresh kernel of the course's
  Python, with the locked check cells restored and checks in strict mode (a check that does not
  pass raises, so its cell earns 0 points); `nbgrader export` writes one row per student with
  the points of each exercise (instructor/export_plugin.py).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from nnlib.exercises.notebook import fill_solutions  # noqa: E402  (the repository's nnlib, not an installed one)
from nnlib.exercises.verdict import STRICT_ENV  # noqa: E402

ASSIGNMENT = "course"
CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "nn-course"
c.Execute.timeout = 120
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
"""


def _nbgrader(course, nbgrader, *args):
    """Run an nbgrader command in the course folder; the kernel it starts is the course's Python."""
    env = dict(os.environ, JUPYTER_PATH=str(course / "jupyter"), PYTHONPATH=str(ROOT / "instructor"),
               PATH=f"{Path(nbgrader).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run([nbgrader, *args], cwd=course, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"nbgrader {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def _kernel(course):
    """A kernel named python3 that runs the course's Python on this repository's nnlib, strictly."""
    spec = course / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (course, grading)", "language": "python",
        "env": {"PYTHONPATH": str(ROOT), STRICT_ENV: "1", "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"},
    }))


def build(out, nbgrader, notebooks=None):
    """Write the nbgrader course folder out/nbgrader and the release out/assignments."""
    course = out / "nbgrader"
    shutil.rmtree(course, ignore_errors=True)
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course)))
    _kernel(course)
    for path in notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nbformat.write(fill_solutions(nbformat.read(path, as_version=4)), source / path.name)
    _nbgrader(course, nbgrader, "generate_assignment", ASSIGNMENT, "--force")
    release = out / "assignments"
    shutil.rmtree(release, ignore_errors=True)
    shutil.copytree(course / "release" / ASSIGNMENT, release)
    print(f"release without solutions: {release} ({len(list(release.glob('*.ipynb')))} notebooks)")
    return release


def grade(out, nbgrader, submissions):
    """Autograde SUBMISSIONS/<student>/<notebook>.ipynb; write out/grades.csv and return its path."""
    course = out / "nbgrader"
    if not (course / "gradebook.db").exists():
        sys.exit(f"no gradebook in {course}: run `make assignments` (or the build command) first")
    submitted = course / "submitted"
    shutil.rmtree(submitted, ignore_errors=True)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    students = sorted(p for p in Path(submissions).iterdir() if p.is_dir())
    if not students:
        sys.exit(f"no student folders in {submissions}: expected {submissions}/<student>/<notebook>.ipynb")
    for student in students:
        target = submitted / student.name / ASSIGNMENT
        target.mkdir(parents=True)
        for notebook in student.glob("*.ipynb"):
            shutil.copy(notebook, target / notebook.name)
        _nbgrader(course, nbgrader, "autograde", ASSIGNMENT, "--student", student.name, "--force")
    csv_path = (out / "grades.csv").resolve()
    _nbgrader(course, nbgrader, "export", "--exporter=export_plugin.ExercisePoints", f"--to={csv_path}")
    print(f"points per exercise: {csv_path} ({len(students)} students)")
    return csv_path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "grade"])
    parser.add_argument("submissions", nargs="?", help="grade: folder of <student>/<notebook>.ipynb")
    parser.add_argument("--out", default=str(ROOT / "build"), help="output folder (default build/)")
    parser.add_argument("--nbgrader", default=str(ROOT / ".venv-instructor" / "bin" / "nbgrader"),
                        help="the nbgrader executable (default: the instructor venv's)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    if args.command == "build":
        build(out, args.nbgrader)
    elif not args.submissions:
        parser.error("grade needs the folder of submissions: grade SUBMISSIONS")
    else:
        grade(out, args.nbgrader, args.submissions)


if __name__ == "__main__":
    main()
