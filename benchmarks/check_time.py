"""How long each exercise check takes: the worked solution and every listed mistake.

Timings are measured here, never asserted in tests (a timed assertion fails by chance on a
loaded machine). Each check runs `--repeats` times; the median is reported.

Run:  .venv/bin/python benchmarks/check_time.py [--repeats 5]
Writes benchmarks/results/check_time.csv and prints the slowest checks.
"""

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from exercise_mistakes import all_mistakes  # noqa: E402

from nnlib.exercises import all_exercises, run_check  # noqa: E402


def median_seconds(exercise_id, fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_check(exercise_id, fn)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "check_time.csv"))
    args = parser.parse_args()
    mistakes = all_mistakes()
    rows = []
    for exercise_id, exercise in all_exercises().items():
        rows.append((exercise_id, "reference", median_seconds(exercise_id, exercise.reference, args.repeats)))
        for name, fn in mistakes.get(exercise_id, {}).items():
            rows.append((exercise_id, name, median_seconds(exercise_id, fn, args.repeats)))
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["exercise", "code", "median_s"])
        writer.writerows((e, c, f"{s:.4f}") for e, c, s in rows)
    rows.sort(key=lambda r: -r[2])
    print(f"{len(rows)} checks, median of {args.repeats} runs each; slowest:")
    for e, c, s in rows[:8]:
        print(f"  {e:22s} {c:40s} {1000 * s:8.1f} ms")
    print(f"all under {1000 * rows[0][2]:.0f} ms; results in {args.out}")


if __name__ == "__main__":
    main()
