"""Run a notebook's cells and check every figure it renders (used by tests/test_figures_readable.py).

    python tests/figure_capture.py NOTEBOOK.ipynb RESULT.json

The cells run in order in an IPython shell with the inline backend, as in a kernel (tests/nbfork.py's shell).
The test suite does not run this script: tests/nbfork.py calls watch_figures() in the run of each notebook it
makes for the Things-to-try items, so the notebooks are not run again for their figures.
Every figure that is turned into a picture, by the inline backend at the end of a cell or by an explorer
saving its PNG, passes through FigureCanvasBase.print_figure; there it is checked with
tests/figure_checks.py's check_figure before it is drawn. RESULT.json: a list with one entry per picture,
{"cell": cell id, "title": the figure's title(s), "problems": [sentences]}, plus {"error": ...} if a cell raised.
With FIGURE_PNG_DIR set, each checked picture is also saved there as a PNG.
"""

import json
import os
import sys
from pathlib import Path

import nbformat
from matplotlib.backend_bases import FigureCanvasBase

sys.path.insert(0, str(Path(__file__).parent))
from figure_checks import check_figure  # noqa: E402
from nbfork import failed, make_shell, run_cell  # noqa: E402


def figure_title(fig):
    titles = [fig._suptitle.get_text()] if fig._suptitle is not None else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return " | ".join(titles) or "(no title)"


def watch_figures(png_prefix=""):
    """Check every picture rendered from now on in this process: returns (records, current).

    Set current["cell"] to the id of the cell about to run; each picture adds {"cell", "title", "problems"}
    to records (once per cell and figure). With FIGURE_PNG_DIR set, each checked picture is saved there too.
    """
    records, current = [], {"cell": None}
    checked = set()  # (cell, figure) pairs already checked: an explorer may save the same figure twice
    original = FigureCanvasBase.print_figure

    def print_figure(canvas, *args, **kwargs):
        fig = canvas.figure
        key = (current["cell"], id(fig), figure_title(fig))
        if key not in checked:
            checked.add(key)
            records.append({"cell": current["cell"], "title": figure_title(fig), "problems": check_figure(fig)})
            if os.environ.get("FIGURE_PNG_DIR"):  # to look at them: one PNG per checked picture
                fig.savefig(Path(os.environ["FIGURE_PNG_DIR"]) / f"{png_prefix}{len(records)}_{current['cell']}.png")
        return original(canvas, *args, **kwargs)

    FigureCanvasBase.print_figure = print_figure
    return records, current


def main(notebook, result_path):
    nb = nbformat.read(notebook, as_version=4)
    records, current = watch_figures(png_prefix=f"{Path(notebook).stem[:2]}_")
    shell = make_shell(str(Path(notebook).parent))
    outputs = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        current["cell"] = cell.id
        outputs.append(run_cell(shell, cell.source))
        if failed(outputs):
            records.append({"cell": cell.id, "error": outputs[-1][-1]["evalue"]})
            break
    Path(result_path).write_text(json.dumps(records, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
