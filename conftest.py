"""Suite-wide pytest settings.

Notebooks run under nbval's lax mode: errors fail, and outputs are compared only in cells
marked `# NBVAL_CHECK_OUTPUT`. The notebooks are committed without outputs, so the expected
outputs of those cells are kept in `tests/reference_outputs/` and put into the cells here,
before nbval runs them; nbval then compares, after the substitutions in
`tests/nbval_sanitize.cfg` (timings, memory addresses). `make refresh-outputs` rewrites them.

On top of that, any text a notebook cell writes to stderr -- a warning, a progress bar gone
astray -- fails that cell: students should see a clean notebook.
"""

import sys
from pathlib import Path

import matplotlib
import nbformat
import pytest

# Unit tests draw off-screen. Set in this process only, not through MPLBACKEND: the notebook
# kernels that nbval starts inherit the environment, and they must keep the kernel's default
# inline backend, as the notebooks do not say `%matplotlib inline` (a magic in a cell stops the
# browser kernel, JupyterLite's, from loading that cell's imports).
matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).parent / "tests"))
import checked_outputs  # noqa: E402  (tests/checked_outputs.py)

SANITIZE = Path(__file__).parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    if hasattr(config.option, "nbval_sanitize_with") and config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE)


def pytest_collection_modifyitems(config, items):
    stored = {}
    for item in items:
        cell = getattr(item, "cell", None)  # nbval's notebook-cell items have one
        if cell is None or not checked_outputs.is_checked(cell):
            continue
        notebook = str(item.path)
        if notebook not in stored:
            stored[notebook] = checked_outputs.load(notebook)
        if cell.id in stored[notebook]:
            cell.outputs = [nbformat.from_dict(o) for o in stored[notebook][cell.id]]
            cell.execution_count = 1  # nbval compares only cells that were "run"
        else:
            name = checked_outputs.reference_path(notebook).name
            item.missing_reference = f"{name} has no output for cell {cell.id}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    outputs = getattr(item, "test_outputs", None) or []  # set by nbval's notebook-cell items
    stderr = [o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    if stderr:
        pytest.fail(f"cell wrote to stderr (warnings count as failures):\n{''.join(stderr)[:2000]}", pytrace=False)
    missing = getattr(item, "missing_reference", None)
    if missing:
        pytest.fail(f"# NBVAL_CHECK_OUTPUT cell without a stored output ({missing}): run `make refresh-outputs`",
                    pytrace=False)
    return result
