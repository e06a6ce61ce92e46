"""Drive the built JupyterLite site in headless Chromium, as a student would.

Used by tests/test_lite.py (does every notebook run cleanly?) and benchmarks/lite_cost.py
(how long does it take?). One browser page holds JupyterLab; each notebook is opened in it,
gets its own fresh kernel (a new Pyodide), runs all its cells, and is closed with its kernel.
"""

import contextlib
import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

SITE = Path(__file__).resolve().parent / "site"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
    # Every host but 127.0.0.1 is unresolvable: a request that tries to leave the machine fails
    # here (and is recorded by `Lab.external`) instead of reaching the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/zip"}

    def end_headers(self):
        # Let the browser cache what it fetched, as a static web host would: each notebook's
        # new kernel fetches Pyodide and the wheels again.
        self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def do_GET(self):
        if self.path in self.pages:  # extra pages held in memory (benchmarks/lite_cost.py's probe)
            body = self.pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def log_message(self, *args):  # quiet: a test fails on stderr output in some places
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closes a page or a worker drops the fetches it no longer needs: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site=SITE, pages=None):
    """Serve `site` on a free port of 127.0.0.1 from a thread; yields the base URL.

    pages: {path: html bytes} served as well, e.g. {"/probe.html": b"..."}."""
    handler = type("Handler", (_Handler,), {"pages": pages or {}})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


KERNEL_IDLE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle';
}"""

# Per code cell: execution count, errors, stderr and stdout text, from the notebook model (all
# cells, rendered or not; `index` counts markdown cells too, as nbformat does).
CELLS = """() => {
    const m = window.jupyterapp.shell.currentWidget.content.model;
    const text = (outs, name) => outs.filter(o => o.output_type === 'stream' && o.name === name)
                                     .map(o => Array.isArray(o.text) ? o.text.join('') : String(o.text));
    const cells = [];
    for (let i = 0; i < m.cells.length; i++) {
        const c = m.cells.get(i);
        if (c.type !== 'code') continue;
        const outs = c.outputs.toJSON();
        cells.push({index: i, count: c.executionCount,
                    errors: outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
                    stderr: text(outs, 'stderr'), stdout: text(outs, 'stdout').join('')});
    }
    return cells;
}"""

# Run code in the current notebook's kernel, outside the notebook: {stdout, errors}.
EXECUTE = """async code => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const future = kernel.requestExecute({code, store_history: false});
    let stdout = '', errors = '';
    future.onIOPub = msg => {
        if (msg.header.msg_type === 'stream') stdout += msg.content.text;
        if (msg.header.msg_type === 'error') errors += msg.content.ename + ': ' + msg.content.evalue;
    };
    await future.done;
    return {stdout, errors};
}"""

# The <img> of the plot that belongs to a control: the nearest enclosing widget box that also
# holds a widget Output with an image.
# Close the current notebook without saving and shut its kernel down (JupyterLab and JupyterLite alike).
CLOSE_NOTEBOOK = """async () => {
    const w = window.jupyterapp.shell.currentWidget;
    if (!w || !w.sessionContext) return;  // no notebook open (opening it failed)
    await w.sessionContext.shutdown();
    w.context.model.dirty = false;
    w.dispose();
}"""

PLOT_SRC = """el => {
    let n = el;
    while (n && !(n.classList && n.classList.contains('widget-box') && n.querySelector('.widget-output img')))
        n = n.parentElement;
    const img = n && n.querySelector('.widget-output img');
    return img ? img.src : null;
}"""


class Lab:
    """JupyterLab (JupyterLite) in one browser page; records every request that is not local."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.external = []
        self.missing = []  # local requests answered 404: a file the site needs but lacks
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.on("request", self._record)
        self.context.on("response", self._received)
        self.page = self.context.new_page()
        start = time.perf_counter()
        self.page.goto(f"{base_url}/lab/index.html")
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined",
                                    timeout=120_000)
        self.page.evaluate("() => window.jupyterapp.started")
        self.ui_seconds = time.perf_counter() - start

    def _record(self, request):
        url = urlparse(request.url)
        if url.scheme not in ("data", "blob", "about") and url.hostname != "127.0.0.1":
            self.external.append(request.url)

    def _received(self, response):
        if urlparse(response.url).hostname == "127.0.0.1" and response.status == 404:
            self.missing.append(response.url)

    def open(self, name, timeout_s=180, while_starting=None):
        """Open notebook `name` and wait until its new kernel is idle; returns the seconds taken.

        while_starting: called once the notebook is shown, while its kernel starts."""
        start = time.perf_counter()
        self.page.evaluate("name => { window.jupyterapp.commands.execute('docmanager:open', {path: name}); }", name)
        self.page.wait_for_function(
            "name => { const w = window.jupyterapp.shell.currentWidget; return w && w.context"
            " && w.context.path === name; }", arg=name, timeout=60_000, polling=50)
        if while_starting:
            while_starting()
        self.page.wait_for_function(KERNEL_IDLE, timeout=timeout_s * 1000, polling=100)
        return time.perf_counter() - start

    def run_all(self, timeout_s=300):
        """Run every cell; returns (seconds, cells) once every code cell has run or one failed."""
        start = time.perf_counter()
        self.page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        deadline = start + timeout_s
        while time.perf_counter() < deadline:
            cells = self.page.evaluate(CELLS)
            done = all(c["count"] is not None for c in cells) and self.page.evaluate(KERNEL_IDLE)
            if done or any(c["errors"] for c in cells):  # Run All stops at an error
                return time.perf_counter() - start, cells
            time.sleep(0.1)
        return time.perf_counter() - start, self.page.evaluate(CELLS)

    def execute(self, code):
        """Run `code` in the open notebook's kernel; returns (stdout, error text)."""
        result = self.page.evaluate(EXECUTE, code)
        return result["stdout"], result["errors"]

    def wait_idle(self, timeout_s=60):
        self.page.wait_for_function(KERNEL_IDLE, timeout=timeout_s * 1000, polling=50)

    def close(self):
        """Close the current notebook without saving and shut its kernel down."""
        self.page.evaluate(CLOSE_NOTEBOOK)

    def quit(self):
        self.context.close()


def plot_after(control, old_src, timeout_s=30):
    """The src of the control's plot once it differs from old_src (None if it never does)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        src = control.evaluate(PLOT_SRC)
        if src and src != old_src:
            return src
        time.sleep(0.05)
    return None
