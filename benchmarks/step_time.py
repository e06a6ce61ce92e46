"""Time one SGD training step of small MLPs: nnlib vs torch (CPU) vs a fused NumPy step.

One step = forward, cross-entropy, backward, parameter update; ReLU MLPs in float32,
on ONE thread (NumPy's BLAS via threadpoolctl, torch via torch.set_num_threads(1)).
The fused NumPy step is written by hand with `@` ("numpy"), and once more with
`a.dot(b)` ("numpy_dot"), which nnlib uses and which is faster on small arrays.
The implementations are timed round-robin, many times over, and the median
per-step time is reported, so that load from other processes hits all of them alike.
Both wall-clock and thread CPU time are measured; on a busy machine the CPU time
is the steadier of the two.

Run:  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/step_time.py
Writes benchmarks/results/step_time.csv.
"""

import argparse
import csv
import os
import time
from pathlib import Path

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

import nnlib
from nnlib import nn, optim

SHAPES = [  # (layer sizes, batch size)
    ((2, 16, 16, 2), 32),
    ((64, 128, 128, 10), 64),
    ((784, 256, 256, 10), 128),
]
LR = 0.01


def init_weights(sizes, seed=0):
    """[(w (out, in), b (out,))] float32, torch's default init U(-1/sqrt(in), 1/sqrt(in))."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        k = 1 / np.sqrt(fan_in)
        params.append((rng.uniform(-k, k, (fan_out, fan_in)).astype(np.float32),
                       rng.uniform(-k, k, fan_out).astype(np.float32)))
    return params


def mlp_layers(module, sizes):
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(module.Linear(fan_in, fan_out))
        if i < len(sizes) - 2:
            layers.append(module.ReLU())
    return module.Sequential(*layers)


# ----------------------------------------------------------------- nnlib
def make_nnlib(sizes, X, y):
    model = mlp_layers(nn, sizes)
    model.load_state_dict({f"{2 * i}.{k}": v for i, (w, b) in enumerate(init_weights(sizes))
                           for k, v in (("weight", w), ("bias", b))})
    loss_fn, opt = nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=LR)
    Xt = nnlib.Tensor(X)  # wrapped once, outside the step, as torch.from_numpy below

    def step():
        opt.zero_grad()
        loss = loss_fn(model(Xt), y)
        loss.backward()
        opt.step()
        return loss

    return step


# ----------------------------------------------------------------- torch
def make_torch(sizes, X, y):
    model = mlp_layers(torch.nn, sizes)
    with torch.no_grad():
        for i, (w, b) in enumerate(init_weights(sizes)):
            model[2 * i].weight.copy_(torch.from_numpy(w))
            model[2 * i].bias.copy_(torch.from_numpy(b))
    loss_fn, opt = torch.nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(Xt), yt)
        loss.backward()
        opt.step()
        return loss

    return step


# ---------------------------------------------- hand-written fused NumPy
def make_numpy(sizes, X, y, dot=False):
    """The step written by hand with `@`; dot=True: the same with `a.dot(b)`, which
    has less overhead than `@` on small arrays (nnlib's linear layer uses it)."""
    params = init_weights(sizes)
    N, rows = len(X), np.arange(len(X))
    lr = np.float32(LR)

    def step():
        # forward: keep each layer's input for the backward pass
        inputs, h = [], X
        for i, (w, b) in enumerate(params):
            inputs.append(h)
            h = h.dot(w.T) if dot else h @ w.T
            h += b
            if i < len(params) - 1:
                np.maximum(h, 0, out=h)
        # cross-entropy from logits h: (N, C); dz = (softmax - one_hot) / N
        h -= h.max(axis=1, keepdims=True)
        np.exp(h, out=h)
        h /= h.sum(axis=1, keepdims=True)
        loss = -np.log(h[rows, y]).mean()
        h[rows, y] -= 1
        h *= np.float32(1 / N)
        dout = h
        # backward and in-place SGD update, last layer first
        for i in range(len(params) - 1, -1, -1):
            w, b = params[i]
            x = inputs[i]
            dx = (dout.dot(w) if dot else dout @ w) if i > 0 else None
            w -= lr * (dout.T.dot(x) if dot else dout.T @ x)
            b -= lr * dout.sum(axis=0)
            if i > 0:
                dx *= x > 0  # ReLU backward: x is the ReLU output of the layer below
                dout = dx
        return loss

    return step


def make_numpy_dot(sizes, X, y):
    return make_numpy(sizes, X, y, dot=True)


def check_same_first_step(sizes, X, y):
    """The three steps compute the same loss from the same weights (sanity check)."""
    losses = [make(sizes, X, y)().item() for make in (make_nnlib, make_torch, make_numpy, make_numpy_dot)]
    assert np.allclose(losses, losses[0], rtol=1e-4), losses


def time_block(step, n):
    """(wall-clock seconds, this thread's CPU seconds) per step, over n steps.

    The CPU time counts only the work done by this thread (everything runs on one
    thread here), so it is much less disturbed by other processes competing for the
    cores than the wall-clock time; both are reported.
    """
    w0, c0 = time.perf_counter(), time.thread_time()
    for _ in range(n):
        step()
    return (time.perf_counter() - w0) / n, (time.thread_time() - c0) / n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60, help="round-robin rounds per shape")
    parser.add_argument("--budget", type=float, default=0.02, help="seconds per timed block (sets block size)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "step_time.csv"))
    args = parser.parse_args()

    torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        print("thread pools (after limiting to one thread):")
        for info in threadpool_info():
            print(f"  {info['internal_api']:9s} {info.get('architecture', '-'):10s} "
                  f"threads={info['num_threads']}  {os.path.basename(info['filepath'])}")
        print(f"torch threads: {torch.get_num_threads()}   CPUs visible: {os.cpu_count()}   "
              f"load average: {os.getloadavg()[0]:.2f}")
        names = ["nnlib", "torch", "numpy", "numpy_dot"]
        rows = []
        for sizes, batch in SHAPES:
            rng = np.random.default_rng(1)
            X = rng.standard_normal((batch, sizes[0])).astype(np.float32)
            y = rng.integers(0, sizes[-1], batch).astype(np.int64)
            check_same_first_step(sizes, X, y)
            steps = {"nnlib": make_nnlib(sizes, X, y), "torch": make_torch(sizes, X, y),
                     "numpy": make_numpy(sizes, X, y), "numpy_dot": make_numpy_dot(sizes, X, y)}
            block = {}
            for name, step in steps.items():  # warm up and pick a block size
                time_block(step, 20)
                block[name] = max(1, int(args.budget / time_block(step, 20)[0]))
            wall, cpu = {name: [] for name in names}, {name: [] for name in names}
            for r in range(args.repeats):  # round-robin, rotating the order each round
                for name in names[r % len(names):] + names[:r % len(names)]:
                    w, c = time_block(steps[name], block[name])
                    wall[name].append(w)
                    cpu[name].append(c)
            row = {"shape": "-".join(map(str, sizes)), "batch": batch}
            for kind, times in (("wall", wall), ("cpu", cpu)):
                med = {name: 1e6 * float(np.median(t)) for name, t in times.items()}
                row.update({f"{name}_{kind}_us": med[name] for name in names})
                row[f"nnlib_over_torch_{kind}"] = med["nnlib"] / med["torch"]
                row[f"nnlib_over_numpy_{kind}"] = med["nnlib"] / med["numpy"]
                row[f"nnlib_over_numpy_dot_{kind}"] = med["nnlib"] / med["numpy_dot"]
            row.update(repeats=args.repeats, steps_per_block=block["nnlib"])
            rows.append(row)
        load = os.getloadavg()[0]

    print(f"\nmedian time per SGD step (microseconds), {args.repeats} interleaved rounds, float32, "
          f"1 thread; load average at the end: {load:.2f}")
    for kind, title in (("cpu", "thread CPU time (robust to other processes)"), ("wall", "wall-clock time")):
        print(f"\n{title}")
        print(f"{'MLP':>16s} {'batch':>5s} {'nnlib':>9s} {'torch':>9s} {'numpy':>9s} {'numpy_dot':>9s} "
              f"{'nnlib/torch':>11s} {'nnlib/numpy':>11s} {'/numpy_dot':>10s}")
        for r in rows:
            print(f"{r['shape']:>16s} {r['batch']:5d} {r[f'nnlib_{kind}_us']:9.1f} {r[f'torch_{kind}_us']:9.1f} "
                  f"{r[f'numpy_{kind}_us']:9.1f} {r[f'numpy_dot_{kind}_us']:9.1f} "
                  f"{r[f'nnlib_over_torch_{kind}']:11.2f} {r[f'nnlib_over_numpy_{kind}']:11.2f} "
                  f"{r[f'nnlib_over_numpy_dot_{kind}']:10.2f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in rows:
            writer.writerow({k: f"{v:.2f}" if isinstance(v, float) else v for k, v in r.items()})
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
