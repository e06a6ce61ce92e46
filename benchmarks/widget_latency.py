"""How long does a slider move take in each explorer of nnlib.widgets?

For each explorer we time setting `control.value`, which is what the kernel runs
when a student moves the control: compute (or look up) the result, redraw the
axes, render the figure to PNG (first visit only) and display it in the Output.
Moves to a value never seen before are "uncached" (they retrain/recompute);
moves back to a visited value are "cached". We report the median over several
moves. Targets: uncached <= 300 ms, cached <= 50 ms.

The machine's BLAS threads matter: on a busy 2-core machine OpenBLAS's threads
fight each other on these small matrices; compare with OPENBLAS_NUM_THREADS=1.

    python benchmarks/widget_latency.py        # prints a table, writes
                                               # benchmarks/results/widget_latency.csv
"""

import contextlib
import csv
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from nnlib.data import make_moons  # noqa: E402
from nnlib.widgets import DropoutExplorer, LearningRateExplorer, VanishingGradientExplorer  # noqa: E402

TARGET_MS = {"uncached": 300.0, "cached": 50.0}


def timed_move(control, value):
    """Milliseconds for one move of `control` to `value`."""
    with contextlib.redirect_stdout(io.StringIO()):  # display() prints a repr outside a kernel
        start = time.perf_counter()
        control.value = value
        return 1000 * (time.perf_counter() - start)


def measure(name, control, values):
    """Visit `values` once (uncached), then visit them again (cached)."""
    rows = []
    for kind in ("uncached", "cached"):
        times = [timed_move(control, v) for v in values]
        rows.append({"explorer": name, "move": kind, "moves": len(times),
                     "median_ms": round(statistics.median(times), 1),
                     "max_ms": round(max(times), 1), "target_ms": TARGET_MS[kind]})
    return rows


def main():
    rows = []
    with contextlib.redirect_stdout(io.StringIO()):  # the explorers display their first figure
        lr = LearningRateExplorer(default_lr=1.0)
        vg = VanishingGradientExplorer(depth=10)
        X, y = make_moons(260, noise=0.35, seed=0)
        do = DropoutExplorer(X[:60], y[:60], X[60:], y[60:], default_p=0.0)
    # exponents -4.0, -3.5, ..., 1.5: distinct positions, the default (1.0) left out
    rows += measure("LearningRateExplorer", lr.slider, [10 ** (e / 2) for e in range(-8, 4) if e != 0])

    rows += measure("VanishingGradientExplorer", vg.depth, [d for d in range(2, 21) if d != 10])

    rows += measure("DropoutExplorer", do.slider, [0.05 * k for k in range(1, 19, 2)])

    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for row in rows:
        row["ok"] = row["median_ms"] <= row["target_ms"]
        row.update(cpu_cores=os.cpu_count(), load_average=round(load, 2), openblas_num_threads=threads)

    print(f"python {platform.python_version()}, {os.cpu_count()} CPU cores, load average {load:.2f} "
          f"(other work on the machine slows every figure), OPENBLAS_NUM_THREADS={threads}")
    header = f"{'explorer':<27}{'move':<10}{'moves':>6}{'median ms':>11}{'max ms':>9}{'target':>8}  ok"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['explorer']:<27}{r['move']:<10}{r['moves']:>6}{r['median_ms']:>11.1f}"
              f"{r['max_ms']:>9.1f}{r['target_ms']:>8.0f}  {'yes' if r['ok'] else 'NO'}")

    out = Path(__file__).resolve().parent / "results" / "widget_latency.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
