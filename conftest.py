"""Suite-wide pytest settings.

Notebooks run under nbval's lax mode: errors fail, and outputs are compared only in cells
marked `# NBVAL_CHECK_OUTPUT`. The notebooks are committed without outputs, so the expected
outputs of those cells are kept in `tests/reference_outputs/` and put into the cells here,
before nbval runs them; nbval then compares, after the substitutions in
`tests/nbval_sanitize.cfg` (timings, memory addresses). `make refresh-outputs` rewrites them.

On top of that, any text a notebook cell writes to stderr -- a warning, a progress bar gone
astray -- fails that cell: students should see a clean notebook. And every exercise's check cell,
run as released (the stub not filled in), must say that the exercise is not done yet
(tests/test_exercise_notebooks.py runs the same notebooks with the solutions filled in).

Under pytest-xdist (`make test`: -n 2 --dist loadscope) the work is cut into units that a worker
runs whole: a test module, a notebook's cells (nbval), and, for the modules whose tests each run
notebooks, one notebook's worth. The most expensive units are handed out first, so that neither
worker is left alone with a long one at the end.
"""

import re
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
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: a notebook's cells keep their order
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
    check = re.match(r'check\("(\d\d\.\w+)"', getattr(getattr(item, "cell", None), "source", "") or "")
    if check:
        printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
        if f"{check[1]} not done yet" not in printed:
            pytest.fail(f"as released, the check of {check[1]} should say 'not done yet'; it said:\n{printed[:500]}",
                        pytrace=False)
    missing = getattr(item, "missing_reference", None)
    if missing:
        pytest.fail(f"# NBVAL_CHECK_OUTPUT cell without a stored output ({missing}): run `make refresh-outputs`",
                    pytrace=False)
    return result


# ------------------------------------------------------------------ scheduling under pytest-xdist
# The most expensive units first (measured with --durations; see the README's table): the in-browser site,
# the real-browser tests, the Things-to-try items, the exercise notebooks, grading, the notebooks, then the
# slowest unit-test modules (the widgets' sweeps over every control).
EXPENSIVE_FIRST = ("tests/test_lite.py", "tests/test_accessibility.py", "tests/test_things_to_try.py",
                   "tests/test_exercise_notebooks.py", "tests/test_assignments.py",
                   "tests/test_readme_instructor.py", "notebooks/", "tests/test_figures_readable.py",
                   "tests/test_widgets.py", "tests/test_metrics.py", "tests/test_exercises.py")


def _unit(nodeid):
    """The unit of work a test belongs to: one notebook's Things-to-try, exercise run or figures, else its file."""
    path, _, rest = nodeid.partition("::")
    number = rest.split("[", 1)[1][:2] if "[" in rest else None  # item and notebook ids start with it
    if number and path.endswith(("test_things_to_try.py", "test_figures_readable.py")):
        return f"one run of notebook {number}"   # its Things-to-try items and its figure check share that run
    if number and path.endswith(("test_exercise_notebooks.py", "test_accessibility.py")):
        return f"{path}::{number}"
    return path


def _rank(nodeid):
    return next((i for i, prefix in enumerate(EXPENSIVE_FIRST) if nodeid.startswith(prefix)), len(EXPENSIVE_FIRST))


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ExpensiveFirst(LoadScopeScheduling):
        """loadscope with the units above, handed out in collection order (expensive first, see below)."""

        def __init__(self, config, log=None):
            config.option.loadscopereorder = False   # not xdist's default, "the units with most tests first"
            super().__init__(config, log)

        def _split_scope(self, nodeid):
            return _unit(nodeid)

    return ExpensiveFirst(config, log)


# ------------------------------------------------------------------ what ran, by kind
KINDS = [  # (kind, path prefixes); the first that matches a test's id counts it
    ("notebook cells (nbval)", ("notebooks/",)),
    ("Things-to-try items", ("tests/test_things_to_try.py",)),
    ("figures readable without colour", ("tests/test_figures_readable.py",)),
    ("exercise notebooks, solved", ("tests/test_exercise_notebooks.py",)),
    ("exercise checks", ("tests/test_exercise",)),
    ("blind student code", ("tests/test_student_code.py",)),
    ("grading", ("tests/test_assignments.py", "tests/test_readme_instructor.py")),
    ("JupyterLab in Chromium (axe, keyboard, sliders)", ("tests/test_accessibility.py",)),
    ("JupyterLite site", ("tests/test_lite",)),
    ("widgets", ("tests/test_widgets.py",)),
    ("nnlib unit tests", ("tests/",)),
]


def pytest_terminal_summary(terminalreporter):
    """One line per kind of test with its counts, so that a faster suite can show it dropped nothing."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped", "xfailed", "xpassed"):
        for report in {r.nodeid: r for r in terminalreporter.stats.get(outcome, []) if hasattr(r, "nodeid")}.values():
            kind = next((k for k, prefixes in KINDS if report.nodeid.startswith(prefixes)), "other")
            counts.setdefault(kind, {}).setdefault(outcome, 0)
            counts[kind][outcome] += 1
    if counts:
        terminalreporter.section("tests by kind")
        for kind in [k for k, _ in KINDS] + ["other"]:
            if kind in counts:
                terminalreporter.write_line(f"{kind:30s} " + ", ".join(f"{n} {o}" for o, n in counts[kind].items()))


@pytest.fixture(scope="module")
def displayed():
    """Everything the explorers display inside their Output (instead of a notebook), for tests of nnlib.widgets."""
    import nnlib.widgets._base

    items = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nnlib.widgets._base, "display", items.append)
        yield items
