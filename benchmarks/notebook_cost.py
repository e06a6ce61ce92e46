"""Run time and peak memory of every notebook, each in a fresh kernel.

    python benchmarks/notebook_cost.py [notebooks/05_*.ipynb ...]

Each notebook runs in its own child process (nbclient + a new ipykernel), so the
child's RUSAGE_CHILDREN max-RSS is the kernel's peak memory. Prints a Markdown
table and writes benchmarks/results/notebook_cost.csv. Budgets from the course's
rules: 20 s and 700 MB per notebook (13: 60 s and 1.2 GB) on a 2-core CPU machine.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

CHILD = r"""
import json, resource, sys, time, nbformat
sys.path.insert(0, "tests")
from nbexecute import execute   # nbclient without its lost wake-ups (they would add up to 600 s to a timing)
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
execute(nb, "notebooks", timeout=600)
seconds = time.perf_counter() - start
stderr = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if o.get("name") == "stderr" or o.get("output_type") == "error")
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "stderr_outputs": stderr}))
"""


def measure(path):
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "stderr_outputs": -1,
                "error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(paths):
    paths = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows = []
    print("| notebook | run time (s) | peak kernel memory (MB) | stderr/error outputs |")
    print("|---|---:|---:|---:|")
    for path in paths:
        r = measure(path)
        rows.append({"notebook": path.name, **{k: r[k] for k in ("seconds", "peak_mb", "stderr_outputs")}})
        print(f"| {path.name} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['stderr_outputs']} |"
              + (f"  FAILED: {r['error']}" if "error" in r else ""), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "notebook_cost.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["notebook", "seconds", "peak_mb", "stderr_outputs"])
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
