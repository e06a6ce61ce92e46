"""How long grading a class takes: a generated class, graded as `make grade` does.

    python benchmarks/grade_class.py [--students 100] [--jobs N]

Builds the practice release (nbgrader, from .venv-instructor) into a temporary folder, then
generates the class from the released notebooks: students take turns being all correct, half
done (every other exercise), blank, or all correct with one notebook's cells broken, each
handing in all 14 notebooks. Prints seconds per student and the total; appends a line to
benchmarks/results/grade_class.csv.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "instructor")]

import assignments  # noqa: E402
import grader  # noqa: E402

from nnlib.exercises.notebook import fill_solutions, find  # noqa: E402


def student_notebooks(release, kind):
    for path in sorted(release.glob("*.ipynb")):
        blank = nbformat.read(path, as_version=4)
        filled = fill_solutions(blank)
        if kind == "blank":
            yield path.name, blank
        elif kind == "half":
            for i, (cell, _) in enumerate(find(filled).values()):
                if i % 2:
                    filled.cells[cell].source = blank.cells[cell].source
            yield path.name, filled
        elif kind == "broken" and path.name.startswith("04"):
            for cell, _ in find(filled).values():
                filled.cells[cell].source += "\n1 / 0\n"
            yield path.name, filled
        else:
            yield path.name, filled


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=None, help="default: all cores")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="grade-class-"))
    release = assignments.build(work / "build", str(ROOT / ".venv-instructor" / "bin" / "nbgrader"))
    kinds = ["correct", "half", "blank", "broken"]
    for i in range(args.students):
        folder = work / "handed_in" / f"student{i:03d}"
        folder.mkdir(parents=True)
        for name, nb in student_notebooks(release, kinds[i % len(kinds)]):
            nbformat.write(nb, folder / name)
    start = time.perf_counter()
    results = grader.grade_class(work / "handed_in", work / "build" / "nbgrader" / "release" / "course",
                                 work / "build", jobs=args.jobs)
    total = time.perf_counter() - start
    jobs = args.jobs or os.cpu_count()
    per_student = sorted(r.seconds for r in results)
    print(f"{len(results)} students, {jobs} processes: {total:.0f} s in all, {total / len(results):.2f} s per "
          f"student (wall); one student takes {per_student[len(per_student) // 2]:.1f} s (median, in its worker)")
    out = ROOT / "benchmarks" / "results" / "grade_class.csv"
    new = not out.exists()
    with open(out, "a", newline="") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(["date", "students", "jobs", "total_s", "s_per_student", "median_student_s"])
        writer.writerow([time.strftime("%Y-%m-%d %H:%M"), len(results), jobs, f"{total:.1f}",
                         f"{total / len(results):.2f}", f"{per_student[len(per_student) // 2]:.1f}"])


if __name__ == "__main__":
    main()
