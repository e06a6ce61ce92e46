"""Run several variants of one notebook, sharing the cells they have in common (used by things_to_try.py).

    python tests/nbfork.py JOB.json RESULT.json

JOB.json: {"cells": [source, ...], "cwd": folder, "timeout": seconds,
           "variants": [{"id": ..., "at": k, "cells": [source, ...]}, ...]}
Each variant is the notebook's first k cells followed by its own cells (the edited rest of the notebook, and any
cells it adds). The first k cells run once, in this process, in an IPython shell with the inline matplotlib
backend, as in a kernel; at each variant's k the process forks, and the child runs the variant's own cells on a
copy of exactly the state those k cells left (the same objects, random generators, open figures), then reports.
So a variant sees what a fresh kernel running its whole notebook from the top would see, without running the
shared cells again. Run it with one thread for the maths (OMP_NUM_THREADS=1, as things_to_try.py does): a forked
child inherits no threads, and an OpenMP pool started before the fork would leave it waiting forever.

With "check_figures": true (and "ids": the cells' ids) every picture the notebook's own cells render is checked
by tests/figure_capture.py's watch_figures(), the cells after the last variant's k run too, and RESULT.json's
"__figures__" holds the records (the Things-to-try run of a notebook doubles as its figure check).

RESULT.json: {variant id: [outputs of each cell it ran]}, the outputs as nbformat dictionaries (stream,
display_data, execute_result, error); a variant stops at its first error, as a kernel running all cells does.
"""

import json
import os
import select
import signal
import sys
import traceback

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config


class Shell(InteractiveShell):
    """IPython's shell without a terminal: the matplotlib backend is switched, but no GUI loop starts."""

    def enable_gui(self, gui=None):
        pass


def make_shell(cwd):
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = Shell.instance(config=config)
    shell.enable_matplotlib("inline")           # figures are rendered to PNG and closed after each cell
    shell.displayhook.write_output_prompt = lambda: None   # a cell's value is an output, not "Out[n]: ..."
    os.chdir(cwd)
    sys.path.insert(0, "")                       # as in a kernel: the notebook's folder is importable
    return shell


def run_cell(shell, source):
    """The outputs of one cell, as nbformat output dictionaries; the last one is an error if it raised."""
    with capture_output() as captured:
        result = shell.run_cell(source, store_history=True)
    outputs = []
    if captured.stdout:
        outputs.append({"output_type": "stream", "name": "stdout", "text": captured.stdout})
    if captured.stderr:
        outputs.append({"output_type": "stream", "name": "stderr", "text": captured.stderr})
    outputs += [{"output_type": "display_data", "data": {k: v for k, v in o.data.items() if isinstance(v, str)}}
                for o in captured.outputs]
    error = result.error_before_exec or result.error_in_exec
    if error is not None:
        outputs.append({"output_type": "error", "ename": type(error).__name__, "evalue": str(error),
                        "traceback": traceback.format_exception(error)})
    return outputs


def failed(cell_outputs):
    """Whether the last cell of a list of cells' outputs raised."""
    return bool(cell_outputs and cell_outputs[-1] and cell_outputs[-1][-1]["output_type"] == "error")


def run_variant(shell, cells, write_end):
    outputs = []
    for source in cells:
        outputs.append(run_cell(shell, source))
        if failed(outputs):
            break
    with os.fdopen(write_end, "w") as pipe:
        json.dump(outputs, pipe)


def fork_variant(shell, cells, timeout):
    """Run `cells` in a forked copy of this process; their outputs (or an error saying why there are none)."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:                                 # the child: run, report, and leave without any clean-up
        os.close(read_end)
        code = 0
        try:
            run_variant(shell, cells, write_end)
        except BaseException:                    # noqa: B036 -- whatever happens, the child must end here
            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end) as pipe:
        while True:
            ready, _, _ = select.select([pipe], [], [], timeout)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return [[{"output_type": "error", "ename": "TimeoutError", "evalue": f"no result after {timeout} s",
                          "traceback": []}]]
            chunk = pipe.read()
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    text = "".join(chunks)
    if os.waitstatus_to_exitcode(status) != 0 or not text:
        return [[{"output_type": "error", "ename": "ChildProcessError",
                  "evalue": f"the forked run ended with status {os.waitstatus_to_exitcode(status)}", "traceback": []}]]
    return json.loads(text)


def main(job_path, result_path):
    with open(job_path) as f:
        job = json.load(f)
    shell = make_shell(job["cwd"])
    figures = current = None
    if job.get("check_figures"):                 # every picture the notebook's own cells render, checked
        from figure_capture import watch_figures
        figures, current = watch_figures(png_prefix=job.get("name", ""))
    shared, results = [], {}

    def run_shared(upto):
        while len(shared) < upto and not failed(shared):
            if current is not None:
                current["cell"] = job["ids"][len(shared)]
            shared.append(run_cell(shell, job["cells"][len(shared)]))

    for variant in sorted(job["variants"], key=lambda v: v["at"]):
        run_shared(variant["at"])
        if failed(shared):
            results[variant["id"]] = shared[:]   # a shared cell failed: so does every variant after it
            continue
        results[variant["id"]] = shared + fork_variant(shell, variant["cells"], job["timeout"])
    if figures is not None:                      # the cells after the last item's fork point, for their figures
        run_shared(len(job["cells"]))
        if failed(shared):
            figures.append({"cell": job["ids"][len(shared) - 1], "error": shared[-1][-1]["evalue"]})
        results["__figures__"] = figures
    with open(result_path, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
