"""Release the notebooks without solutions (nbgrader), and grade handed-in notebooks (grader.py).

    python instructor/assignments.py build [--mode practice|graded] [--hints 0|1]  # -> build/assignments/
    python instructor/assignments.py grade SUBMISSIONS [--roster R.csv] [--merge]  # -> build/grades.csv

Run with the course's Python (it reads the exercises from nnlib); nbgrader itself runs from
the instructor venv (`make assignments` / `make grade` create it from requirements-instructor.txt).

build: the notebooks in notebooks/ with every worked solution filled in between the
  `### BEGIN SOLUTION` / `### END SOLUTION` markers become nbgrader's source of one assignment,
  "course"; `nbgrader generate_assignment` strips the solutions again (the gradebook in
  build/nbgrader is kept); the release is copied to build/assignments/. In graded mode the release
  also holds nnlib/ without worked solutions, which the notebooks import from their own folder.
grade: instructor/grader.py runs each student's exercise functions in a sandbox and judges them
  with nnlib's checks in its own process, from nbgrader's release of the notebooks.
"""

import argparse
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from nnlib.exercises.notebook import fill_solutions  # noqa: E402  (the repository's nnlib, not an installed one)

sys.path.insert(0, str(ROOT / "instructor"))
from grader import grade_class  # noqa: E402
from sandbox import strip_solutions  # noqa: E402

ASSIGNMENT = "course"
CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "nn-course"
c.Execute.timeout = 120
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
"""


def _nbgrader(course, nbgrader, *args):
    """Run an nbgrader command in the course folder; the kernel it starts is the course's Python."""
    nbgrader = str(Path(nbgrader).resolve()) if os.sep in str(nbgrader) else nbgrader  # runs from the course folder
    env = dict(os.environ, PATH=f"{Path(nbgrader).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run([nbgrader, *args], cwd=course, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"nbgrader {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


GRADED_CHECK = ("print(f'⏳ {exercise_id}: this is a graded assignment, so your function is checked when your '\n"
                "      'notebook is graded (run the cell anyway: it must define the function).')")
GRADED_SOLUTION = "print(f'{exercise_id}: no worked solution in a graded assignment.')"


def _replace_body(path, name, statement):
    """In the file at path, make the top-level function `name` run `statement` only."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            node.body = ast.parse(statement).body
            break
    else:
        raise ValueError(f"{path}: no function {name} to replace")
    path.write_text(ast.unparse(tree) + "\n")


def graded_package(release, hints):
    """release/nnlib: nnlib without worked solutions; check() says it runs at grading time."""
    target = release / "nnlib"
    shutil.copytree(ROOT / "nnlib", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    strip_solutions(target, hints=hints)
    _replace_body(target / "exercises" / "__init__.py", "check", GRADED_CHECK)
    _replace_body(target / "exercises" / "help.py", "solution", GRADED_SOLUTION)
    _replace_body(target / "exercises" / "help.py", "solution_source", "return ''")
    if not hints:
        _replace_body(target / "exercises" / "help.py", "hint", "print(f'{exercise_id}: no hints in this assignment.')")


def build(out, nbgrader, notebooks=None, mode="practice", hints=True):
    """Write the nbgrader course folder out/nbgrader and the release out/assignments.

    mode "practice": the notebooks, hints and worked solutions (students use the course's nnlib).
    mode "graded": the notebooks plus out/assignments/nnlib, a copy without worked solutions
    (and without hints if hints=False), which the notebooks import from their own folder.
    """
    if mode not in ("practice", "graded"):
        raise SystemExit(f"MODE must be practice or graded, got {mode!r}")
    course = out / "nbgrader"
    source = course / "source" / ASSIGNMENT
    shutil.rmtree(source, ignore_errors=True)  # the gradebook and earlier submissions stay
    source.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course)))
    for path in notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nbformat.write(fill_solutions(nbformat.read(path, as_version=4)), source / path.name)
    _nbgrader(course, nbgrader, "generate_assignment", ASSIGNMENT, "--force")
    release = out / "assignments"
    if release.exists():
        print(f"replacing the previous release in {release}")
        shutil.rmtree(release)
    shutil.copytree(course / "release" / ASSIGNMENT, release)
    if mode == "graded":
        graded_package(release, hints)
    what = ("PRACTICE release: hints and worked solutions (solution(id)) available" if mode == "practice" else
            f"GRADED release: no worked solutions, {'with' if hints else 'without'} hints; hand out the whole "
            "folder (the notebooks import its nnlib/)")
    (release / "RELEASE.txt").write_text(what + "\n")
    print(f"{what}\n{release} ({len(list(release.glob('*.ipynb')))} notebooks)")
    return release


def grade(out, nbgrader, submissions, roster=None, merge=False, jobs=None):
    """Grade SUBMISSIONS/<student>/<notebook>.ipynb (grader.py); write out/grades.csv and return its path."""
    release = out / "nbgrader" / "release" / ASSIGNMENT
    if not list(release.glob("*.ipynb")):
        print(f"no release in {release}: building the practice release first")
        build(out, nbgrader)
    if not Path(submissions).is_dir():
        sys.exit(f"SUBMISSIONS={submissions} is not a folder: expected {submissions}/<student>/<notebook>.ipynb")
    grade_class(submissions, release, out, roster=roster, merge=merge, jobs=jobs)
    return out / "grades.csv"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "grade"])
    parser.add_argument("submissions", nargs="?", help="grade: folder of <student>/<notebook>.ipynb")
    parser.add_argument("--out", default=str(ROOT / "build"), help="output folder (default build/)")
    parser.add_argument("--mode", default="practice", choices=["practice", "graded"], help="build: the release mode")
    parser.add_argument("--hints", default="1", choices=["0", "1"], help="build --mode graded: keep hints (1) or not")
    parser.add_argument("--roster", default=None, help="grade: CSV with student (folder), name, id, sis_user_id, ...")
    parser.add_argument("--merge", action="store_true", help="grade: keep earlier students of grades.csv")
    parser.add_argument("--jobs", type=int, default=None, help="grade: students graded at once (default: all cores)")
    parser.add_argument("--nbgrader", default=str(ROOT / ".venv-instructor" / "bin" / "nbgrader"),
                        help="the nbgrader executable (default: the instructor venv's)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    if args.command == "build":
        build(out, args.nbgrader, mode=args.mode, hints=args.hints == "1")
    elif not args.submissions:
        parser.error("grade needs the folder of submissions: grade SUBMISSIONS")
    else:
        grade(out, args.nbgrader, args.submissions, roster=args.roster, merge=args.merge, jobs=args.jobs)


if __name__ == "__main__":
    main()
