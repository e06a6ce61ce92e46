"""The exercise cells of a notebook, in nbgrader's format.

Each exercise is three new cells, tagged with nbgrader metadata so that nbgrader can
release and grade the notebooks unchanged:

1. a markdown cell with the task (locked);
2. the student's code cell, a function stub whose body sits between the markers
   `### BEGIN SOLUTION` and `### END SOLUTION` (nbgrader "solution" cell, grade_id exNN_name);
   as the student receives it, the body is `raise NotImplementedError()`, so the cell runs;
3. the check cell, `check("NN.name", fn)` (nbgrader "autograder tests" cell, locked, 1 point,
   grade_id exNN_name_check). It prints a verdict; under nbgrader it raises when wrong.

`fill_solutions` puts the reference's body between the markers: that is the instructor's
source version, and the "every solution filled in" test. Functions here take and return
nbformat NotebookNode objects; nothing here imports nbformat, so students need not have it.
"""

import ast
import copy
import inspect
import textwrap

from .registry import get

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = "raise NotImplementedError()"


def _nbgrader(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def exercise_cells(new_markdown_cell, new_code_cell, exercise_id, task_markdown, signature, docstring):
    """The three cells of an exercise (pass nbformat.v4's new_markdown_cell and new_code_cell).

    signature: "forward(x, w1, b1, w2, b2)"; docstring: the stub's docstring (shapes!).
    """
    exercise = get(exercise_id)
    doc = textwrap.indent(f'"""{inspect.cleandoc(docstring)}\n"""', "    ")
    stub = f"def {signature}:\n{doc}\n    {BEGIN}\n    {STUB}\n    {END}"
    name = signature.split("(")[0]
    return [
        new_markdown_cell(task_markdown, metadata=_nbgrader(exercise.grade_id + "_task", locked=True)),
        new_code_cell(stub, metadata=_nbgrader(exercise.grade_id, solution=True)),
        new_code_cell(f'check("{exercise_id}", {name})',
                      metadata=_nbgrader(exercise.grade_id + "_check", grade=True, locked=True, points=1)),
    ]


def find(nb):
    """{exercise id: (index of the solution cell, index of the check cell)} in notebook order."""
    found = {}
    ids = {}
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id", "")
        if meta.get("solution") and grade_id.startswith("ex"):
            ids[grade_id] = i
        elif meta.get("grade") and grade_id.endswith("_check") and grade_id[:-6] in ids:
            exercise_id = grade_id[2:4] + "." + grade_id[5:-6]
            found[exercise_id] = (ids[grade_id[:-6]], i)
    return found


def reference_body(exercise_id):
    """The reference function's body without its docstring, dedented (an exploration's: its worked answer)."""
    exercise = get(exercise_id)
    source = textwrap.dedent(inspect.getsource(getattr(exercise, "reference", None) or exercise.answer))
    func = ast.parse(source).body[0]
    body = func.body
    if isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    lines = source.splitlines()[body[0].lineno - 1:func.end_lineno]
    return textwrap.dedent("\n".join(lines))


def fill_solution(source, exercise_id):
    """A solution cell's source with the reference's body between the markers.

    In a released notebook (no markers: nbgrader left `# YOUR CODE HERE` and the stub) the
    body replaces those two lines, as a student would.
    """
    lines = source.splitlines()
    stripped = [line.strip() for line in lines]
    if BEGIN in stripped:
        begin, end = stripped.index(BEGIN), stripped.index(END)
        keep_before, keep_after = lines[: begin + 1], lines[end:]
    else:
        begin = end = stripped.index(STUB)
        if begin > 0 and stripped[begin - 1] == "# YOUR CODE HERE":
            begin -= 1
        keep_before, keep_after = lines[:begin], lines[end + 1:]
    indent = lines[end][: len(lines[end]) - len(lines[end].lstrip())]
    body = textwrap.indent(reference_body(exercise_id), indent)
    return "\n".join(keep_before + [body] + keep_after)


def fill_solutions(nb):
    """A copy of the notebook with every exercise's worked solution filled in."""
    nb = copy.deepcopy(nb)
    for exercise_id, (solution_index, _) in find(nb).items():
        cell = nb.cells[solution_index]
        cell.source = fill_solution(cell.source, exercise_id)
    return nb


IMPORT = "from nnlib.exercises import check, hint, solution  # checks your code, gives hints and worked solutions"


def insert_exercise(nb, after_cell_id, exercise_id, task_markdown, signature, docstring, v4):
    """Insert an exercise's cells after the cell with id after_cell_id (v4 = nbformat.v4).

    The first exercise of a notebook also gets the import cell, right after its task.
    Existing cells are untouched, so their ids (and other people's edits) survive merges.
    Returns the inserted cells.
    """
    index = next((i for i, c in enumerate(nb.cells) if c.get("id") == after_cell_id), None)
    if index is None:
        raise ValueError(f"no cell with id {after_cell_id!r} in the notebook")
    cells = exercise_cells(v4.new_markdown_cell, v4.new_code_cell, exercise_id, task_markdown, signature, docstring)
    nb.cells[index + 1:index + 1] = cells
    _place_import(nb, v4)
    return cells


def _place_import(nb, v4):
    """Keep exactly one import cell, right after the task of the notebook's first exercise."""
    imports = [c for c in nb.cells if c.cell_type == "code" and c.source == IMPORT]
    cell = imports[0] if imports else v4.new_code_cell(IMPORT)
    nb.cells = [c for c in nb.cells if c not in imports]
    first_task = next(i for i, c in enumerate(nb.cells)
                      if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").endswith("_task"))
    nb.cells.insert(first_task + 1, cell)
