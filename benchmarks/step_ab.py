"""A/B: one SGD training step of nnlib as it is now vs nnlib at another git revision, in ONE process.

`step_time.py` compares nnlib with torch and NumPy; on a machine shared with other work its numbers move
by 10% or more from one run to the next. To see whether a change costs time, this script imports both
versions side by side (the other one as a renamed copy from `git archive`), times them round-robin on
the same data and reports the median of the paired differences, in thread CPU time.

Run:  OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD .venv/bin/python benchmarks/step_ab.py --against 3d8be1d
"""

import argparse
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

import nnlib

SHAPES = [((2, 16, 16, 2), 32), ((64, 128, 128, 10), 64)]


def other_version(revision, folder):
    """Import nnlib at `revision` as the package `nnlib_ab` (its imports inside are relative)."""
    archive = subprocess.run(["git", "archive", revision, "nnlib"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    Path(folder, "nnlib").rename(Path(folder, "nnlib_ab"))
    sys.path.insert(0, str(folder))
    return importlib.import_module("nnlib_ab")


def make_step(lib, sizes, X, y):
    """forward, cross-entropy, backward, SGD update: the step of step_time.py."""
    lib.manual_seed(0)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(lib.nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(lib.nn.ReLU())
    model = lib.nn.Sequential(*layers)
    loss_fn, opt = lib.nn.CrossEntropyLoss(), lib.optim.SGD(model.parameters(), lr=0.01)
    Xt = lib.Tensor(X)

    def step():
        opt.zero_grad()
        loss_fn(model(Xt), y).backward()
        opt.step()

    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="git revision to compare with, e.g. main or a commit")
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old = other_version(args.against, folder)
        for sizes, batch in SHAPES:
            rng = np.random.default_rng(0)
            X = rng.standard_normal((batch, sizes[0])).astype(np.float32)
            y = rng.integers(0, sizes[-1], batch)
            steps = {"other": make_step(old, sizes, X, y), "this": make_step(nnlib, sizes, X, y)}
            block = max(1, int(2000 / (sizes[1] * batch) ** 0.5))  # a few milliseconds per timed block
            times = {k: [] for k in steps}
            for r in range(args.rounds):
                for k in (("other", "this") if r % 2 else ("this", "other")):
                    t0 = time.thread_time()
                    for _ in range(block):
                        steps[k]()
                    times[k].append((time.thread_time() - t0) / block * 1e6)
            diff = np.median(np.subtract(times["this"], times["other"]))
            other = np.median(times["other"])
            print(f"{'-'.join(map(str, sizes))} (batch {batch}): {args.against} {other:.1f} us, this tree "
                  f"{np.median(times['this']):.1f} us, median paired difference {diff:+.2f} us "
                  f"({100 * diff / other:+.1f}%)")


if __name__ == "__main__":
    main()
