"""Time one training step of the same MLP in nnlib (NumPy, CPU), torch on CPU and torch on a GPU.

The same sweep as notebook 13, run headless:

    python benchmarks/torch_sweep.py            # larger sweep when a GPU is present
    python benchmarks/torch_sweep.py --quick    # small sweep, a few seconds on a laptop CPU
    python benchmarks/torch_sweep.py --quick --threads 1   # torch on one CPU thread, as notebook 13

Writes benchmarks/results/torch_sweep.csv and benchmarks/results/torch_sweep.png.

Model: Linear(64, width) -> ReLU -> Linear(width, width) -> ReLU -> Linear(width, 10),
cross-entropy, SGD with momentum; float32. One "step" is what a training loop does per
mini-batch: take a NumPy batch (as nnlib.data.DataLoader yields it), forward, loss,
backward, optimizer step. For torch the batch is converted with torch.from_numpy and
copied to the device inside the step, as a real loop over a NumPy loader would do.
GPU work is asynchronous, so the clock is read only after torch.cuda.synchronize().

Two sweeps: time vs hidden width at a fixed batch size, and time vs batch size at a
fixed width. Each point is the fastest of repeated steps after a warm-up.
The machine's other load changes the numbers; compare lines within one run.
"""

import argparse
import csv
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

import nnlib  # noqa: E402
from nnlib import nn, optim  # noqa: E402

N_IN, N_OUT = 64, 10
# Okabe-Ito colours (colour-blind safe), one per implementation.
STYLE = {"nnlib (NumPy, CPU)": ("#E69F00", "o"), "torch CPU": ("#0072B2", "s"), "torch GPU": ("#009E73", "^")}


def pick_gpu():
    """torch.device for the GPU if there is one (CUDA, or MPS on Apple), else None."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return None


def synchronize(device):
    """Wait until the device has finished the queued work (GPU calls return early)."""
    if device.type == "cuda":
        torch.cuda.synchronize()
    elif device.type == "mps":
        torch.mps.synchronize()


def nnlib_step(width, batch_size, seed=0):
    nnlib.manual_seed(seed)
    model = nn.Sequential(nn.Linear(N_IN, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                          nn.Linear(width, N_OUT))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(seed)
    xb = rng.standard_normal((batch_size, N_IN)).astype(np.float32)
    yb = rng.integers(0, N_OUT, batch_size)

    def step():
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step, lambda: None


def torch_step(width, batch_size, device, seed=0):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(N_IN, width), torch.nn.ReLU(), torch.nn.Linear(width, width),
                                torch.nn.ReLU(), torch.nn.Linear(width, N_OUT)).to(device)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(seed)
    xb = rng.standard_normal((batch_size, N_IN)).astype(np.float32)
    yb = rng.integers(0, N_OUT, batch_size)

    def step():
        x, y = torch.from_numpy(xb).to(device), torch.from_numpy(yb).to(device)  # host -> device copy
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step, lambda: synchronize(device)


def warm_up(devices, seconds=1.0):
    """Run small steps for a while: torch's first steps in a process are slow (thread pools,
    allocator, GPU context and kernels being loaded), and that start-up is not what we measure."""
    for device in devices:
        step, sync = torch_step(64, 64, device)
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            step()
        sync()


def seconds_per_step(step, sync, budget=0.3, max_steps=50):
    """Fastest wall time of one step, after two warm-up steps (first calls allocate memory).

    The minimum, as timeit recommends: other programs on the machine can only make a step
    slower, so the fastest repeat is the closest to the step's own cost."""
    for _ in range(2):
        step()
    sync()
    times, start = [], time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < max_steps):
        t0 = time.perf_counter()
        step()
        sync()  # on a GPU, without this we would time only the *queueing* of the work
        times.append(time.perf_counter() - t0)
    return min(times)


def sweep(widths, batch_sizes, fixed_width, fixed_batch, gpu=None, budget=0.3, log=print):
    """Rows of dicts: sweep ('width' or 'batch_size'), impl, device, width, batch_size, ms_per_step."""
    impls = [("nnlib (NumPy, CPU)", "cpu", nnlib_step), ("torch CPU", "cpu", None)]
    if gpu is not None:
        impls.append(("torch GPU", gpu.type, None))
    points = [("width", w, fixed_batch) for w in widths] + [("batch_size", fixed_width, b) for b in batch_sizes]
    warm_up([torch.device("cpu")] + ([gpu] if gpu is not None else []))
    rows = []
    for kind, width, batch in points:
        for impl, device, make in impls:
            if make is None:
                step, sync = torch_step(width, batch, torch.device(device))
            else:
                step, sync = make(width, batch)
            ms = 1e3 * seconds_per_step(step, sync, budget)
            rows.append(dict(sweep=kind, impl=impl, device=device, width=width, batch_size=batch,
                             ms_per_step=round(ms, 4)))
            log(f"{kind:>10}  {impl:<20} width={width:<6} batch={batch:<6} {ms:10.3f} ms/step")
    return rows


def plot(rows, path, title):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, kind, xlabel in [(axes[0], "width", "hidden width (units per layer)"),
                             (axes[1], "batch_size", "batch size")]:
        fixed = None
        for impl, (color, marker) in STYLE.items():
            pts = [r for r in rows if r["sweep"] == kind and r["impl"] == impl]
            if not pts:
                continue
            xs = [r[kind] for r in pts]
            ax.plot(xs, [r["ms_per_step"] for r in pts], marker=marker, color=color, label=impl)
            fixed = pts[0]["batch_size" if kind == "width" else "width"]
        other = "batch size" if kind == "width" else "width"
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("time per training step (ms)")
        ax.set_title(f"Step time vs {xlabel.split(' (')[0]} ({other} {fixed})")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small CPU-sized sweep (a few seconds)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"), help="output folder")
    parser.add_argument("--no-gpu", action="store_true", help="skip the GPU even if there is one")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch CPU threads (default: torch's own choice; notebook 13 uses 1)")
    args = parser.parse_args(argv)
    if args.threads is not None:
        torch.set_num_threads(args.threads)

    gpu = None if args.no_gpu else pick_gpu()
    if args.quick or gpu is None:
        widths, batch_sizes, fixed_width, fixed_batch, budget = [16, 64, 256, 1024], [8, 64, 512, 4096], 256, 64, 0.2
    else:
        widths = [16, 64, 256, 1024, 4096]
        batch_sizes = [8, 64, 512, 4096, 16384]
        fixed_width, fixed_batch, budget = 1024, 256, 0.5
    where = f"GPU: {torch.cuda.get_device_name(0) if gpu.type == 'cuda' else gpu.type}" if gpu else "no GPU found"
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads, {where}"
          f"{' (quick sweep)' if args.quick else ''}")

    rows = sweep(widths, batch_sizes, fixed_width, fixed_batch, gpu, budget)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "torch_sweep.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, out / "torch_sweep.png", f"One training step of a 3-layer MLP, float32 ({where})")
    print(f"wrote {out / 'torch_sweep.csv'} and {out / 'torch_sweep.png'}")


if __name__ == "__main__":
    main()
