"""How the exercise checks judge blind student code: false passes, false rejections, crashes, diagnoses.

Student code lives in tests/student_code/round*/nbNN.py (or --dir): each module defines
RIGHT = {exercise id: [fn, ...]} and WRONG = {exercise id: [(fn, description), ...]}.

Run:  .venv/bin/python benchmarks/student_code_survey.py [--dir DIR] [--verbose]
A wrong answer counts as diagnosed when the verdict names a mistake or a measured relation
(Verdict.diagnosis), not the generic "out is ...; expected ..." line.
"""

import argparse
import importlib.util
import re
import sys
import traceback
from pathlib import Path

from nnlib.exercises import run_check

ROOT = Path(__file__).resolve().parent.parent
GENERIC = re.compile(r" is .*; expected .*\(largest difference")


def load(path):
    spec = importlib.util.spec_from_file_location(f"student_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "RIGHT", {}), getattr(module, "WRONG", {})


def diagnosed(verdict):
    return bool(verdict.mistake or getattr(verdict, "diagnosis", None))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", action="append", default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    dirs = [Path(d) for d in args.dir] if args.dir else sorted((ROOT / "tests" / "student_code").glob("round*"))
    stats = dict(right=0, wrong=0, false_pass=0, false_reject=0, crash=0, diagnosed=0, not_generic=0)
    for d in dirs:
        for path in sorted(d.glob("nb*.py")):
            right, wrong = load(path)
            for exercise_id, fns in right.items():
                for fn in fns:
                    stats["right"] += 1
                    try:
                        verdict = run_check(exercise_id, fn)
                    except Exception:
                        stats["crash"] += 1
                        print(f"CRASH (right) {exercise_id} {fn.__name__}\n{traceback.format_exc(limit=3)}")
                        continue
                    if not verdict.passed:
                        stats["false_reject"] += 1
                        print(f"FALSE REJECTION {exercise_id} {path.name}:{fn.__name__}\n{verdict.text}\n")
            for exercise_id, items in wrong.items():
                for fn, description in items:
                    stats["wrong"] += 1
                    try:
                        verdict = run_check(exercise_id, fn)
                    except Exception:
                        stats["crash"] += 1
                        print(f"CRASH (wrong) {exercise_id} {fn.__name__}\n{traceback.format_exc(limit=3)}")
                        continue
                    if verdict.passed:
                        stats["false_pass"] += 1
                        print(f"FALSE PASS {exercise_id} {path.name}:{fn.__name__}: {description}\n")
                        continue
                    stats["diagnosed"] += diagnosed(verdict)
                    stats["not_generic"] += not GENERIC.search(verdict.message)
                    if args.verbose or not diagnosed(verdict):
                        tag = "diagnosed" if diagnosed(verdict) else "NO DIAGNOSIS"
                        print(f"{tag} {exercise_id} {fn.__name__}: {description}\n{verdict.text}\n")
    caught = stats["wrong"] - stats["false_pass"]
    print(f"right {stats['right']}, wrong {stats['wrong']}: false passes {stats['false_pass']}, "
          f"false rejections {stats['false_reject']}, crashes {stats['crash']}; "
          f"wrong answers with a diagnosis {stats['diagnosed']}/{caught} "
          f"({100 * stats['diagnosed'] / max(caught, 1):.0f} % of those rejected), "
          f"not the generic line {stats['not_generic']}/{caught}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
