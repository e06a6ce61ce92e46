"""The course in the browser: the JupyterLite site (`make lite`) in headless Chromium.

Serves lite/site/ on 127.0.0.1 and opens every notebook in one JupyterLab page, each with a
fresh Pyodide kernel: Run All must run every cell with no error and nothing on stderr; each
exercise's check must give the verdict it gives in JupyterLab (and pass the worked solution);
the bytecode the site ships must be what Python uses; each slider must redraw its plot when
moved; no file may be missing (404) and no request may go to any host but 127.0.0.1 (other
hosts are also made unresolvable, so nothing can leave the machine).

Needs the built site (`make lite`; `make test` builds it first) and Debian's Chromium at
/usr/bin/chromium. Skipped, with the reason, when either is missing, unless REQUIRE_BROWSER=1
(as in CI), where that is a failure.
"""

import _imp
import ast
import hashlib
import json
import os
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from nnlib.exercises.notebook import find

pytestmark = [pytest.mark.browser, pytest.mark.lite]

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "lite"))
import drive  # noqa: E402  (lite/drive.py: serves the site and drives JupyterLab in it)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
NEEDS_TORCH = "13_pytorch_and_gpu.ipynb"
SLIDER_NOTEBOOKS = ["02_gradient_descent.ipynb", "05_vanishing_gradients.ipynb", "06_optimisers.ipynb",
                    "07_overfitting_dropout.ipynb", "10_batch_normalisation.ipynb"]

for missing, what in [(not Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
                      (not (drive.SITE / "index.html").exists(), f"no JupyterLite site in {drive.SITE} (make lite)")]:
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            raise RuntimeError(f"REQUIRE_BROWSER=1 but {what}")
        pytest.skip(f"{what}; JupyterLite tests skipped", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


def test_site_is_built_from_this_checkout():
    """The site's notebooks are the repository's, run (with outputs), and its nnlib is the repository's
    (else: make lite). Each explorer's output is its static picture (no widget that needs a kernel),
    followed by the one sentence that says its settings were computed when the site was built."""
    for name in NOTEBOOKS:
        site = nbformat.read(drive.SITE / "files" / name, as_version=4)
        repo = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        notes = [c for c in site.cells if c.id.endswith("-lite")]
        assert [(c.id, c.cell_type, c.source) for c in site.cells if c not in notes] == \
            [(c.id, c.cell_type, c.source) for c in repo.cells], \
            f"{name} in the site differs from notebooks/: rebuild with `make lite`"
        code = [c for c in site.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), f"{name}: not every cell ran at build time"
        assert sum(bool(c.outputs) for c in code) >= len(code) / 3, f"{name}: few outputs"
        data = [o.get("data", {}) for c in code for o in c.outputs]
        assert not [d for d in data if "application/vnd.jupyter.widget-view+json" in d], name
        raw = json.loads((drive.SITE / "files" / name).read_text())  # as JupyterLab gets it: no server joins lines
        split = [o for c in raw["cells"] for o in c.get("outputs", []) if isinstance(o.get("text", ""), list)]
        assert not split, f"{name}: stream text as a list of lines (JupyterLab shows them joined by commas)"
        explorers = [c for c in repo.cells if c.cell_type == "code" and "Explorer(" in c.source]
        assert len(notes) == len(explorers), f"{name}: {len(notes)} notes for {len(explorers)} explorers"
        environment = [c.id for c in repo.cells if "environment" in c.metadata.get("tags", [])]
        assert [c.id for c in code if c.id in environment and c.outputs] == [], \
            f"{name}: the build machine's versions are shown in the browser"
    versions = [c for c in nbformat.read(ROOT / "notebooks" / NOTEBOOKS[0], as_version=4).cells
                if "__version__" in c.source]
    assert versions and all("environment" in c.metadata.get("tags", []) for c in versions), \
        "00's cell that prints the versions must be tagged 'environment' (lite/execute.py leaves its output out)"
    (wheel,) = (drive.SITE / "static" / "pyodide").glob("nnlib-*.whl")
    with zipfile.ZipFile(wheel) as z:
        for path in sorted((ROOT / "nnlib").rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            assert z.read(name) == path.read_bytes(), f"{name} in the site differs: rebuild with `make lite`"


def test_every_wheel_matches_the_lock_and_nothing_comes_from_elsewhere():
    pyodide = drive.SITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
    for entry in lock.values():
        data = (pyodide / entry["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file_name"]
    assert {"numpy", "matplotlib", "ipywidgets", "tqdm", "nnlib", "nnlib-explorer-cache"} <= lock.keys()
    assert "nnlib-explorer-cache" in lock["nnlib"]["depends"]  # loads with nnlib
    config = json.loads((drive.SITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True


def test_bytecode_wheels_belong_to_their_packages_sources():
    """Each NAME-bytecode wheel loads with NAME (a dependency in the lock), and each .pyc in it is a
    checked-hash file of the very source NAME's wheel ships (else Python would compile it again)."""
    pyodide = drive.SITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
    bytecode = [name for name in lock if name.endswith("-bytecode")]
    assert {"numpy-bytecode", "matplotlib-bytecode", "ipython-bytecode", "nnlib-bytecode"} <= set(bytecode)
    for name in bytecode:
        package = name.removesuffix("-bytecode")
        assert name in lock[package]["depends"], f"{package} does not load {name}"
        with zipfile.ZipFile(pyodide / lock[name]["file_name"]) as pycs, \
                zipfile.ZipFile(pyodide / lock[package]["file_name"]) as sources:
            for path in [p for p in pycs.namelist() if p.endswith(".pyc")]:
                folder, _, file = path.rpartition("__pycache__/")
                header = pycs.read(path)[:16]
                source = sources.read(folder + file.split(".")[0] + ".py")
                assert header[4] == 3, f"{path}: not a checked-hash .pyc"
                assert header[8:] == _imp.source_hash(int.from_bytes(header[:4], "little"), source), path


def test_standard_library_is_pyodides_plus_its_bytecode():
    """The site's python_stdlib.zip holds every file of the one Pyodide publishes, byte for byte, and
    beside each source a kernel imports, a checked-hash .pyc of that very source (lite/build.py's
    stdlib_bytecode); whether Python uses them is checked in the browser (_check_bytecode)."""
    from build import pyodide_core  # lite/build.py; the build left the npm package in lite/.cache
    with zipfile.ZipFile(pyodide_core() / "python_stdlib.zip") as z:
        published = {name: z.read(name) for name in z.namelist()}
    with zipfile.ZipFile(drive.SITE / "static" / "pyodide" / "python_stdlib.zip") as z:
        site = {name: z.read(name) for name in z.namelist()}
    assert {name: site.get(name) for name in published} == published, "a file of Pyodide's stdlib was changed"
    added = sorted(site.keys() - published.keys())
    assert len(added) > 200 and "json/__init__.pyc" in added and "asyncio/events.pyc" in added, added[:20]
    for name in added:
        source = published.get(name.removesuffix(".pyc") + ".py")
        assert name.endswith(".pyc") and source is not None, f"{name}: not the bytecode of a published source"
        header = site[name][:16]
        assert header[4] == 3, f"{name}: not a checked-hash .pyc"
        assert header[8:] == _imp.source_hash(int.from_bytes(header[:4], "little"), source), name


def test_no_notebook_uses_a_magic():
    """The browser kernel finds a cell's imports by parsing it as Python before running it: a
    `%magic` line makes that parse fail, and nothing gets loaded (ModuleNotFoundError)."""
    for name in NOTEBOOKS:
        cells = json.loads((ROOT / "notebooks" / name).read_text())["cells"]
        for cell in cells:
            lines = "".join(cell["source"]).splitlines() if cell["cell_type"] == "code" else []
            assert not [line for line in lines if line.lstrip().startswith(("%", "!"))], f"{name}: {lines[:3]}"


@pytest.fixture(scope="module")
def lab():
    """One Chromium and one JupyterLite page for all notebooks: JupyterLab loads once, and each
    notebook gets its own kernel."""
    with drive.serve() as url, playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=drive.CHROMIUM_ARGS)
        lab = drive.Lab(browser, url)
        yield lab
        lab.quit()
        browser.close()


@pytest.fixture(autouse=True)
def _only_local_requests_and_no_404(request):
    """In every test that drives the site: no request left 127.0.0.1 and no file was missing (404) while it
    ran (counted per test, so that one test's stray request is not blamed on every later one)."""
    if "lab" not in request.fixturenames:
        yield
        return
    lab = request.getfixturevalue("lab")
    external, missing = len(lab.external), len(lab.missing)
    yield
    assert lab.external[external:] == [], f"requests that left 127.0.0.1: {sorted(set(lab.external[external:]))[:5]}"
    assert lab.missing[missing:] == [], f"files the site lacks (404): {sorted(set(lab.missing[missing:]))[:5]}"


def _problems(cells):
    return ([f"cell {c['index']} did not run" for c in cells if c["count"] is None]
            + [f"cell {c['index']}: {e}" for c in cells for e in c["errors"]]
            + [f"cell {c['index']} stderr: {s[:300]}" for c in cells for s in c["stderr"]])


def _move_every_control(lab, name):
    """Each slider one step right, each dropdown to another option: its plot must be redrawn."""
    page = lab.page
    handles = page.locator(".jp-NotebookPanel .noUi-handle")
    assert handles.count() >= 1, f"{name}: no slider rendered"
    for i in range(handles.count()):
        handle = handles.nth(i)
        handle.scroll_into_view_if_needed()
        before = handle.evaluate(drive.PLOT_SRC)
        assert before, f"{name}: slider {i} has no plot next to it"
        handle.focus()
        handle.press("ArrowRight")
        assert drive.plot_after(handle, before, timeout_s=60), f"{name}: moving slider {i} did not redraw its plot"
        lab.wait_idle()
    selects = page.locator(".jp-NotebookPanel .widget-dropdown select")
    for i in range(selects.count()):
        select = selects.nth(i)
        select.scroll_into_view_if_needed()
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.options[s.selectedIndex].text")
        before = select.evaluate(drive.PLOT_SRC)
        select.select_option(label=next(o for o in options if o != current))
        assert drive.plot_after(select, before, timeout_s=60), f"{name}: dropdown {i} did not redraw its plot"
        lab.wait_idle()


# Checks every exercise of the open notebook against its worked solution, in the browser.
REFERENCES_PASS = """
from nnlib.exercises import all_exercises, all_explorations, run_check
graded = {**{i: e.reference for i, e in all_exercises().items()}, **{i: e.answer for i, e in all_explorations().items()}}
print({i: run_check(i, fn).status for i, fn in graded.items() if i.startswith("%s.")})
"""


# Of the modules the kernel imported from site-packages: those whose bytecode came in the site's
# NAME-bytecode wheels (lite/build.py) but does not fit them (wrong Python or source: Python would
# compile them again), and those that came with none and were compiled in the browser.
BYTECODE_REPORT = """
import importlib.util, json, sys, sysconfig
site = "/" + sysconfig.get_paths()["purelib"].lstrip("/") + "/"
report = {"imported": 0, "stale": [], "compiled_here": []}
for module in list(sys.modules.values()):
    source = getattr(module, "__file__", None) or ""
    if source.startswith(site) and source.endswith(".py"):
        report["imported"] += 1
        try:
            with open(module.__cached__, "rb") as f:
                header = f.read(16)
        except OSError:
            report["compiled_here"].append(module.__name__)
            continue
        with open(source, "rb") as f:
            hash_ok = header[8:] == importlib.util.source_hash(f.read())
        if header[:4] != importlib.util.MAGIC_NUMBER or header[4] != 3 or not hash_ok:
            report["stale"].append(module.__name__)
# The standard library: zipimport loads a module from its .pyc in the zip (then __file__ ends in .pyc),
# or compiles its source (a module the build did not compile, or a .pyc Python refused).
import zipimport
stdlib = [m for m in list(sys.modules.values()) if isinstance(getattr(m, "__loader__", None), zipimport.zipimporter)]
report["stdlib_imported"] = len(stdlib)
report["stdlib_compiled_here"] = [m.__name__ for m in stdlib if not m.__file__.endswith(".pyc")]
print(json.dumps(report))
"""


def _check_bytecode(lab, name):
    """The bytecode the site ships is the bytecode Python uses, for nearly every module."""
    printed, errors = lab.execute(BYTECODE_REPORT)
    assert errors == "", f"{name}: {errors}"
    report = json.loads(printed)
    assert report["imported"] > 300, report  # IPython, numpy, matplotlib, ...
    assert report["stale"] == [], f"{name}: shipped bytecode that Python cannot use: {report['stale'][:10]}"
    assert len(report["compiled_here"]) <= 0.05 * report["imported"], \
        f"{name}: {len(report['compiled_here'])} modules compiled in the browser: {report['compiled_here'][:20]}"
    assert report["stdlib_imported"] > 200, report["stdlib_imported"]  # asyncio, json, email, inspect, ...
    assert len(report["stdlib_compiled_here"]) <= 0.05 * report["stdlib_imported"], \
        f"{name}: standard library modules compiled in the browser: {report['stdlib_compiled_here'][:20]}"


def _check_exercises(lab, name, cells):
    """As released, each check says "not done yet" (as in JupyterLab: tests/test_exercise_notebooks.py),
    and each exercise's worked solution passes its check in the browser's Python. Notebook 13's
    exercises need PyTorch, which the browser lacks: there each cell says it was skipped."""
    checks = find(nbformat.read(drive.SITE / "files" / name, as_version=4))  # indices as in the site
    stdout = {c["index"]: c["stdout"] for c in cells}
    expected = "skipped: needs PyTorch" if name == NEEDS_TORCH else "{} not done yet"
    for exercise_id, (_, check_index) in checks.items():
        assert expected.format(exercise_id) in stdout[check_index], f"{name}: {stdout[check_index][:300]}"
    if name == NEEDS_TORCH:
        return
    printed, errors = lab.execute(REFERENCES_PASS % name[:2])
    assert errors == "", f"{name}: {errors}"
    statuses = ast.literal_eval(printed.strip())
    assert statuses == {exercise_id: "passed" for exercise_id in checks}, f"{name}: {statuses}"


# The explorers of the open notebook: how many settings the site shipped for each (0: its configuration
# was not found), and every shipped result that differs from the one run() computes here and now, for
# two settings (a live run: the shipped result is taken out of the explorer's cache first).
SHIPPED_EQUAL_LIVE = """
import json, math
import numpy as _np
from nnlib.tensor import Tensor as _Tensor
from nnlib.train import History as _History
from nnlib.widgets._base import _Explorer, _shipped_results

def _same(a, b):
    if isinstance(a, _Tensor):
        return isinstance(b, _Tensor) and _same(a.numpy(), b.numpy())
    if isinstance(a, _np.ndarray):
        return isinstance(b, _np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, _History):
        return isinstance(b, _History) and _same(vars(a), vars(b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b

_report = []
for _e in {id(v): v for v in list(globals().values()) if isinstance(v, _Explorer)}.values():
    _shipped = _shipped_results(_e, _e._config)
    _keys = list(_shipped)
    _differ = []
    for _key in [_keys[len(_keys) // 2], _keys[-1]] if _keys else []:
        _e._cache.pop(_key, None)
        if not _same(_shipped[_key], _e.run(*(_key if isinstance(_key, tuple) else (_key,)))):
            _differ.append(repr(_key))
    _report.append({"explorer": type(_e).__name__, "shipped": len(_shipped), "differ": _differ})
print(json.dumps(_report))
"""


def _check_shipped_results(lab, name):
    """The site ships the results of this notebook's explorers' settings, and they equal live runs exactly."""
    printed, errors = lab.execute(SHIPPED_EQUAL_LIVE)
    assert errors == "", f"{name}: {errors}"
    report = json.loads(printed)
    assert report, f"{name}: no explorer found"
    for explorer in report:
        assert explorer["shipped"] >= 19, f"{name}: the site has no results for this configuration: {explorer}"
        assert explorer["differ"] == [], f"{name}: shipped results differ from live ones: {explorer}"


# Until the kernel is ready the notebook shows its outputs from the build (figures as images, no
# slider yet) and says so in a note; the note goes once the kernel is ready.
NOTE_AND_OUTPUTS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const note = panel.node.querySelector('.lite-kernel-note');
    const model = panel.content.model;
    const cells = [...Array(model.cells.length).keys()].map(i => model.cells.get(i)).filter(c => c.type === 'code');
    const outputs = cells.map(c => c.outputs.toJSON()).flat();
    return {note: !!note && note.offsetHeight > 0, text: note ? note.textContent : '',
            shown: panel.node.querySelectorAll('.jp-OutputArea-output').length,
            outputs: outputs.length, images: outputs.filter(o => o.data && (o.data['image/png']
                || /<img /.test([].concat(o.data['text/html'] || []).join('')))).length,
            sliders: panel.node.querySelectorAll('.noUi-handle').length};
}"""


def _check_while_starting(lab, name):
    # The state is read in the same call that finds the note and the outputs shown (the kernel may be
    # ready, and the note gone, by a later call).
    state = lab.page.wait_for_function(
        f"""() => {{ const w = window.jupyterapp.shell.currentWidget;
                     return w.context.isReady && !!w.node.querySelector('.lite-kernel-note')
                            && !!w.node.querySelector('.jp-OutputArea-output') && ({NOTE_AND_OUTPUTS})(); }}""",
        timeout=30_000, polling=50).json_value()
    assert state["note"] and "computed when this site was built" in state["text"], f"{name}: no note: {state}"
    assert state["shown"] > 0 and state["outputs"] > 0 and state["sliders"] == 0, f"{name}: {state}"
    if name in SLIDER_NOTEBOOKS:
        assert state["images"] > 0, f"{name}: no figure shown before the kernel is ready: {state}"


# What Tab offers at the end of `code`: the code as each match would leave it (JupyterLab replaces
# code[cursor_start:cursor_end] with the match).
COMPLETE = """async code => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const {matches, cursor_start, cursor_end} = (await kernel.requestComplete({code, cursor_pos: code.length})).content;
    return matches.map(m => code.slice(0, cursor_start) + m + code.slice(cursor_end));
}"""


def test_tab_completion_works_without_jedi(lab):
    """The site leaves jedi out (lite/build.py, LEFT_OUT): `import jedi` fails, and once a notebook's first
    cell has imported nnlib (every notebook's does), Tab completes names, attributes and dict keys with
    IPython's own completer (nnlib._complete_without_jedi)."""
    with zipfile.ZipFile(drive.SITE / "static" / "pyodide" / "jedi_left_out-0-py3-none-any.whl") as z:
        assert all(".dist-info/" in name for name in z.namelist()), z.namelist()
    try:
        lab.open(NOTEBOOKS[0])
        printed, errors = lab.execute("import nnlib\nimport numpy as np\nsettings = {'learning_rate': 0.1}\n"
                                      "try:\n    import jedi\nexcept ImportError as e:\n    print(repr(e))")
        assert errors == "" and "No module named 'jedi'" in printed, (printed, errors)
        assert "np.zeros_like" in lab.page.evaluate(COMPLETE, "np.zer")
        assert any(m.startswith("settings['learning_rate") for m in lab.page.evaluate(COMPLETE, "settings['lea"))
        assert "settings" in lab.page.evaluate(COMPLETE, "sett")
    finally:
        lab.close()


def test_after_a_restart_the_note_no_longer_speaks_of_the_build(lab):
    """Outputs shown after a restart may be the student's own: the note then only says that Python restarts.

    The restart comes the moment the kernel is first ready, before the note's next poll: the note must
    still know that the kernel was ready (CI once restarted within that gap and saw the first start's note)."""
    restart_when_ready = """() => {
        const panel = window.jupyterapp.shell.currentWidget;
        const once = (_, status) => {
            if (status !== 'idle') return;
            panel.sessionContext.statusChanged.disconnect(once);
            panel.sessionContext.session.kernel.restart();
            const note = panel.node.querySelector('.lite-kernel-note');
            window.liteNoteAfterRestart = note ? note.textContent : 'no note';
        };
        panel.sessionContext.statusChanged.connect(once);
    }"""

    def restart_once_ready():
        lab.page.wait_for_function("() => window.jupyterapp.shell.currentWidget.node.dataset.liteKernelWatched",
                                   timeout=10_000, polling=50)  # the note's script has seen this notebook
        lab.page.evaluate(restart_when_ready)

    try:
        lab.open(NOTEBOOKS[0], while_starting=restart_once_ready)
        text = lab.page.evaluate("() => window.liteNoteAfterRestart")
        assert text is not None and "restarting" in text and "built" not in text, text
        lab.wait_idle()
        lab.page.wait_for_function(NO_NOTE, timeout=10_000, polling=100)
    finally:
        lab.close()


# Whether JupyterLab holds the open notebook as modified (the dot on its tab; closing it asks to save), once
# it has the kernel's own description (JupyterLab writes the kernelspec and language_info from it).
MODIFIED = """async () => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session.kernel;
    await kernel.info;   // JupyterLab's own handlers of these replies were attached first, so they have run
    await kernel.spec;
    await new Promise(resolve => setTimeout(resolve, 0));  // and anything they queued
    return panel.context.model.dirty;
}"""

# The open notebook's note on its kernel (not a note that another notebook's failed test left behind).
NO_NOTE = "() => !window.jupyterapp.shell.currentWidget.node.querySelector('.lite-kernel-note')"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_the_browser(name, lab):
    try:
        lab.open(name, while_starting=lambda: _check_while_starting(lab, name))
        lab.page.wait_for_function(NO_NOTE, timeout=10_000, polling=100)
        assert not lab.page.evaluate(MODIFIED), f"{name} is marked as modified as soon as it is opened"
        _, cells = lab.run_all()
        assert cells, f"{name}: no code cells found"
        assert _problems(cells) == [], f"{name} in JupyterLite: {_problems(cells)}"
        _check_exercises(lab, name, cells)
        if name != NEEDS_TORCH:  # there every later cell, this check's too, is swapped for a note
            _check_bytecode(lab, name)
        if name in SLIDER_NOTEBOOKS:
            _check_shipped_results(lab, name)
            _move_every_control(lab, name)
            after = lab.page.evaluate(drive.CELLS)
            assert _problems(after) == [], f"{name} after moving its controls: {_problems(after)}"
    finally:
        lab.close()
