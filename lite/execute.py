"""Run one notebook for the in-browser site, in the course's own Python (lite/build.py starts this).

    .venv/bin/python lite/execute.py NOTEBOOK OUT.ipynb OUT-explorers.pickle

Runs every cell in a fresh kernel (CPython, this checkout's nnlib on PYTHONPATH, the notebook's
folder as working directory) and writes the notebook with its outputs, so that the site shows
them before the browser's Python has started. Outputs that only a live kernel can show (widget
views) keep only their static fallback (the explorers' PNG). Then, in the same kernel, records
each explorer the notebook made: its class, the configuration that decides its results and the
values its controls can take, for lite/build.py to compute every setting in the browser's Python.
"""

import base64
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
# nbclient with its shell and IOPub polled in 0.5 s slices: its one long poll can miss a reply and find it only
# at the cell's timeout (300 s here); see tests/nbexecute.py
from nbexecute import SlicedPollClient  # noqa: E402

WIDGET = "application/vnd.jupyter.widget-view+json"
# Said under each explorer in the site (the site only: elsewhere every setting is computed live).
CACHE_NOTE = ("*In this in-browser edition, the explorer's results for its slider positions were computed when "
              "the site was built, by this same browser Python with the same seeds, so moving a slider only "
              "redraws the plot; a setting that is not among them is computed live.*")

# A cell tagged so prints facts about the machine that runs it (Python's and NumPy's versions): the site
# shows it without the build machine's output, so that a student sees the browser's own when running it.
ENVIRONMENT_TAG = "environment"

# The site's kernel as JupyterLite's Pyodide kernel names and describes itself (its kernelspec, and the
# language_info of its reply to kernel_info, "3.8" included). JupyterLab writes these into a notebook it opens
# when they differ, which marked every notebook as modified before the student touched it.
LITE_KERNEL_METADATA = {
    "kernelspec": {"name": "python", "display_name": "Python (Pyodide)", "language": "python"},
    "language_info": {"codemirror_mode": {"name": "python", "version": 3}, "file_extension": ".py",
                      "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                      "pygments_lexer": "ipython3", "version": "3.8"},
}

# Run in the notebook's kernel after its last cell.
RECORD = """
import pickle as _pickle
from nnlib.widgets._base import _Explorer as _E

def _controls(explorer):
    found = {}
    for name, value in vars(explorer).items():
        if hasattr(value, "value") and hasattr(value, "observe") and name != "status":
            found[name] = {key: getattr(value, key) for key in ("value", "min", "max", "step", "base", "options")
                           if hasattr(value, key)}
    return found

_found = {id(v): v for v in list(globals().values()) if isinstance(v, _E)}  # `_`, `Out`: the same ones
with open(%r, "wb") as _f:
    _pickle.dump([(type(v).__name__, v._config, _controls(v)) for v in _found.values()], _f)
"""


def smaller_png(encoded):
    """The figure on white in at most 256 colours, without dithering: a third of the bytes, the same picture
    to the eye (the site must stay under 60 MB)."""
    image = Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    buffer = io.BytesIO()
    flat.quantize(256, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def main(source, target, record):
    nb = nbformat.read(source, as_version=4)
    # The kernel talks over Unix sockets in a folder of its own: two kernels started at once on TCP can
    # pick the same free port, and then both runs wait forever (seen here with two builds' kernels).
    sockets = tempfile.mkdtemp(prefix="lite-kernel-")
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "kernel"))
    client = SlicedPollClient(nb, km=manager, timeout=300, resources={"metadata": {"path": str(Path(source).parent)}})
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            nb.cells.append(nbformat.v4.new_code_cell(RECORD % str(record)))
            client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
            nb.cells.pop()
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        if ENVIRONMENT_TAG in cell.metadata.get("tags", []):
            cell.outputs = []  # it describes the machine that runs it: the build machine's would mislead
            continue
        kept = []
        for output in cell.outputs:
            data = output.get("data", {})
            if WIDGET in data:
                del data[WIDGET]
                if set(data) <= {"text/plain"}:  # a bare widget: nothing to show without a kernel
                    continue
                if "image/png" in data:  # an explorer's picture of its default setting
                    cells.append(nbformat.v4.new_markdown_cell(CACHE_NOTE, id=cell.id[:59] + "-lite"))
            if "image/png" in data:
                small = smaller_png(data["image/png"])
                html = data.get("text/html", "")
                if data["image/png"] in html:  # nnlib's figure with its text alternative (nnlib/describe.py):
                    # the <img> of its text/html, which JupyterLab shows, carries the picture; one copy is enough
                    data["text/html"] = html.replace(data["image/png"], small)
                    del data["image/png"]
                    output.get("metadata", {}).pop("image/png", None)
                else:
                    data["image/png"] = small
            kept.append(output)
        cell.outputs = kept
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    nb.metadata.update(LITE_KERNEL_METADATA)
    # Each text as one string, not a list of lines: JupyterLite hands the file to JupyterLab as it is (a
    # Jupyter server would join the lines first), and JupyterLab showed a stream's lines joined by commas.
    nbformat.write(nb, target, split_lines=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
