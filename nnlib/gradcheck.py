"""Gradient checking: compare backprop's gradients with finite differences.

The centred difference (f(x + h) - f(x - h)) / (2h) has an error of order h^2,
so in float64 with h = 1e-5 a correct gradient agrees to about 1e-7 or better
in relative terms. (A smaller h is not better: rounding error in f grows like
1e-16 / h, and it shows first on gradient entries close to zero.) Larger disagreements mean a bug in a backward formula.
"""

import numpy as np

from . import _checks
from .tensor import Tensor


def rel_error(a, b):
    """Largest relative difference max |a - b| / max(|a| + |b|, 1e-8), as in CS231n."""
    for name, value in (("a", a), ("b", b)):
        if np.asarray(value).dtype.kind not in "biuf":
            raise TypeError(f"rel_error: {name} must be a number or an array of numbers, got {type(value).__name__}")
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs arrays of the same shape, got {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)), initial=0.0))


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of the scalar function f() with respect to array x.

    f takes no arguments and reads x, which is changed in place one entry at a
    time and restored: (f(x + h e_i) - f(x - h e_i)) / (2h).
    """
    _checks.function("f", f, "numerical_gradient")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        got = type(x).__name__ + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
        raise TypeError(f"numerical_gradient: x must be a floating-point NumPy array that f reads (changed in "
                        f"place), got {got}")
    _checks.number("h", h, "numerical_gradient", low=0, low_open=True)
    grad = np.zeros_like(x, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f())
        x[i] = old - h
        f_minus = float(f())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def gradcheck(fn, inputs, h=1e-5, seed=0):
    """Worst relative error between backprop and finite differences for fn(*inputs).

    fn: takes the tensors in `inputs` and returns a Tensor. A non-scalar output
        is reduced to a scalar with fixed random weights, so every output counts.
    inputs: tensors; those with requires_grad=True are checked. Use float64.

    Returns the largest relative error over all checked inputs (a float); a
    correct backward formula in float64 gives about 1e-7 or less.
    """
    _checks.function("fn", fn, "gradcheck")
    if isinstance(inputs, Tensor) or not isinstance(inputs, (list, tuple)):
        raise TypeError(f"gradcheck: inputs must be a list or tuple of Tensors, e.g. [x, w], got "
                        f"{type(inputs).__name__}")
    _checks.number("h", h, "gradcheck", low=0, low_open=True)
    _checks.seed("seed", seed, "gradcheck")
    inputs = list(inputs)
    checked = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input has requires_grad=True, nothing to check")
    for t in checked:
        if t.dtype != np.float64:
            raise TypeError(f"gradcheck needs float64 inputs for accurate differences, got {t.dtype}")
    out = fn(*inputs)
    if not isinstance(out, Tensor):
        raise TypeError(f"gradcheck: fn must return a Tensor (built from its inputs), got {type(out).__name__}")
    weights = np.random.default_rng(seed).standard_normal(out.shape)

    def scalar():
        return (fn(*inputs).data * weights).sum()

    for t in checked:
        t.grad = None
    (out * Tensor(weights)).sum().backward()
    analytic = [np.zeros_like(t.data) if t.grad is None else t.grad.data.copy() for t in checked]
    worst = 0.0
    for t, g in zip(checked, analytic):
        worst = max(worst, rel_error(g, numerical_gradient(scalar, t.data, h)))
    return worst
