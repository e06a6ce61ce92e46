"""Suite-wide pytest settings.

Notebooks run under nbval's lax mode (errors fail, outputs are compared only in
cells marked `# NBVAL_CHECK_OUTPUT`). On top of that, any text a notebook cell
writes to stderr -- a warning, a progress bar gone astray -- fails that cell:
students should see a clean notebook.
"""

import matplotlib
import pytest

# Unit tests draw off-screen. Set in this process only, not through MPLBACKEND: the notebook
# kernels that nbval starts inherit the environment, and they must keep the kernel's default
# inline backend, as the notebooks do not say `%matplotlib inline` (a magic in a cell stops the
# browser kernel, JupyterLite's, from loading that cell's imports).
matplotlib.use("Agg")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    outputs = getattr(item, "test_outputs", None) or []  # set by nbval's notebook-cell items
    stderr = [o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    if stderr:
        pytest.fail(f"cell wrote to stderr (warnings count as failures):\n{''.join(stderr)[:2000]}", pytrace=False)
    return result
