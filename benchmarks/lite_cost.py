"""What the in-browser edition (JupyterLite, `make lite`) costs: size, start-up, run time, sliders.

    python benchmarks/lite_cost.py [--notebooks 00,02]   # needs lite/site/ and /usr/bin/chromium
    python benchmarks/lite_cost.py --cells --notebooks 07,11   # where Run All's time goes, cell by cell

Measures, in headless Chromium on this machine:
- the site's size (what a student's browser may download), split into its parts;
- page load to JupyterLab ready, and to a notebook's kernel ready (a cold browser cache);
- where a kernel's start-up goes, phase by phase (a bare Pyodide page doing what the kernel does);
- per notebook: kernel ready, then Run All, next to its CPython time (a fresh ipykernel, measured
  right after it by notebook_cost.py's method, so that both see the same machine load, and the
  committed figure from notebook_cost.csv);
- slider response: a slider moved one step until its plot is redrawn.
Writes benchmarks/results/lite_cost.csv (per notebook) and lite_startup.csv (the rest), and
prints both. The machine's load average is recorded: on a shared 2-core machine other work
slows the browser down as much as anything measured here.
"""

import argparse
import csv
import json
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "lite"))
import drive  # noqa: E402  (lite/drive.py)
from build import KERNEL_PACKAGES  # noqa: E402  (lite/build.py)
from notebook_cost import measure as cpython_run  # noqa: E402  (benchmarks/notebook_cost.py)

SLIDER_NOTEBOOKS = ["02_gradient_descent.ipynb", "05_vanishing_gradients.ipynb", "06_optimisers.ipynb",
                    "07_overfitting_dropout.ipynb", "10_batch_normalisation.ipynb"]

# What the Pyodide kernel does when it starts and when the first cell imports the course,
# one step at a time, on a bare page (no JupyterLab), with the site's own files.
PROBE = """<!doctype html><html><body><script type="module">
import { loadPyodide } from "./static/pyodide/pyodide.mjs";
const phases = []; let t = performance.now();
const lap = name => { const now = performance.now(); phases.push([name, (now - t) / 1000]); t = now; };
const py = await loadPyodide({indexURL: "./static/pyodide/"}); lap("start Pyodide (WebAssembly, standard library)");
await py.loadPackage(%s); lap("load the kernel's packages (IPython, comm, ...)");
await py.runPythonAsync("import piplite.piplite, pyodide_kernel"); lap("import the kernel (IPython)");
await py.loadPackage(["nnlib"]); lap("load numpy, matplotlib, ipywidgets, nnlib");
await py.runPythonAsync("import numpy"); lap("import numpy");
await py.runPythonAsync("import matplotlib; matplotlib.use('agg'); import matplotlib.pyplot");
lap("import matplotlib.pyplot");
await py.runPythonAsync("import ipywidgets, nnlib"); lap("import ipywidgets, nnlib");
await py.runPythonAsync(`import io
fig, ax = matplotlib.pyplot.subplots(); ax.plot([1, 2, 3]); fig.savefig(io.BytesIO(), format="png")`);
lap("first plot (PNG)");
await py.runPythonAsync(`fig, ax = matplotlib.pyplot.subplots(); ax.plot([1, 2])
fig.savefig(io.BytesIO(), format="png")`);
lap("second plot (PNG)");
window.phases = phases;
</script></body></html>"""


def site_size(site):
    parts = {"Pyodide core (WebAssembly, stdlib)": 0, "Python wheels": 0, "JupyterLab app and extensions": 0}
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            if path.suffix == ".whl":
                parts["Python wheels"] += size
            elif "static/pyodide" in path.as_posix():
                parts["Pyodide core (WebAssembly, stdlib)"] += size
            else:
                parts["JupyterLab app and extensions"] += size
    return parts


# Timed in the page: from the key press on a control (a keydown listener) until its plot shows a new
# image, decoded and painted (a MutationObserver, then img.decode() and the next animation frame).
# Timing in the page leaves out Playwright's own round trips and polling (50 ms steps before).
WATCH_REDRAW = """el => {
    let box = el;
    while (box && !(box.classList && box.classList.contains('widget-box') && box.querySelector('.widget-output img')))
        box = box.parentElement;
    const before = box.querySelector('.widget-output img').src;
    window.__redraw = {start: null, seconds: null};
    el.addEventListener('keydown', () => { window.__redraw.start = performance.now(); }, {once: true, capture: true});
    const observer = new MutationObserver(async () => {
        const img = box.querySelector('.widget-output img');
        if (!img || img.src === before || window.__redraw.start === null || observer.done) return;
        observer.done = true;
        observer.disconnect();
        await img.decode().catch(() => {});
        requestAnimationFrame(() => { window.__redraw.seconds = (performance.now() - window.__redraw.start) / 1000; });
    });
    observer.observe(box, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}"""


def slider_response(lab, presses=3):
    """Seconds from a key press on each slider to its redrawn plot: ([new settings], [settings seen before]).

    Each slider goes `presses` steps right (settings not shown yet), then as many back (seen before)."""
    new, seen = [], []
    handles = lab.page.locator(".jp-NotebookPanel .noUi-handle")
    for i in range(handles.count()):
        handle = handles.nth(i)
        handle.scroll_into_view_if_needed()
        for key, times in [("ArrowRight", new)] * presses + [("ArrowLeft", seen)] * presses:
            lab.wait_idle()
            time.sleep(0.2)  # the previous plot's last messages
            handle.evaluate(WATCH_REDRAW)
            handle.focus()
            handle.press(key)
            lab.page.wait_for_function("() => window.__redraw.seconds !== null", timeout=60_000, polling=100)
            times.append(lab.page.evaluate("() => window.__redraw.seconds"))
    return new, seen


# Run in the browser's kernel: one cell's source, timed, under cProfile; prints seconds and the top functions.
PROFILE_CELL = """
import cProfile as _cp, pstats as _ps, io as _io, time as _t, json as _json
_p = _cp.Profile(); _s = _t.perf_counter()
_p.runctx(compile(%r, "cell", "exec"), globals(), globals())
_s = _t.perf_counter() - _s
_o = _io.StringIO(); _ps.Stats(_p, stream=_o).sort_stats("tottime").print_stats(8)
print(_json.dumps({"seconds": _s, "top": _o.getvalue()}))
"""


def cell_times(names, top=3):
    """Where Run All's time goes: each code cell run alone, in the browser and in CPython (nbclient's
    timestamps, one process), the `top` slowest in the browser profiled (cProfile, by own time)."""
    import nbformat
    from nbclient import NotebookClient
    with drive.serve() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=drive.CHROMIUM_ARGS)
        lab = drive.Lab(browser, url)
        for name in names:
            nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
            lab.open(name)
            rows = []
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                timing = cell.metadata.get("execution", {})
                native = (_stamp(timing["shell.execute_reply"]) - _stamp(timing["iopub.execute_input"])
                          if "shell.execute_reply" in timing else float("nan"))
                start = time.perf_counter()
                _, errors = lab.execute(cell.source)
                rows.append((time.perf_counter() - start, native, index, cell.source.splitlines()[0][:60], errors))
            total = sum(r[0] for r in rows)
            print(f"\n{name}: cells run one by one: browser {total:.1f} s, CPython {sum(r[1] for r in rows):.1f} s")
            for browser_s, native_s, index, first, errors in sorted(rows, reverse=True)[:8]:
                print(f"  cell {index:3}: browser {browser_s:6.2f} s  CPython {native_s:6.2f} s  {first!r} {errors}")
            for *_, index, _, _ in sorted(rows, reverse=True)[:top]:
                printed, errors = lab.execute(PROFILE_CELL % nb.cells[index].source)
                if printed:
                    result = json.loads(printed.strip().splitlines()[-1])
                    print(f"\n  profile of cell {index} ({result['seconds']:.2f} s under the profiler):")
                    print("\n".join("    " + line for line in result["top"].splitlines()[4:22]))
            lab.close()
        lab.quit()
        browser.close()


def _stamp(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebooks", help="comma-separated prefixes, e.g. 00,02 (default: all)")
    parser.add_argument("--cells", action="store_true", help="time each cell of --notebooks (browser, CPython)")
    args = parser.parse_args()
    if args.cells:
        return cell_times([p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
                           if p.name[:2] in args.notebooks.split(",")])
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    if args.notebooks:
        notebooks = [n for n in notebooks if n[:2] in args.notebooks.split(",")]
    with open(RESULTS / "notebook_cost.csv") as f:
        cpython = {row["notebook"]: float(row["seconds"]) for row in csv.DictReader(f)}
    startup = [("load average (1 min) at start", os.getloadavg()[0], "")]
    startup += [(f"site size: {k}", v / 1e6, "MB") for k, v in site_size(drive.SITE).items()]
    startup.append(("site size: total", sum(r[1] for r in startup[1:]), "MB"))

    pages = {"/probe.html": (PROBE % KERNEL_PACKAGES).encode()}
    rows = []
    with drive.serve(pages=pages) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=drive.CHROMIUM_ARGS)
        # Phases of a kernel's start, on a fresh (cold) browser context.
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/probe.html")
        page.wait_for_function("window.phases && window.phases.length === 9", timeout=300_000)
        startup += [(f"start-up phase: {name}", s, "s") for name, s in page.evaluate("window.phases")]
        context.close()

        # A student's first visit: page load to JupyterLab, then to notebook 00's kernel (cold cache).
        lab = drive.Lab(browser, url)
        startup.append(("page load to JupyterLab ready (cold cache)", lab.ui_seconds, "s"))
        for name in notebooks:
            kernel = lab.open(name)
            run_all, cells = lab.run_all()
            clean = all(c["count"] is not None and not c["errors"] and not c["stderr"] for c in cells)
            if name == notebooks[0]:
                startup.append((f"page load to kernel ready ({name}, cold cache)", lab.ui_seconds + kernel, "s"))
            if name in SLIDER_NOTEBOOKS and clean:
                for what, times in zip(["new setting", "seen before"], slider_response(lab)):
                    if times:
                        startup.append((f"slider response, {what}, median of {len(times)} ({name})",
                                        statistics.median(times), "s"))
                        startup.append((f"slider response, {what}, max ({name})", max(times), "s"))
            lab.close()
            time.sleep(5)  # let the browser settle (it keeps a core busy for a moment after a kernel stops)
            now = cpython_run(ROOT / "notebooks" / name)["seconds"]  # kernel start included
            rows.append({"notebook": name, "kernel_ready_s": round(kernel, 2), "run_all_s": round(run_all, 2),
                         "cpython_s": round(now, 2), "run_all_over_cpython": round(run_all / now, 2),
                         "cpython_committed_s": round(cpython.get(name, float("nan")), 2), "clean": clean})
            print(rows[-1], flush=True)
        assert not lab.external, f"requests that left 127.0.0.1: {lab.external[:5]}"
        lab.quit()
        browser.close()
    startup.append(("load average (1 min) at end", os.getloadavg()[0], ""))

    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "lite_cost.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(RESULTS / "lite_startup.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["what", "value", "unit"])
        writer.writerows([(w, round(v, 2), u) for w, v, u in startup])
    print("\n| notebook | kernel ready (s) | Run All (s) | CPython, same load (s) | ratio |\n|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['notebook'][:-6]} | {r['kernel_ready_s']:.1f} | {r['run_all_s']:.1f} | {r['cpython_s']:.1f} | "
              f"{r['run_all_over_cpython']:.1f} |")
    print()
    for what, value, unit in startup:
        print(f"{what}: {value:.2f} {unit}")


if __name__ == "__main__":
    main()
