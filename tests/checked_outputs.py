"""Reference outputs for the notebook cells marked `# NBVAL_CHECK_OUTPUT`.

Notebooks are committed without outputs, so nbval alone would have nothing to compare these
cells with. Their expected outputs live here instead, one JSON file per notebook
(`tests/reference_outputs/NAME.json`: {cell id: [outputs]}); the root `conftest.py` puts them
into the cells before nbval runs them, and nbval compares (after the substitutions in
`tests/nbval_sanitize.cfg`, which blank out timings and memory addresses).

Refresh after changing such a cell on purpose (then review the diff of the JSON files):

    make refresh-outputs                                   # every notebook
    python tests/checked_outputs.py notebooks/07_*.ipynb # some of them
"""

import json
import os
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "tests" / "reference_outputs"
MARKER = "# NBVAL_CHECK_OUTPUT"
IMAGE_KEYS = ("image/png", "image/jpeg", "image/svg+xml")  # nbval does not compare images


def is_checked(cell):
    return cell.cell_type == "code" and any(line.strip() == MARKER for line in cell.source.splitlines())


def reference_path(notebook):
    return REFERENCE_DIR / (Path(notebook).stem + ".json")


def load(notebook):
    """{cell id: [output dicts]} for `notebook`, or {} if none are stored."""
    path = reference_path(notebook)
    return json.loads(path.read_text()) if path.exists() else {}


def _text_only(output):
    output = dict(output)
    if "data" in output:
        output["data"] = {k: v for k, v in output["data"].items() if k not in IMAGE_KEYS}
    output.pop("metadata", None)
    output.pop("execution_count", None)
    return output


def _merged_streams(outputs):
    """Consecutive stream outputs of the same name as one (how they arrive depends on timing)."""
    merged = []
    for output in outputs:
        if (merged and output.get("output_type") == "stream" and merged[-1].get("output_type") == "stream"
                and merged[-1]["name"] == output["name"]):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def refresh(notebook):
    """Run `notebook` top to bottom in a fresh kernel; store the outputs of its checked cells."""
    from nbexecute import execute

    nb = execute(nbformat.read(notebook, as_version=4), Path(notebook).parent, timeout=600)
    outputs = {cell.id: _merged_streams([_text_only(o) for o in cell.outputs]) for cell in nb.cells if is_checked(cell)}
    path = reference_path(notebook)
    if outputs:
        path.write_text(json.dumps(outputs, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    elif path.exists():
        path.unlink()
    return len(outputs)


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")  # as under pytest (conftest.py)
    notebooks = sys.argv[1:] or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    for notebook in notebooks:
        print(f"{notebook}: {refresh(notebook)} checked cells stored in {reference_path(notebook).relative_to(ROOT)}")
