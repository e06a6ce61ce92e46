"""Real-browser tests: JupyterLab in headless Chromium, driven like a student would.

For each notebook with sliders: open it, run all cells, move every slider with the
keyboard (and try every dropdown), and check that the plot beside it is redrawn and
that no error or stderr output appears anywhere. Screenshots of the interactive views
go to $SCREENSHOT_DIR (default: a temporary folder; the path is printed).

Needs Debian's Chromium at /usr/bin/chromium (browser downloads do not work here).
Skipped, with that reason, when it is missing, unless REQUIRE_BROWSER=1 (as in CI).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lite"))
import drive  # noqa: E402  (lite/drive.py: PLOT_SRC and plot_after, shared with the JupyterLite tests)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SLIDER_NOTEBOOKS = ["02_gradient_descent.ipynb", "05_vanishing_gradients.ipynb", "06_optimisers.ipynb",
                    "07_overfitting_dropout.ipynb", "10_batch_normalisation.ipynb"]

if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}: apt-get install chromium")
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); browser tests skipped",
                allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


def test_every_notebook_with_widgets_is_covered():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        uses_widgets = "nnlib.widgets" in path.read_text() or "from nnlib import widgets" in path.read_text()
        assert uses_widgets == (path.name in SLIDER_NOTEBOOKS), path.name


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url():
    """A throw-away JupyterLab on a free localhost port, serving a copy of notebooks/."""
    tmp = Path(tempfile.mkdtemp(prefix="nnlib-lab-"))
    shutil.copytree(ROOT / "notebooks", tmp / "notebooks")  # autosave must not touch the repo
    settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Render every cell (JupyterLab >= 4.2 otherwise skips off-screen cells).
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--port-retries=0",
         "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", "--allow-root",
         "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={tmp / 'notebooks'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not start within 60 s")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def screenshot_dir():
    path = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="nnlib-screens-"))
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser screenshots: {path}")
    return path


def _wait_idle(page, timeout_s=120):
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_s * 1000)


KERNEL_IDLE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return kernel && kernel.status === 'idle';
}"""

ALL_CELLS_RAN = """() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
    return cells.every(c => c.model.executionCount !== null);
}"""


def _run_all_cells(page, timeout_s=240):
    """Wait for a connected, idle kernel, run every cell, wait until each has run."""
    _wait_idle(page)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_CELLS_RAN, timeout=timeout_s * 1000)
    _wait_idle(page, timeout_s)


def _settled_plot(page, control, quiet_s=1.0, timeout_s=30):
    """The plot's src once it has stopped changing for quiet_s with the kernel idle.

    Each key press is a separate kernel request with its own busy/idle cycle, so a
    change of src alone may still be an earlier press's picture (the status line of a
    later press can already be up, as the explorer writes it before the figure)."""
    deadline = time.time() + timeout_s
    src, since = control.evaluate(drive.PLOT_SRC), time.time()
    while time.time() < deadline:
        time.sleep(0.1)
        now = control.evaluate(drive.PLOT_SRC)
        if now != src or not page.evaluate(KERNEL_IDLE):
            src, since = now, time.time()
        elif time.time() - since >= quiet_s:
            return src
    raise AssertionError(f"the plot kept changing (or the kernel stayed busy) for {timeout_s} s")


def _errors_on_page(page):
    return page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()


@pytest.mark.parametrize("name", SLIDER_NOTEBOOKS)
def test_sliders_redraw_their_plots_in_jupyterlab(name, lab_url, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab_url}/lab/tree/{name}?reset")  # reset: do not reopen the previous test's notebook
        page.wait_for_function("window.jupyterapp !== undefined", timeout=90_000)
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        _run_all_cells(page)
        page.wait_for_selector(".widget-output img", timeout=60_000)
        assert _errors_on_page(page) == [], f"{name}: error or stderr output after run-all"

        handles = page.locator(".noUi-handle")
        assert handles.count() >= 1, f"{name}: no slider rendered"
        for i in range(handles.count()):
            handle = handles.nth(i)
            handle.scroll_into_view_if_needed()
            before = handle.evaluate(drive.PLOT_SRC)
            assert before, f"{name}: slider {i} has no plot next to it"
            handle.focus()
            for _ in range(3):
                handle.press("ArrowRight")
            after = drive.plot_after(handle, before)
            assert after, f"{name}: moving slider {i} with the keyboard did not redraw its plot"
            for key in ("End", "Home"):  # both ends of the range must give a figure too
                before = _settled_plot(page, handle)  # every earlier press has been drawn
                handle.press(key)
                assert drive.plot_after(handle, before), \
                    f"{name}: slider {i} at its {key} position did not redraw its plot"
                after = _settled_plot(page, handle)
                assert _errors_on_page(page) == [], f"{name}: error output with slider {i} at {key}"
                if key == "End":
                    handle.evaluate("el => el.closest('.widget-box').scrollIntoView()")
                    box = handle.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
                    box.screenshot(path=str(screenshot_dir / f"{Path(name).stem}_slider{i}_end.png"))
            handle.press("ArrowRight")  # away from the end we just saw, for the screenshot below
            after = drive.plot_after(handle, after)
            handle.evaluate("el => el.closest('.widget-box').scrollIntoView()")
            page.wait_for_timeout(300)
            box = handle.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
            box.screenshot(path=str(screenshot_dir / f"{Path(name).stem}_slider{i}.png"))

        selects = page.locator(".widget-dropdown select")
        for i in range(selects.count()):
            select = selects.nth(i)
            select.scroll_into_view_if_needed()
            options = select.locator("option").all_inner_texts()
            current = select.evaluate("s => s.options[s.selectedIndex].text")
            for option in [o for o in options if o != current] + [current]:  # every option, back to the start
                before = select.evaluate(drive.PLOT_SRC)
                select.select_option(label=option)
                assert drive.plot_after(select, before), f"{name}: dropdown {i} = {option!r} did not redraw"
        _wait_idle(page)
        assert _errors_on_page(page) == [], f"{name}: error or stderr output after moving the controls"
    finally:
        page.close()
