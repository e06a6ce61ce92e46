"""Survey: make a few hundred wrong calls across nnlib's public API and classify what happens.

Each case is a call a student might get wrong, plus the words a helpful error message must
contain (normally the name of the argument). Every outcome falls in one class:

    clear      ValueError / TypeError / RuntimeError (OSError for files, IndexError for indices) whose
               message contains those words
    torch      no error, and the result is what torch gives for the same call (e.g. nan
               for the mean of an empty tensor): accepted on purpose
    cryptic    an exception, but another type or a message that does not name the argument
    warning    a warning escaped (the course's tests treat warnings as errors)
    silent     accepted with no word at all: a wrong or meaningless result

Run:  PYTHONPATH=$PWD OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bad_input_survey.py [-v]
(-v lists every case that is not clear or torch-like, with its message).
"""

import argparse
import collections
import contextlib
import io
import sys
import tempfile
import warnings

import matplotlib

matplotlib.use("Agg")
import bad_input_cases as core  # noqa: E402  (this folder is on sys.path when run as a script)
import bad_input_cases_api as api  # noqa: E402
import numpy as np  # noqa: E402


def classify(thunk, words, ok):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = thunk()
        except Exception as e:  # noqa: BLE001 -- the survey looks at every exception
            message = f"{type(e).__name__}: {e}"
            if caught:
                return "warning", f"{caught[0].category.__name__}: {caught[0].message} / then {message}"
            clear = isinstance(e, (ValueError, TypeError, RuntimeError, OSError, IndexError)) and \
                all(w.lower().replace(" ", "") in str(e).lower().replace(" ", "") for w in words)
            return ("clear" if clear else "cryptic"), message
    if caught:
        return "warning", f"{caught[0].category.__name__}: {caught[0].message}"
    if ok is not None:
        try:
            good = bool(ok(result))
        except Exception:  # noqa: BLE001
            good = False
        if good:
            return "torch", f"returned {result!r:.60}"
    return "silent", f"returned {_short(result)}"


def _short(result):
    text = repr(result).replace("\n", " ")
    return text if len(text) < 80 else text[:77] + "..."


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every case that is not clear")
    parser.add_argument("--group", help="only this group")
    args = parser.parse_args()
    quiet = contextlib.redirect_stdout(io.StringIO())  # explorers display their figure outside Jupyter too
    quiet_err = contextlib.redirect_stderr(io.StringIO())  # and fit(progress=...) draws a progress bar
    with tempfile.TemporaryDirectory() as tmp, np.errstate(all="warn"), quiet, quiet_err:
        for make in (core.tensor_cases, core.functional_cases, core.layer_cases, core.loss_cases, core.optim_cases,
                     core.data_cases, api.augment_cases, api.metric_cases, api.train_cases,
                     lambda: api.misc_cases(tmp), api.widget_cases, lambda: api.holdout_cases(tmp)):
            make()
        counts = collections.Counter()
        by_group = collections.defaultdict(collections.Counter)
        lines = []
        for group, label, thunk, words, ok in core.CASES:
            if args.group and group != args.group:
                continue
            outcome, detail = classify(thunk, words, ok)
            counts[outcome] += 1
            by_group[group][outcome] += 1
            if outcome not in ("clear", "torch"):
                lines.append(f"  [{outcome:7}] {group:13} {label:45} {detail[:160]}")
    if args.verbose:
        print("\n".join(lines) + "\n")
    kinds = ["clear", "torch", "cryptic", "warning", "silent"]
    total = sum(counts.values())
    print(f"{'group':14}" + "".join(f"{k:>9}" for k in kinds) + f"{'total':>8}")
    for group, c in by_group.items():
        print(f"{group:14}" + "".join(f"{c[k]:9d}" for k in kinds) + f"{sum(c.values()):8d}")
    print(f"{'all':14}" + "".join(f"{counts[k]:9d}" for k in kinds) + f"{total:8d}")
    good = counts["clear"] + counts["torch"]
    print(f"\n{good} of {total} wrong calls ({100 * good / total:.0f}%) get a clear error or torch's result.")
    held = by_group.get("holdout")
    if held:
        print(f"held-out group (written after the fixes): {held['clear'] + held['torch']} of {sum(held.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
