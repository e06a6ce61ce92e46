"""Every notebook with exercises imports what its exercise text tells the student to call."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_check_hint_and_solution_are_imported_where_the_text_names_them(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    imported = {name for line in code.splitlines() if line.startswith("from nnlib.exercises import")
                for name in line.split("import", 1)[1].split("#")[0].replace(" ", "").split(",")}
    for name in ("check", "hint", "solution"):
        if f"{name}(" in text or f"{name}(" in code:
            assert name in imported, f"{path.name} tells the student to call {name}() but does not import it"
