"""Compare what the student's code returned with what nnlib's reference returns.

Every problem becomes one sentence naming the output, the concrete values and what was
expected: None, a wrong number of outputs, a Python list where the reference returns an array, a
wrong shape, an integer dtype where floats are needed, a float dtype other than the input's (where
the exercise keeps it: float32 in, float32 out), NaN or infinity, or values that differ beyond the
tolerance of the dtype used. Correct code is accepted whatever it looks like: loops or vectorised,
a NumPy array, an nnlib or torch Tensor, an int 0 where the answer is exactly 0.
"""

import numpy as np

# (rtol, atol): float32 keeps about 7 significant digits, float64 about 16: a float64 answer must
# agree to 9 digits, so that a float32 step inside it (about 7 digits) shows.
TOLERANCES = {"float32": (2e-4, 1e-5), "float64": (1e-9, 1e-12)}


class Problem(Exception):
    """An output is wrong; str(problem) is the sentence for the verdict.

    kind: "value" (numbers that differ), "shape", "dtype", "type", "nonfinite", or "other".
    """

    def __init__(self, message, kind="other"):
        super().__init__(message)
        self.kind = kind


def short(value, digits=4):
    """A value on one short line: at most 6 numbers of an array, flattened."""
    array = np.asarray(value)
    if array.ndim > 1:
        array = array.ravel()
    if array.dtype.kind in "fc":
        return np.array2string(array, precision=digits, threshold=6, edgeitems=3,
                               max_line_width=10_000, separator=", ")
    return np.array2string(array, threshold=6, edgeitems=3, max_line_width=10_000, separator=", ")


def to_array(value):
    """value as a NumPy array: arrays, numbers, lists, nnlib or torch tensors; None otherwise."""
    try:
        if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch tensor
            value = value.detach().cpu().numpy()
        elif hasattr(value, "numpy") and not isinstance(value, np.ndarray):  # an nnlib Tensor
            value = value.numpy()
        elif isinstance(value, (list, tuple)) and any(hasattr(v, "detach") or hasattr(v, "numpy") for v in value):
            value = [to_array(v) for v in value]  # a list of tensors
            if any(v is None for v in value):
                return None
        array = np.asarray(value)
    except Exception:  # anything that cannot become numbers
        return None
    return array if array.dtype.kind in "biuf" else None


def as_outputs(result, names):
    """The student's result as a tuple with one entry per expected output name."""
    if result is None:
        raise Problem("returned None: is the `return` line missing?")
    if len(names) == 1:
        return (result,)
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        what = f"{len(result)} values" if isinstance(result, (tuple, list)) else f"one {type(result).__name__}"
        raise Problem(f"returned {what}; expected {len(names)} values: return {', '.join(names)}")
    return tuple(result)


def tolerance(dtypes, overrides=None):
    """(rtol, atol) for the least precise of the floating dtypes involved."""
    table = {**TOLERANCES, **{k: v for k, v in (overrides or {}).items() if k in TOLERANCES}}
    kinds = {np.dtype(d).name for d in dtypes if np.dtype(d).kind == "f"}
    return table["float64"] if kinds and kinds <= {"float64"} else table["float32"]


def check_output(name, got, expected, tol, same_dtype=False):
    """Raise Problem with a precise sentence unless got matches expected.

    same_dtype: a float result must have the expected dtype (the input's: float32 stays float32).
    """
    if got is None:
        raise Problem(f"{name} is None: is the `return` line missing?")
    exp = to_array(expected)
    if exp is None:  # not numeric: compare as Python values
        if got != expected:
            raise Problem(f"{name} is {got!r}; expected {expected!r}", "value")
        return
    if isinstance(expected, np.ndarray) and expected.ndim and isinstance(got, (list, tuple)):
        raise Problem(f"{name} is a Python {type(got).__name__}; expected a NumPy array of shape {exp.shape}: "
                      f"return np.array(...) of it", "type")
    arr = to_array(got)
    if arr is None:
        raise Problem(f"{name} is a {type(got).__name__}, not numbers; expected {_describe(exp)}")
    if arr.shape != exp.shape and not (arr.size == exp.size == 1):
        raise Problem(f"{name} has shape {arr.shape}; expected shape {exp.shape}", "shape")
    arr = arr.reshape(exp.shape)
    if exp.dtype.kind == "f" and arr.dtype.kind != "f":
        if arr.dtype.kind in "biu" and np.array_equal(arr, exp):
            return  # an int 0 where the answer is exactly 0.0 is right
        raise Problem(f"{name} has dtype {arr.dtype}; expected floating point numbers "
                      "(an integer array or integer division somewhere?)", "dtype")
    if exp.dtype.kind == "f":
        bad = ~np.isfinite(arr) & np.isfinite(exp)
        if bad.any():
            kind = "nan" if np.isnan(arr[bad]).any() else "inf"
            raise Problem(f"{name} contains {kind} where the right answer is finite "
                          f"(got {short(arr)}, expected {short(exp)})", "nonfinite")
        rtol, atol = tol
        if not np.allclose(arr.astype(np.float64), exp.astype(np.float64), rtol=rtol, atol=atol, equal_nan=True):
            worst = float(np.nanmax(np.abs(arr.astype(np.float64) - exp)))
            raise Problem(f"{name} is {short(arr)}; expected {short(exp)} (largest difference {worst:.3g})",
                          "value")
    elif not np.array_equal(arr, exp):
        raise Problem(f"{name} is {short(arr)}; expected {short(exp)}", "value")
    if same_dtype and exp.dtype.kind == "f" and arr.dtype != exp.dtype:  # right numbers, other dtype
        raise Problem(f"{name} is {arr.dtype} for {exp.dtype} inputs: keep the input's dtype, e.g. "
                      "np.zeros_like(x) or np.zeros(..., dtype=x.dtype), Python floats rather than np.float64 "
                      "numbers, no .astype(np.float64)", "dtype")


def _describe(array):
    return f"an array of shape {array.shape}" if array.ndim else "a number"


def same(a, b, tol=(1e-4, 1e-6), blowups_alike=True):
    """Lenient equality used to match a student's outputs with a known mistake's outputs.

    With blowups_alike, nan, inf and -inf all count as the same "blew up" value: 0 * log(0)
    gives nan where -log(0) gives inf, and both are the same mistake.
    """
    if a is None or b is None:
        return a is b
    x, y = to_array(a), to_array(b)
    if x is None or y is None:
        return a == b if x is None and y is None else False
    if x.shape != y.shape:
        if x.size != y.size or x.size != 1:
            return False
        x = x.reshape(y.shape)
    if x.dtype.kind in "biu" and y.dtype.kind in "biu":
        return bool(np.array_equal(x, y))
    if blowups_alike:
        x, y = x.astype(np.float64), y.astype(np.float64)
        x[~np.isfinite(x)], y[~np.isfinite(y)] = np.nan, np.nan
    return bool(np.allclose(x.astype(np.float64), y.astype(np.float64), rtol=tol[0], atol=tol[1], equal_nan=True))
