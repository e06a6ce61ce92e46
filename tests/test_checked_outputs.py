"""The `# NBVAL_CHECK_OUTPUT` cells are really compared (see tests/checked_outputs.py)."""

import json
import shutil
from pathlib import Path

import checked_outputs
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
pytest_plugins = ["pytester"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_checked_cell_has_a_stored_output_and_nothing_is_stale(notebook):
    nb = nbformat.read(notebook, as_version=4)
    checked = {cell.id for cell in nb.cells if checked_outputs.is_checked(cell)}
    stored = set(checked_outputs.load(notebook))
    assert checked - stored == set(), f"run `make refresh-outputs`: no stored output for cells {checked - stored}"
    assert stored - checked == set(), f"run `make refresh-outputs`: stored outputs of unmarked cells {stored - checked}"


def _project(pytester, cell_source, stored_text, more_cells=()):
    """A one-notebook copy of the project's test set-up, with one checked cell and its stored output."""
    shutil.copy(ROOT / "conftest.py", pytester.path / "conftest.py")
    tests = pytester.path / "tests"
    (tests / "reference_outputs").mkdir(parents=True)
    for name in ("checked_outputs.py", "nbval_sanitize.cfg"):
        shutil.copy(ROOT / "tests" / name, tests / name)
    (pytester.path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cell_source, id="checked1")]
    nb.cells += [nbformat.v4.new_code_cell(source, id=f"more{i}") for i, source in enumerate(more_cells)]
    nbformat.write(nb, pytester.path / "notebooks" / "tiny.ipynb")
    if stored_text is not None:
        stored = {"checked1": [{"name": "stdout", "output_type": "stream", "text": stored_text}]}
        (tests / "reference_outputs" / "tiny.json").write_text(json.dumps(stored))
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env",
                                         "notebooks/tiny.ipynb")


@pytest.mark.slow  # each case runs pytest and a kernel in a subprocess: `make test` runs them, test-fast does not
@pytest.mark.parametrize("source, stored, passes", [
    ("print(f'accuracy {0.920:.3f}')", "accuracy 0.920\n", True),
    ("print(f'accuracy {0.921:.3f}')", "accuracy 0.920\n", False),                 # a changed number fails
    ("print('one step: 12.31 ms, at 0x7f3a2c')", "one step: 0.85 ms, at 0x55d1e0\n", True),  # sanitised
    ("print('no stored output')", None, False),                                    # a new checked cell
])
def test_a_changed_printed_number_fails(pytester, source, stored, passes):
    result = _project(pytester, "# NBVAL_CHECK_OUTPUT\n" + source, stored)
    assert (result.ret == 0) == passes, result.stdout.str()[-2000:]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_cell_ids_are_kept(notebook):
    # Stored outputs and Things-to-try edits find cells by id. `nbstripout` without --keep-id renumbers them
    # 0, 1, 2, ... (and breaks merges of parallel notebook edits): use `make clean-notebooks`.
    ids = [cell.id for cell in nbformat.read(notebook, as_version=4).cells]
    assert not all(i.isdigit() for i in ids), "cell ids were renumbered: strip with `nbstripout --keep-id`"


LINE_STEP_STUB = "def line_step(w, b, x, y, lr):\n    raise NotImplementedError()\n"


@pytest.mark.slow  # as above
@pytest.mark.parametrize("solution, passes", [
    (LINE_STEP_STUB, True),                                              # as released: "not done yet"
    (LINE_STEP_STUB.replace("raise NotImplementedError()", "return w, b"), False),     # a wrong answer
    ("from nnlib.exercises import get\nline_step = get('00.line_step').reference\n", False),  # a finished one
])
def test_a_released_check_must_say_not_done_yet(pytester, solution, passes):
    """nbval runs the notebooks as released: each exercise's check cell must say "not done yet" there."""
    result = _project(pytester, "from nnlib.exercises import check", None,
                      [solution, 'check("00.line_step", line_step)'])
    assert (result.ret == 0) == passes, result.stdout.str()[-2000:]
    assert passes or "should say 'not done yet'" in result.stdout.str()
