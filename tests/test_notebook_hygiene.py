"""Notebooks are committed clean: no outputs, no execution counts, the standard kernel.

Stored outputs go stale, bloat diffs and make nbval compare against old results.
Fix a failure with `make clean-notebooks` (nbstripout), then commit again.
"""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 14, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text())
    kernel = nb["metadata"].get("kernelspec", {}).get("name")
    assert kernel == "python3", f"{path.name}: kernelspec is {kernel!r}, expected 'python3'"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert not cell["outputs"], f"{path.name} cell {i} has stored outputs: run make clean-notebooks"
        assert cell["execution_count"] is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_goals_summary_and_things_to_try(path):
    nb = json.loads(path.read_text())
    markdown = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert markdown, f"{path.name} has no prose"
    assert "what you will learn" in markdown[0].lower(), f"{path.name}: first cell must list learning goals"
    text = "\n".join(markdown).lower()
    assert "## summary" in text, f"{path.name}: no '## Summary' section"
    assert "## things to try" in text, f"{path.name}: no '## Things to try' section"
