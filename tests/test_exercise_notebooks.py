"""Each notebook with exercises runs to the end with every worked solution filled in (every check
passes, in strict mode, where a failing check raises). Covers every notebook in notebooks/, whoever
wrote its exercises. As a student gets it (the stubs not filled in), each notebook runs under nbval,
where the root conftest.py asserts that every check cell says "not done yet".
"""

from pathlib import Path

import nbformat
import pytest
from nbexecute import execute

from nnlib.exercises import all_exercises, all_explorations
from nnlib.exercises.notebook import fill_solutions, find
from nnlib.exercises.verdict import STRICT_ENV

pytestmark = pytest.mark.slow  # each test runs whole notebooks: `make test` runs them, test-fast and test-min do not

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _exercise_ids(path):
    return list(find(nbformat.read(path, as_version=4)))


def _check_outputs(nb):
    """{exercise id: text its check cell printed}."""
    texts = {}
    for exercise_id, (_, check_index) in find(nb).items():
        outputs = nb.cells[check_index].get("outputs", [])
        texts[exercise_id] = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    return texts


def _run(nb, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv(STRICT_ENV, "1")
    execute(nb, ROOT / "notebooks", timeout=120)
    stderr = [o.get("text", "") for cell in nb.cells for o in cell.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not stderr, f"a cell wrote to stderr: {stderr[0][:500]}"
    return _check_outputs(nb)


def test_every_exercise_sits_in_its_notebook_once():
    in_notebooks = {}
    for path in NOTEBOOKS:
        for exercise_id in _exercise_ids(path):
            assert exercise_id.startswith(path.name[:2]), f"{exercise_id} sits in {path.name}"
            assert exercise_id not in in_notebooks, f"{exercise_id} is in {path.name} and {in_notebooks[exercise_id]}"
            in_notebooks[exercise_id] = path.name
    assert set(in_notebooks) == set(all_exercises()) | set(all_explorations())  # explorations: graded too


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if _exercise_ids(p)], ids=lambda p: p.name[:2])
def test_notebook_with_solutions(path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    solved = _run(fill_solutions(nb), monkeypatch)
    for exercise_id, text in solved.items():
        assert text.startswith(f"✅ {exercise_id} passed"), text
