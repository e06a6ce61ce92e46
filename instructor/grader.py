"""Grade handed-in notebooks: only the exercise functions, each in a sandbox, judged by the grader.

For each student folder, each released notebook is matched to a handed-in file (`01_x (1).ipynb`
and `01_x-Copy1.ipynb` count as `01_x.ipynb`). Its exercise cells (found by their nbgrader
grade_id, never by position) run in the student's sandbox (sandbox.py) after the release's own
import lines; then `nnlib.exercises.run_check` judges each exercise function in this process, with
the release's check-cell points. The student's other cells, and their check cells, are never run.
An exploration is graded the same way: its answer cell defines a function that returns plain values,
(prediction, record) as `hand_in()` printed them, and the check reruns every setting of that record
in this process (a typed or edited record passes only if its settings really give the answer).

Writes into OUT (build/): grades.csv (this run's students; the previous file is kept in
history/), grades_canvas.csv with a roster, feedback/<student>/<notebook>.html and report.txt,
and report.txt for the class. Students are graded in parallel, one process per core.
"""

import ast
import concurrent.futures
import csv
import hashlib
import html
import inspect
import json
import multiprocessing
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import ChildDied, Sandbox, make_sandbox_tree

from nnlib.exercises import get, run_check
from nnlib.exercises.notebook import find

ROOT = Path(__file__).resolve().parents[1]
_COPY = re.compile(r"(\s*\(\d+\)|-Copy\d*|\s+copy(\s*\d+)?)+$", re.IGNORECASE)


@dataclass
class Released:
    """A released notebook: its import lines and, per exercise, the function name and points."""

    name: str
    preamble: list
    exercises: dict  # exercise id -> (function name, points)


def read_release(release_dir):
    """{notebook file name: Released} for the notebooks nbgrader released."""
    import nbformat
    released = {}
    for path in sorted(Path(release_dir).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        preamble = []
        for cell in nb.cells:
            if cell.cell_type != "code" or cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            preamble += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        exercises = {}
        for exercise_id, (_, check) in find(nb).items():
            call = ast.parse(nb.cells[check].source).body[0].value  # check("01.forward", forward)
            points = float(nb.cells[check].metadata["nbgrader"].get("points", 1))
            exercises[exercise_id] = (call.args[1].id, points)
        released[path.name] = Released(path.name, list(dict.fromkeys(preamble)), exercises)
    return released


def match_files(folder, released):
    """({notebook name: handed-in path}, [notes]) for one student's folder."""
    chosen, notes = {}, []
    files = sorted(p for p in Path(folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    by_number = {name[:2]: name for name in released}
    for path in files:
        stem = _COPY.sub("", path.stem)
        name = stem + ".ipynb" if stem + ".ipynb" in released else by_number.get(stem[:2]) if stem[:2].isdigit() \
            else None
        if name is None:
            notes.append(f"{path.name}: not a notebook of this course, ignored")
            continue
        exact = path.name == name
        if name in chosen:
            if exact and chosen[name].name != name:  # the exact name wins over a browser's "(1)" copy
                notes.append(f"{chosen[name].name}: ignored, {name} was handed in too")
                chosen[name] = path
            else:
                notes.append(f"{path.name}: ignored, {chosen[name].name} is graded as {name}")
            continue
        chosen[name] = path
        if not exact:
            notes.append(f"{path.relative_to(folder)}: graded as {name}")
    for name in released:
        if name not in chosen:
            notes.append(f"{name}: not handed in (0 points)")
    return chosen, notes


@dataclass
class StudentResult:
    student: str
    points: dict = field(default_factory=dict)      # exercise id -> points earned
    verdicts: dict = field(default_factory=dict)    # exercise id -> verdict text
    notes: list = field(default_factory=list)       # what went wrong, per notebook
    notebook_notes: dict = field(default_factory=dict)  # notebook name -> [notes]
    seconds: float = 0.0


def _cells(path, exercises):
    """{exercise id: the student's exercise cell source} (by grade_id), and notes on missing cells."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    by_grade_id = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution") and meta.get("grade_id"):
            source = cell.get("source", "")
            by_grade_id[meta["grade_id"]] = "".join(source) if isinstance(source, list) else str(source)
    cells, notes = {}, []
    for exercise_id in exercises:
        grade_id = get(exercise_id).grade_id
        if grade_id in by_grade_id:
            cells[exercise_id] = by_grade_id[grade_id]
        else:
            notes.append(f"{exercise_id}: its exercise cell is missing from the notebook (0 points)")
    return cells, notes


def _judge(exercise_id, proxy):
    """run_check in a helper thread: there nnlib's wall-clock alarm stays off, and the sandbox's CPU limit decides."""
    out = []

    def target():
        try:
            out.append(run_check(exercise_id, proxy))
        except BaseException as error:  # noqa: B036 -- reported as a grader problem for this exercise
            out.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return out[0]


def grade_student(folder, released, tree):
    """StudentResult for one folder of handed-in notebooks."""
    start = time.perf_counter()
    result = StudentResult(Path(folder).name)
    chosen, result.notes = match_files(folder, released)
    preload = [line for notebook in released.values() for line in notebook.preamble]
    if any("import torch" in inspect.getsource(get(e).reference)  # an exploration has no reference
           for notebook in released.values() for e in notebook.exercises if hasattr(get(e), "reference")):
        preload.append("import torch")
    sandbox = Sandbox(tree, dict.fromkeys(preload))
    try:
        for name, notebook in released.items():
            notes = result.notebook_notes.setdefault(name, [])
            for exercise_id in notebook.exercises:
                result.points[exercise_id] = 0.0
                result.verdicts[exercise_id] = "not handed in"
            if name not in chosen:
                notes.append("not handed in")
                continue
            try:
                cells, missing = _cells(chosen[name], notebook.exercises)
            except (ValueError, OSError, UnicodeDecodeError, AttributeError, TypeError) as error:
                notes.append(f"could not be read as a notebook ({type(error).__name__}); 0 points")
                result.notes.append(f"{name}: could not be read as a notebook (0 points)")
                continue
            notes += missing
            result.notes += [f"{name}: {m}" for m in missing]
            try:
                errors = sandbox.load(notebook.preamble, list(cells.items()))
            except ChildDied as died:
                note = f"its exercise cells stopped the grading process when they ran ({died}); 0 points"
                notes.append(note)
                result.notes.append(f"{name}: {note}")
                for exercise_id in cells:
                    result.verdicts[exercise_id] = "not graded: " + note
                continue
            for exercise_id, error in errors.items():
                notes.append(f"{exercise_id}: {error}")
                result.notes.append(f"{name}: {exercise_id}: {error}")
            for exercise_id, (function, points) in notebook.exercises.items():
                if exercise_id not in cells:
                    result.verdicts[exercise_id] = "its exercise cell is missing from the notebook"
                    continue
                limit = get(exercise_id).time_limit
                verdict = _judge(exercise_id, sandbox.function(function, limit))
                if isinstance(verdict, BaseException):
                    result.verdicts[exercise_id] = f"could not be graded ({type(verdict).__name__}); ask the instructor"
                    result.notes.append(f"{name}: {exercise_id}: the grader failed ({verdict!r:.200})")
                    continue
                result.verdicts[exercise_id] = verdict.text
                result.points[exercise_id] = points if verdict.passed else 0.0
    finally:
        sandbox.close()
    result.seconds = time.perf_counter() - start
    return result


def fingerprint(*folders):
    """sha256 over every file under the folders (names and contents), to prove nothing changed them."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------ writing the results


ROSTER_COLUMNS = ("name", "id", "sis_user_id", "sis_login_id", "section")


def read_roster(path):
    """{student folder: {name, id, ...}} from a CSV with a `student` column (the folder name)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "student" not in rows[0]:
        got = list(rows[0]) if rows else []
        raise SystemExit(f"roster {path}: expected a CSV with a 'student' column (the submission folder "
                         f"name) and optionally {', '.join(ROSTER_COLUMNS)}; got columns {got}")
    return {row["student"]: {c: row.get(c, "") for c in ROSTER_COLUMNS} for row in rows}


def _write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_grades(out, results, released, roster=None, merge=False, assignment="nn-course"):
    """out/grades.csv (and out/grades_canvas.csv with a roster); returns the grades.csv path."""
    out = Path(out)
    columns = [e for nb in released.values() for e in nb.exercises]
    maximum = sum(p for nb in released.values() for _, p in nb.exercises.values())
    extra = list(ROSTER_COLUMNS) if roster else []
    header = ["student", *extra, *columns, "total", "max"]
    rows = {}
    path = out / "grades.csv"
    if path.exists():
        history = out / "history"
        history.mkdir(exist_ok=True)
        kept = history / time.strftime("grades-%Y%m%d-%H%M%S.csv", time.localtime(path.stat().st_mtime))
        shutil.copy2(path, kept)
        print(f"the previous {path.name} is kept as {kept}")
        if merge:
            with open(path, newline="", encoding="utf-8") as f:
                rows = {row["student"]: row for row in csv.DictReader(f)}
            print(f"merging: {len(rows)} students of the previous run are kept unless graded again")
    for result in results:
        row = {"student": result.student, **{c: result.points.get(c, 0.0) for c in columns}}
        row["total"], row["max"] = sum(row[c] for c in columns), maximum
        rows[result.student] = row
    for student, row in rows.items():
        row.update((roster or {}).get(student, {}))
    _write_csv(path, header, [rows[s] for s in sorted(rows)])
    if roster:
        canvas = out / "grades_canvas.csv"
        title = f"{assignment} exercises"
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
        lines = [{"Student": "Points Possible", title: maximum}]
        for student in sorted(rows):
            person = roster.get(student)
            if person is None:
                continue
            lines.append({"Student": person["name"], "ID": person["id"], "SIS User ID": person["sis_user_id"],
                          "SIS Login ID": person["sis_login_id"], "Section": person["section"],
                          title: rows[student]["total"]})
        _write_csv(canvas, header, lines)
        print(f"Canvas gradebook import: {canvas}")
    return path


_STYLE = ("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
          "pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em;margin:0}td,th{vertical-align:top;"
          "padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}table{border-collapse:collapse}")


def write_feedback(out, result, released):
    """out/feedback/<student>/<notebook>.html (one per released notebook) and report.txt."""
    folder = Path(out) / "feedback" / result.student
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, notebook in released.items():
        got = sum(result.points[e] for e in notebook.exercises)
        most = sum(p for _, p in notebook.exercises.values())
        rows = "".join(f"<tr><td>{html.escape(e)}</td><td>{result.points[e]:g} / {p:g}</td>"
                       f"<td><pre>{html.escape(result.verdicts[e])}</pre></td></tr>"
                       for e, (_, p) in notebook.exercises.items())
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notebook_notes.get(name, []))
        page = (f"<!doctype html><meta charset='utf-8'><title>{html.escape(name)}: {html.escape(result.student)}"
                f"</title><style>{_STYLE}</style><h1>{html.escape(name)}</h1><p>Student: "
                f"{html.escape(result.student)}. <b>Points: {got:g} of {most:g}</b></p>"
                + (f"<ul>{notes}</ul>" if notes else "")
                + f"<table><tr><th>exercise</th><th>points</th><th>verdict</th></tr>{rows}</table>")
        (folder / (Path(name).stem + ".html")).write_text(page, encoding="utf-8")
    total = sum(result.points.values())
    most = sum(p for nb in released.values() for _, p in nb.exercises.values())
    lines = [f"{result.student}: {total:g} of {most:g} points"] + [f"- {n}" for n in result.notes]
    (folder / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def grade_class(submissions, release_dir, out, roster=None, merge=False, jobs=None):
    """Grade every SUBMISSIONS/<student>/ folder; write grades, feedback and reports. Returns the results."""
    out = Path(out)
    folders = sorted(p for p in Path(submissions).iterdir() if p.is_dir())
    roster = read_roster(roster) if roster else None
    if not folders and not roster:
        raise SystemExit(f"no student folders in {submissions}: expected {submissions}/<student>/<notebook>.ipynb")
    released = read_release(release_dir)
    if not released:
        raise SystemExit(f"no released notebooks in {release_dir}: run `make assignments` first")
    guarded = (ROOT / "nnlib", ROOT / "instructor")
    before = fingerprint(*guarded)
    tree = make_sandbox_tree(ROOT / "nnlib")
    tree_before = fingerprint(tree)
    jobs = jobs or os.cpu_count() or 1
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results = list(pool.map(grade_student, folders, [released] * len(folders), [tree] * len(folders)))
        if fingerprint(*guarded) != before or fingerprint(tree) != tree_before:
            raise SystemExit("nnlib/, instructor/ or the sandbox's copy of nnlib changed while grading: these "
                             "grades cannot be trusted and were not written. Restore the files (git status) "
                             "and grade again.")
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    for student in sorted(set(roster or ()) - {r.student for r in results}):
        empty = StudentResult(student, notes=["no folder handed in (0 points)"])
        for notebook in released.values():
            for exercise_id in notebook.exercises:
                empty.points[exercise_id], empty.verdicts[exercise_id] = 0.0, "not handed in"
        results.append(empty)
    for result in results:
        write_feedback(out, result, released)
    path = write_grades(out, results, released, roster, merge)
    lines = []
    for result in sorted(results, key=lambda r: r.student):
        lines.append(f"{result.student}: {sum(result.points.values()):g} points")
        lines += [f"    {n}" for n in result.notes]
        if roster and result.student not in roster:
            lines.append("    not on the roster")
    (out / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"graded {len(folders)} students: {path}; feedback in {out / 'feedback'}; problems in {out / 'report.txt'}")
    return results
