"""Run a notebook with one "Things to try" item applied (used by tests/test_things_to_try.py).

    python tests/things_to_try.py ITEM_ID      # prints the outputs of the item's check cell
"""

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Item:
    """One "Things to try" item: the edits it asks for, and the claim its answer makes.

    edits: (cell id, old text, new text); the old text must occur exactly once in that cell.
    mentions: text that the notebook's "Things to try" cell must contain (the edit, as the student reads it).
    check: code run in a new cell at the end of the edited notebook: it asserts the item's claim.
    """
    id: str
    notebook: str
    edits: list
    mentions: list
    check: str = ""
    append: list = field(default_factory=list)  # code cells the item asks the student to add at the end
    expect: list = field(default_factory=list)  # text the added cells must print (the measured answer)


def notebook_path(prefix):
    return next((ROOT / "notebooks").glob(prefix + "_*.ipynb"))


def things_to_try_cell(nb):
    cells = [c for c in nb.cells if c.cell_type == "markdown" and "## Things to try" in c.source]
    assert len(cells) == 1, "expected one markdown cell with '## Things to try'"
    return cells[0]


def edited_notebook(item):
    nb = nbformat.read(notebook_path(item.notebook), as_version=4)
    text = things_to_try_cell(nb).source
    for m in item.mentions:  # compared with runs of white space collapsed (code may be indented in a list)
        assert " ".join(m.split()) in " ".join(text.split()), f"the Things to try cell should say {m!r}"
    cells = {c.id: c for c in nb.cells}
    for cell_id, old, new in item.edits:
        assert cell_id in cells, f"no cell with id {cell_id} in notebook {item.notebook}"
        source = cells[cell_id].source
        assert source.count(old) == 1, f"cell {cell_id} should contain {old!r} exactly once"
        cells[cell_id].source = source.replace(old, new)
    for code in item.append:
        nb.cells.append(nbformat.v4.new_code_cell(code))
    if item.check:
        nb.cells.append(nbformat.v4.new_code_cell(item.check))
    return nb


def run(item, timeout=300):
    """Execute the edited notebook; return it with outputs (raises on any error)."""
    return result(run_items([item], timeout)[item.id])


def result(outcome):
    """The executed notebook that run_items gave, or the error it gave instead, raised."""
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def run_items(items, timeout=300, notebook=None, figures=None):
    """{item id: its edited notebook, executed}, for items of one notebook, in one go (tests/nbfork.py).

    The notebook's cells up to an item's first edit run once for all items, and each item's own cells (the
    edited rest of the notebook, its added cells, its check) run in a forked copy of that state: what a
    fresh kernel running the edited notebook from the top computes, without computing it again per item.
    An item whose notebook fails gets a RuntimeError (with the cell and its traceback) instead: see result().
    notebook: the notebook's number ("02"), needed only when there are no items. figures: a list, to which the
    checks of every picture the notebook's own cells render are added (tests/figure_capture.py's records).
    """
    (notebook,) = {item.notebook for item in items} or {notebook}
    code = _code(nbformat.read(notebook_path(notebook), as_version=4))
    original = [c.source for c in code]
    edited = {item.id: edited_notebook(item) for item in items}
    variants = []
    for item_id, nb in edited.items():
        sources = [c.source for c in _code(nb)]
        at = next((i for i, (a, b) in enumerate(zip(original, sources)) if a != b), len(original))
        variants.append({"id": item_id, "at": at, "cells": sources[at:]})
    with tempfile.TemporaryDirectory() as folder:
        job, result = Path(folder) / "job.json", Path(folder) / "result.json"
        job.write_text(json.dumps({"cells": original, "ids": [c.id for c in code], "cwd": str(ROOT / "notebooks"),
                                   "timeout": timeout, "variants": variants, "check_figures": figures is not None,
                                   "name": f"{notebook}_"}))
        # One thread for NumPy's and torch's maths, as `make` sets: a forked child inherits no threads, and an
        # OpenMP pool that the shared cells started would leave the child waiting for them forever.
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        subprocess.run([sys.executable, str(Path(__file__).with_name("nbfork.py")), str(job), str(result)],
                       check=True, timeout=timeout * len(variants) + 60, env=env)
        outputs = json.loads(result.read_text())
    if figures is not None:
        figures.extend(outputs.pop("__figures__"))
    for item_id, nb in edited.items():
        cells = _code(nb)
        for cell, cell_outputs in zip(cells, outputs[item_id]):
            cell.outputs = [nbformat.from_dict(o) for o in cell_outputs]
        errors = [(i, o) for i, c in enumerate(cells) for o in c.outputs if o.output_type == "error"]
        if errors:
            i, error = errors[0]
            edited[item_id] = RuntimeError(f"{item_id}: code cell {i} raised {error.ename}: {error.evalue}\n"
                                           f"{cells[i].source[:500]}\n{''.join(error.traceback)[-3000:]}")
    return edited


_RUNS = {}  # notebook number -> (its items' executed notebooks, its figure records): one run per process


def notebook_run(notebook):
    """One run of a notebook for all its Things-to-try items and its figure checks (cached in this process).

    Returns ({item id: executed notebook or error}, [figure records]). The test suite's scheduler (conftest.py)
    sends a notebook's Things-to-try items and its figure test to the same worker, so the notebook runs once.
    """
    if notebook not in _RUNS:
        from test_things_to_try import ITEMS

        figures = []
        edited = run_items([i for i in ITEMS.values() if i.notebook == notebook], notebook=notebook, figures=figures)
        _RUNS[notebook] = edited, figures
    return _RUNS[notebook]


def added_output(item, nb):
    """The text printed by the cells the item added at the end (its `append` cells and its check)."""
    added = len(item.append) + bool(item.check)
    return "".join(o.get("text", o.get("data", {}).get("text/plain", ""))
                   for cell in nb.cells[len(nb.cells) - added:] for o in cell.outputs)


def stderr_of(nb):
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


if __name__ == "__main__":
    from test_things_to_try import ITEMS

    for item_id in sys.argv[1:]:
        nb = run(ITEMS[item_id])
        print(f"== {item_id}")
        print(added_output(ITEMS[item_id], nb))
        print("stderr:", stderr_of(nb) or "none")
